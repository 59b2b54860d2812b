package org.musicgan.melody.events;

import java.io.IOException;

/** A MIDI file that cannot be read; the message names the file and the problem. */
public class InvalidMidiFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidMidiFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
