package org.musicgan.melody.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.musicgan.melody.encoding.EventSequenceEncoderDecoder;
import org.musicgan.melody.events.Melody;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Magenta's stochastic beam search ({@code magenta/common/beam_search.py}): keep {@code beamSize}
 * melodies, branch each {@code branchFactor} times, extend every branch by sampling for {@code
 * stepsPerIteration} steps (the first iteration takes the remainder), accumulate the log
 * probability of each sampled event, prune to the best {@code beamSize}, and return the best
 * melody. All branches run as one batch through the network; pruning reorders the LSTM state rows.
 * With all three settings 1 it is plain sampling.
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
    net.rnnClearPreviousState();
    INDArray out =
        net.rnnTimeStep(
            MelodyRnnModel.inputs(encoder.getInputsBatch(List.of(primer), true).get(0)));
    float[][] last = {lastStep(out, 0)};
    // every beam starts as the primer: one network row, referenced beamSize times
    List<Melody> melodies = new ArrayList<>();
    double[] scores = new double[beamSize];
    int[] rows = new int[beamSize];
    for (int b = 0; b < beamSize; b++) {
      melodies.add(primer.copy());
    }
    int first = (steps - 1) % stepsPerIteration + 1;
    int done = 0;
    boolean firstIteration = true;
    while (done < steps) {
      int todo = firstIteration ? first : stepsPerIteration;
      if (!firstIteration) {
        Integer[] order = IntStream.range(0, melodies.size()).boxed().toArray(Integer[]::new);
        double[] s = scores;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]));
        int keep = Math.min(beamSize, order.length);
        List<Melody> kept = new ArrayList<>();
        double[] keptScores = new double[keep];
        int[] keptRows = new int[keep];
        for (int k = 0; k < keep; k++) {
          kept.add(melodies.get(order[k]));
          keptScores[k] = scores[order[k]];
          keptRows[k] = order[k];
        }
        melodies = kept;
        scores = keptScores;
        rows = keptRows;
      }
      // branch: each entry branchFactor times
      int n = melodies.size() * branchFactor;
      List<Melody> branched = new ArrayList<>(n);
      double[] branchedScores = new double[n];
      int[] branchedRows = new int[n];
      for (int i = 0; i < melodies.size(); i++) {
        for (int f = 0; f < branchFactor; f++) {
          branched.add(branchFactor > 1 ? melodies.get(i).copy() : melodies.get(i));
          branchedScores[i * branchFactor + f] = scores[i];
          branchedRows[i * branchFactor + f] = rows[i];
        }
      }
      melodies = branched;
      scores = branchedScores;
      last = gather(net, last, branchedRows);
      for (int s = 0; s < todo; s++) {
        float[][] probs = new float[n][];
        for (int i = 0; i < n; i++) {
          probs[i] = MelodyRnnModel.tempered(last[i], temperature);
        }
        int[] chosen = encoder.extendEventSequences(melodies, probs, rng);
        for (int i = 0; i < n; i++) {
          scores[i] += Math.log(Math.max(probs[i][chosen[i]], 1e-30));
        }
        if (done + s + 1 == steps) {
          break;
        }
        List<float[]> batch = new ArrayList<>(n);
        for (Melody m : melodies) {
          batch.add(encoder.eventsToInput(m, m.length() - 1));
        }
        INDArray o = net.rnnTimeStep(batchInputs(batch));
        last = new float[n][];
        for (int i = 0; i < n; i++) {
          last[i] = lastStep(o, i);
        }
      }
      rows = IntStream.range(0, n).toArray();
      done += todo;
      firstIteration = false;
    }
    int best = 0;
    for (int i = 1; i < melodies.size(); i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    net.rnnClearPreviousState();
    return melodies.get(best);
  }

  /** Reorders the network's LSTM state rows and the last outputs to {@code rows}. */
  private static float[][] gather(MultiLayerNetwork net, float[][] last, int[] rows) {
    for (int l = 0; l < net.getnLayers(); l++) {
      if (!(net.getLayer(l) instanceof org.deeplearning4j.nn.api.layers.RecurrentLayer)) {
        continue;
      }
      Map<String, INDArray> state = net.rnnGetPreviousState(l);
      if (state == null || state.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, INDArray> e : state.entrySet()) {
        e.setValue(Nd4j.pullRows(e.getValue(), 1, rows));
      }
      net.rnnSetPreviousState(l, state);
    }
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = last[rows[i]];
    }
    return out;
  }

  private static float[] lastStep(INDArray out, int row) {
    return out.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1))
        .toFloatVector();
  }

  private static INDArray batchInputs(List<float[]> rows) {
    int n = rows.size();
    int size = rows.get(0).length;
    float[] data = new float[n * size];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, data, i * size, size);
    }
    return Nd4j.create(data, new long[] {n, size, 1}, 'c');
  }
}
