package org.musicgan.melody.events;

/**
 * A sequence that cannot be quantised as note_seq requires: a tempo or time-signature change, a bad
 * time signature, or a negative time. Magenta's pipeline counts and skips such sequences.
 */
public class QuantizationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why quantisation failed. */
  public enum Kind {
    /** More than one tempo. */
    MULTIPLE_TEMPO,
    /** More than one time signature. */
    MULTIPLE_TIME_SIGNATURE,
    /** Numerator 0 or a denominator that is not a power of two. */
    BAD_TIME_SIGNATURE,
    /** A note before time 0. */
    NEGATIVE_TIME,
    /** Steps per bar is not an integer. */
    NON_INTEGER_STEPS_PER_BAR
  }

  private final Kind kind;

  /** Creates the exception. */
  public QuantizationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Why quantisation failed. */
  public Kind kind() {
    return kind;
  }
}
