package org.musicgan.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Audio data that cannot be read: a corrupt, truncated or unsupported file, or bytes that are not
 * audio at all. The message names the source and says what was wrong.
 */
public class InvalidAudioException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param source the file (or stream description) that was being read
   * @param problem what was wrong, in words
   */
  public InvalidAudioException(String source, String problem) {
    this(source, problem, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param source the file (or stream description) that was being read
   * @param problem what was wrong, in words
   * @param cause the underlying error
   */
  public InvalidAudioException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.problem = problem;
  }

  /** Convenience constructor naming a file. */
  public InvalidAudioException(Path file, String problem) {
    this(String.valueOf(file), problem, null);
  }

  /** Returns the file or stream that was being read. */
  public String source() {
    return source;
  }

  /** Returns what was wrong. */
  public String problem() {
    return problem;
  }
}
