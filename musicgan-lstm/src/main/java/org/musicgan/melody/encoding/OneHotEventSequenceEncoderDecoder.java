package org.musicgan.melody.encoding;

import org.musicgan.melody.events.Melody;

/** basic_rnn's encoder: the one-hot of the current event in, its class out. */
public final class OneHotEventSequenceEncoderDecoder extends EventSequenceEncoderDecoder {
  private final OneHotEncoding encoding;

  /** Wraps a one-hot encoding. */
  public OneHotEventSequenceEncoderDecoder(OneHotEncoding encoding) {
    this.encoding = encoding;
  }

  @Override
  public int inputSize() {
    return encoding.numClasses();
  }

  @Override
  public int numClasses() {
    return encoding.numClasses();
  }

  @Override
  public int defaultEventLabel() {
    return encoding.encodeEvent(encoding.defaultEvent());
  }

  @Override
  public float[] eventsToInput(Melody events, int position) {
    float[] input = new float[inputSize()];
    input[encoding.encodeEvent(events.get(position))] = 1f;
    return input;
  }

  @Override
  public int eventsToLabel(Melody events, int position) {
    return encoding.encodeEvent(events.get(position));
  }

  @Override
  public int classIndexToEvent(int classIndex, Melody events) {
    return encoding.decodeEvent(classIndex);
  }
}
