package org.musicgan.melody.encoding;

/** Maps events to class indices and back (note_seq's {@code OneHotEncoding}). */
public interface OneHotEncoding {
  /** Number of classes. */
  int numClasses();

  /** The event used for padding and out-of-range look-backs. */
  int defaultEvent();

  /**
   * The class of an event.
   *
   * @throws IllegalArgumentException if the event cannot be encoded
   */
  int encodeEvent(int event);

  /** The event of a class. */
  int decodeEvent(int index);
}
