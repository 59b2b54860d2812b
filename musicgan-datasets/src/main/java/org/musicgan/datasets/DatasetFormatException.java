package org.musicgan.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file that does not have the expected format. The message names the file, the line
 * (1-based, when known) and what was wrong: {@code musicnet_metadata.csv:12: seconds is not an
 * integer: "abc"}.
 */
public class DatasetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  /**
   * Creates the exception.
   *
   * @param file the file
   * @param line 1-based line number, or 0 if not about one line
   * @param problem what was wrong
   */
  public DatasetFormatException(Path file, long line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The 1-based line, or 0. */
  public long line() {
    return line;
  }
}
