package org.musicgan.melody.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.musicgan.melody.events.Melody;

/**
 * Turns a melody into model inputs and labels, and model outputs back into events (note_seq's
 * {@code EventSequenceEncoderDecoder}). The input at step {@code i} is trained to predict the label
 * of the event at step {@code i + 1}.
 */
public abstract class EventSequenceEncoderDecoder {

  /** Width of one input vector. */
  public abstract int inputSize();

  /** Number of output classes. */
  public abstract int numClasses();

  /** Label of the padding event. */
  public abstract int defaultEventLabel();

  /** The input vector for the event at {@code position}. */
  public abstract float[] eventsToInput(Melody events, int position);

  /** The label for the event at {@code position}. */
  public abstract int eventsToLabel(Melody events, int position);

  /** The event a class stands for, given the events so far (look-back classes need them). */
  public abstract int classIndexToEvent(int classIndex, Melody events);

  /** Inputs and labels for training. */
  public record Encoded(List<float[]> inputs, int[] labels) {}

  /** {@code inputs[i] = eventsToInput(i)}, {@code labels[i] = eventsToLabel(i + 1)}. */
  public Encoded encode(Melody events) {
    int n = Math.max(0, events.length() - 1);
    List<float[]> inputs = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      inputs.add(eventsToInput(events, i));
      labels[i] = eventsToLabel(events, i + 1);
    }
    return new Encoded(inputs, labels);
  }

  /**
   * Inputs for generation: every event's input if {@code fullLength}, else only the last event's.
   */
  public List<List<float[]>> getInputsBatch(List<Melody> sequences, boolean fullLength) {
    List<List<float[]>> batch = new ArrayList<>();
    for (Melody m : sequences) {
      List<float[]> inputs = new ArrayList<>();
      if (fullLength) {
        for (int i = 0; i < m.length(); i++) {
          inputs.add(eventsToInput(m, i));
        }
      } else {
        inputs.add(eventsToInput(m, m.length() - 1));
      }
      batch.add(inputs);
    }
    return batch;
  }

  /**
   * Samples one event per sequence from the last step's softmax and appends it.
   *
   * @param sequences the melodies, extended in place
   * @param lastSoftmax per sequence, the class probabilities of the last step
   * @param rng the random source
   * @return the chosen class index per sequence
   */
  public int[] extendEventSequences(
      List<Melody> sequences, float[][] lastSoftmax, RandomGenerator rng) {
    int[] chosen = new int[sequences.size()];
    for (int i = 0; i < sequences.size(); i++) {
      chosen[i] = sample(lastSoftmax[i], rng);
      Melody m = sequences.get(i);
      m.append(classIndexToEvent(chosen[i], m));
    }
    return chosen;
  }

  /** Draws a class from a probability vector (sum close to 1). */
  static int sample(float[] p, RandomGenerator rng) {
    double total = 0;
    for (float v : p) {
      total += v;
    }
    double u = rng.nextDouble() * total;
    double acc = 0;
    for (int c = 0; c < p.length; c++) {
      acc += p[c];
      if (u < acc) {
        return c;
      }
    }
    for (int c = p.length - 1; c >= 0; c--) {
      if (p[c] > 0) {
        return c;
      }
    }
    return p.length - 1;
  }

  /**
   * Sum of log-probabilities of the last {@code softmax.length} events of a melody under the given
   * per-step softmax outputs: {@code softmax[i]} predicts the event at {@code length -
   * softmax.length + i}.
   */
  public double evaluateLogLikelihood(Melody events, float[][] softmax) {
    double ll = 0;
    int offset = events.length() - softmax.length;
    for (int i = 0; i < softmax.length; i++) {
      int label = eventsToLabel(events, offset + i);
      ll += Math.log(softmax[i][label]);
    }
    return ll;
  }
}
