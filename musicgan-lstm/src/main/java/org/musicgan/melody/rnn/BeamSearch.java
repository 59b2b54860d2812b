package org.musicgan.melody.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.musicgan.melody.encoding.EventSequenceEncoderDecoder;
import org.musicgan.melody.events.Melody;

/**
 * Magenta's stochastic beam search ({@code magenta/common/beam_search.py}): keep {@code beamSize}
 * melodies, branch each {@code branchFactor} times, extend every branch by sampling for {@code
 * stepsPerIteration} steps (the first iteration takes the remainder), accumulate the log
 * probability of each sampled event, prune to the best {@code beamSize}, and return the best
 * melody. Each branch keeps its own {@link FastLstmStepper} state, copied when a branch splits; all
 * branches advance together, one batched step per event. With all three settings 1 it is plain
 * sampling.
 */
final class BeamSearch {
  private BeamSearch() {}

  /**
   * Generates from an already squashed primer.
   *
   * @param steps events to add
   */
  static Melody run(
      MultiLayerNetwork net,
      EventSequenceEncoderDecoder encoder,
      Melody primer,
      int steps,
      double temperature,
      int beamSize,
      int branchFactor,
      int stepsPerIteration,
      RandomGenerator rng) {
    FastLstmStepper stepper = new FastLstmStepper(net);
    FastLstmStepper.State primed = stepper.newState();
    float[] last = null;
    for (float[] x : encoder.getInputsBatch(List.of(primer), true).get(0)) {
      last = stepper.step(primed, x);
    }
    // every beam starts as the primer
    List<Melody> melodies = new ArrayList<>();
    List<FastLstmStepper.State> states = new ArrayList<>();
    List<float[]> outputs = new ArrayList<>();
    double[] scores = new double[beamSize];
    for (int b = 0; b < beamSize; b++) {
      melodies.add(primer.copy());
      states.add(primed.copy());
      outputs.add(last);
    }
    int first = (steps - 1) % stepsPerIteration + 1;
    int done = 0;
    boolean firstIteration = true;
    while (done < steps) {
      int todo = firstIteration ? first : stepsPerIteration;
      int[] keep = IntStream.range(0, melodies.size()).toArray();
      if (!firstIteration) {
        Integer[] order = IntStream.range(0, melodies.size()).boxed().toArray(Integer[]::new);
        double[] s = scores;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]));
        keep = Arrays.stream(order).limit(beamSize).mapToInt(Integer::intValue).toArray();
      }
      // branch: each kept entry branchFactor times (copies only when branching)
      int n = keep.length * branchFactor;
      List<Melody> nextMelodies = new ArrayList<>(n);
      List<FastLstmStepper.State> nextStates = new ArrayList<>(n);
      List<float[]> nextOutputs = new ArrayList<>(n);
      double[] nextScores = new double[n];
      for (int i = 0; i < keep.length; i++) {
        for (int f = 0; f < branchFactor; f++) {
          boolean copy = branchFactor > 1;
          nextMelodies.add(copy ? melodies.get(keep[i]).copy() : melodies.get(keep[i]));
          nextStates.add(copy ? states.get(keep[i]).copy() : states.get(keep[i]));
          nextOutputs.add(outputs.get(keep[i]));
          nextScores[i * branchFactor + f] = scores[keep[i]];
        }
      }
      melodies = nextMelodies;
      states = nextStates;
      outputs = nextOutputs;
      scores = nextScores;
      for (int s = 0; s < todo; s++) {
        float[][] probs = new float[n][];
        for (int i = 0; i < n; i++) {
          probs[i] = MelodyRnnModel.tempered(outputs.get(i), temperature);
        }
        int[] chosen = encoder.extendEventSequences(melodies, probs, rng);
        for (int i = 0; i < n; i++) {
          scores[i] += Math.log(Math.max(probs[i][chosen[i]], 1e-30));
        }
        if (done + s + 1 == steps) {
          break;
        }
        float[][] inputs = new float[n][];
        for (int i = 0; i < n; i++) {
          Melody m = melodies.get(i);
          inputs[i] = encoder.eventsToInput(m, m.length() - 1);
        }
        float[][] next = stepper.step(states.toArray(FastLstmStepper.State[]::new), inputs);
        for (int i = 0; i < n; i++) {
          outputs.set(i, next[i]);
        }
      }
      done += todo;
      firstIteration = false;
    }
    int best = 0;
    for (int i = 1; i < melodies.size(); i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return melodies.get(best);
  }
}
