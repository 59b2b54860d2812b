package org.musicgan.melody.encoding;

import org.musicgan.melody.events.Melody;

/**
 * lookback_rnn's encoder (note_seq's {@code LookbackEventSequenceEncoderDecoder}). Input: the
 * current event's one-hot, for each look-back distance the one-hot of the event that would come
 * next if the melody repeated, binary step counters (±1, least significant bit first) and repeat
 * flags. Output classes: the encoding's classes plus one "repeat" class per look-back.
 */
public final class LookbackEventSequenceEncoderDecoder extends EventSequenceEncoderDecoder {
  /** One and two bars at 16 steps per bar, whatever the time signature (as note_seq). */
  public static final int[] DEFAULT_LOOKBACK_DISTANCES = {16, 32};

  private final OneHotEncoding encoding;
  private final int[] lookbacks;
  private final int bits;

  /** With the default look-backs (16, 32) and 5 counter bits. */
  public LookbackEventSequenceEncoderDecoder(OneHotEncoding encoding) {
    this(encoding, DEFAULT_LOOKBACK_DISTANCES, 5);
  }

  /**
   * Creates the encoder.
   *
   * @param encoding event ↔ class mapping
   * @param lookbackDistances look-back distances in steps, ascending
   * @param binaryCounterBits number of counter inputs
   */
  public LookbackEventSequenceEncoderDecoder(
      OneHotEncoding encoding, int[] lookbackDistances, int binaryCounterBits) {
    this.encoding = encoding;
    this.lookbacks = lookbackDistances.clone();
    this.bits = binaryCounterBits;
  }

  @Override
  public int inputSize() {
    int c = encoding.numClasses();
    return c + lookbacks.length * c + bits + lookbacks.length;
  }

  @Override
  public int numClasses() {
    return encoding.numClasses() + lookbacks.length;
  }

  @Override
  public int defaultEventLabel() {
    return encoding.encodeEvent(encoding.defaultEvent());
  }

  @Override
  public float[] eventsToInput(Melody events, int position) {
    float[] input = new float[inputSize()];
    int c = encoding.numClasses();
    input[encoding.encodeEvent(events.get(position))] = 1f;
    int offset = c;
    for (int d : lookbacks) {
      int p = position - d + 1;
      int event = p < 0 ? encoding.defaultEvent() : events.get(p);
      input[offset + encoding.encodeEvent(event)] = 1f;
      offset += c;
    }
    int n = position + 1;
    for (int i = 0; i < bits; i++) {
      input[offset++] = ((n >> i) & 1) == 1 ? 1f : -1f;
    }
    for (int d : lookbacks) {
      int p = position - d;
      if (p >= 0 && events.get(position) == events.get(p)) {
        input[offset] = 1f;
      }
      offset++;
    }
    return input;
  }

  @Override
  public int eventsToLabel(Melody events, int position) {
    int c = encoding.numClasses();
    int event = events.get(position);
    if (lookbacks.length > 0
        && position < lookbacks[lookbacks.length - 1]
        && event == encoding.defaultEvent()) {
      return c + lookbacks.length - 1;
    }
    for (int i = lookbacks.length - 1; i >= 0; i--) {
      int p = position - lookbacks[i];
      if (p >= 0 && event == events.get(p)) {
        return c + i;
      }
    }
    return encoding.encodeEvent(event);
  }

  @Override
  public int classIndexToEvent(int classIndex, Melody events) {
    int c = encoding.numClasses();
    for (int i = lookbacks.length - 1; i >= 0; i--) {
      if (classIndex == c + i) {
        return events.length() < lookbacks[i] ? encoding.defaultEvent() : events.get(-lookbacks[i]);
      }
    }
    return encoding.decodeEvent(classIndex);
  }
}
