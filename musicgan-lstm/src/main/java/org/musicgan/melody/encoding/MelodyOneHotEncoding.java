package org.musicgan.melody.encoding;

import static org.musicgan.melody.events.MelodyConstants.MELODY_NO_EVENT;

/**
 * note_seq's {@code MelodyOneHotEncoding}: class 0 = no event, 1 = note-off, {@code 2 + p -
 * minNote} = pitch {@code p} in {@code [minNote, maxNote)}.
 */
public final class MelodyOneHotEncoding implements OneHotEncoding {
  private static final int NUM_SPECIAL_MELODY_EVENTS = 2;
  private final int minNote;
  private final int maxNote;

  /**
   * Creates the encoding for pitches {@code [minNote, maxNote)}.
   *
   * @throws IllegalArgumentException if {@code minNote < 0}, {@code maxNote > 128} or the range is
   *     empty
   */
  public MelodyOneHotEncoding(int minNote, int maxNote) {
    if (minNote < 0) {
      throw new IllegalArgumentException("minNote must be >= 0, found " + minNote);
    }
    if (maxNote > 128) {
      throw new IllegalArgumentException("maxNote must be <= 128, found " + maxNote);
    }
    if (maxNote <= minNote) {
      throw new IllegalArgumentException(
          "maxNote must be > minNote, found " + minNote + ".." + maxNote);
    }
    this.minNote = minNote;
    this.maxNote = maxNote;
  }

  /** Lowest pitch. */
  public int minNote() {
    return minNote;
  }

  /** One past the highest pitch. */
  public int maxNote() {
    return maxNote;
  }

  @Override
  public int numClasses() {
    return maxNote - minNote + NUM_SPECIAL_MELODY_EVENTS;
  }

  @Override
  public int defaultEvent() {
    return MELODY_NO_EVENT;
  }

  @Override
  public int encodeEvent(int event) {
    if (event < -NUM_SPECIAL_MELODY_EVENTS) {
      throw new IllegalArgumentException("invalid melody event value: " + event);
    }
    if (event >= 0 && event < minNote) {
      throw new IllegalArgumentException("melody event less than min note: " + event);
    }
    if (event >= maxNote) {
      throw new IllegalArgumentException("melody event greater than max note: " + event);
    }
    return event < 0
        ? event + NUM_SPECIAL_MELODY_EVENTS
        : event - minNote + NUM_SPECIAL_MELODY_EVENTS;
  }

  @Override
  public int decodeEvent(int index) {
    return index < NUM_SPECIAL_MELODY_EVENTS
        ? index - NUM_SPECIAL_MELODY_EVENTS
        : index - NUM_SPECIAL_MELODY_EVENTS + minNote;
  }
}
