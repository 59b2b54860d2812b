package org.musicgan.audio.render;

import java.io.IOException;

/**
 * Rendering MIDI failed: a SoundFont or MIDI file that cannot be used (the message names it and
 * says why), or a JVM that does not let the renderer reach the JDK's synthesizer.
 */
public class MidiRenderException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public MidiRenderException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public MidiRenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
