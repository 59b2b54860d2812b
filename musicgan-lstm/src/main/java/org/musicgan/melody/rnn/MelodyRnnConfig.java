package org.musicgan.melody.rnn;

import java.util.List;
import org.musicgan.melody.encoding.EventSequenceEncoderDecoder;
import org.musicgan.melody.encoding.KeyMelodyEncoderDecoder;
import org.musicgan.melody.encoding.LookbackEventSequenceEncoderDecoder;
import org.musicgan.melody.encoding.MelodyOneHotEncoding;
import org.musicgan.melody.encoding.OneHotEventSequenceEncoderDecoder;

/**
 * A melody RNN configuration: Magenta's {@code MelodyRnnConfig} with its hyperparameters. The
 * presets differ only in encoder and numbers, as in Magenta's {@code default_configs}.
 *
 * @param name the configuration's name
 * @param encoder which event encoder
 * @param minNote lowest pitch (inclusive)
 * @param maxNote highest pitch (exclusive)
 * @param transposeToKey key melodies are transposed to (0 = C), or null for none
 * @param batchSize training batch size
 * @param rnnLayerSizes LSTM layer widths
 * @param dropoutKeepProb probability of keeping a layer output during training
 * @param attnLength attention window in steps (0 = none)
 * @param clipNorm per-parameter gradient L2-norm clip
 * @param learningRate Adam learning rate
 * @param stepsPerQuarter quantisation resolution
 */
public record MelodyRnnConfig(
    String name,
    Encoder encoder,
    int minNote,
    int maxNote,
    Integer transposeToKey,
    int batchSize,
    List<Integer> rnnLayerSizes,
    double dropoutKeepProb,
    int attnLength,
    double clipNorm,
    double learningRate,
    int stepsPerQuarter) {

  /** The event encoders Magenta's melody configs use. */
  public enum Encoder {
    /** {@link OneHotEventSequenceEncoderDecoder} over {@link MelodyOneHotEncoding}. */
    ONE_HOT,
    /** {@link LookbackEventSequenceEncoderDecoder} over {@link MelodyOneHotEncoding}. */
    LOOKBACK,
    /** {@link KeyMelodyEncoderDecoder}. */
    KEY
  }

  /** basic_rnn: one-hot 48..83, 2x128 LSTM, keep 0.5, clip 5, batch 128, Adam 0.001. */
  public static final MelodyRnnConfig BASIC_RNN =
      new MelodyRnnConfig(
          "basic_rnn", Encoder.ONE_HOT, 48, 84, 0, 128, List.of(128, 128), 0.5, 0, 5, 0.001, 4);

  /** mono_rnn: one-hot over all 128 pitches, no transposition; otherwise as basic_rnn. */
  public static final MelodyRnnConfig MONO_RNN =
      new MelodyRnnConfig(
          "mono_rnn", Encoder.ONE_HOT, 0, 128, null, 128, List.of(128, 128), 0.5, 0, 5, 0.001, 4);

  /** lookback_rnn: look-back encoder (121 inputs, 40 classes); otherwise as basic_rnn. */
  public static final MelodyRnnConfig LOOKBACK_RNN =
      new MelodyRnnConfig(
          "lookback_rnn", Encoder.LOOKBACK, 48, 84, 0, 128, List.of(128, 128), 0.5, 0, 5, 0.001, 4);

  /**
   * attention_rnn: the key-melody encoder (74 inputs, 40 classes), 2x128 LSTM with Magenta's
   * attention cell (window 40) around the first layer, clip 3; otherwise as basic_rnn.
   */
  public static final MelodyRnnConfig ATTENTION_RNN =
      new MelodyRnnConfig(
          "attention_rnn", Encoder.KEY, 48, 84, 0, 128, List.of(128, 128), 0.5, 40, 3, 0.001, 4);

  /** Validates the fields, naming the one that is wrong. */
  public MelodyRnnConfig {
    if (minNote < 0) {
      throw new IllegalArgumentException("minNote must be >= 0, found " + minNote);
    }
    if (maxNote > 128) {
      throw new IllegalArgumentException("maxNote must be <= 128, found " + maxNote);
    }
    if (maxNote - minNote < 12) {
      throw new IllegalArgumentException(
          "maxNote - minNote must be >= 12, found " + (maxNote - minNote));
    }
    if (transposeToKey != null && (transposeToKey < 0 || transposeToKey > 11)) {
      throw new IllegalArgumentException(
          "transposeToKey must be null or 0..11, found " + transposeToKey);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
    }
    rnnLayerSizes = List.copyOf(rnnLayerSizes);
    if (rnnLayerSizes.isEmpty() || rnnLayerSizes.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("rnnLayerSizes must be positive, found " + rnnLayerSizes);
    }
    if (!(dropoutKeepProb > 0 && dropoutKeepProb <= 1)) {
      throw new IllegalArgumentException(
          "dropoutKeepProb must be in (0, 1], found " + dropoutKeepProb);
    }
    if (attnLength < 0) {
      throw new IllegalArgumentException("attnLength must be >= 0, found " + attnLength);
    }
    if (!(clipNorm > 0) || !(learningRate > 0) || stepsPerQuarter < 1) {
      throw new IllegalArgumentException("clipNorm, learningRate and stepsPerQuarter must be > 0");
    }
  }

  /** The named presets. */
  public static List<MelodyRnnConfig> presets() {
    return List.of(BASIC_RNN, MONO_RNN, LOOKBACK_RNN, ATTENTION_RNN);
  }

  /** Finds a preset by name. */
  public static MelodyRnnConfig byName(String name) {
    for (MelodyRnnConfig c : presets()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown melody config '"
            + name
            + "'; known: basic_rnn, mono_rnn, lookback_rnn, attention_rnn");
  }

  /** Creates this configuration's encoder. */
  public EventSequenceEncoderDecoder createEncoder() {
    return switch (encoder) {
      case ONE_HOT ->
          new OneHotEventSequenceEncoderDecoder(new MelodyOneHotEncoding(minNote, maxNote));
      case LOOKBACK ->
          new LookbackEventSequenceEncoderDecoder(new MelodyOneHotEncoding(minNote, maxNote));
      case KEY -> new KeyMelodyEncoderDecoder(minNote, maxNote);
    };
  }

  /** A copy with other training numbers (for small experiments and tests). */
  public MelodyRnnConfig withTraining(int newBatchSize, List<Integer> newLayerSizes) {
    return new MelodyRnnConfig(
        name,
        encoder,
        minNote,
        maxNote,
        transposeToKey,
        newBatchSize,
        newLayerSizes,
        dropoutKeepProb,
        attnLength,
        clipNorm,
        learningRate,
        stepsPerQuarter);
  }
}
