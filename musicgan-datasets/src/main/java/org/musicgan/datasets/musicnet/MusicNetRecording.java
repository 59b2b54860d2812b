package org.musicgan.datasets.musicnet;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One MusicNet recording: where its audio and labels are, its split and its metadata row.
 *
 * @param id the recording id (e.g. 1727)
 * @param split train or test
 * @param audio {@code <root>/<split>_data/<id>.wav}
 * @param labels {@code <root>/<split>_labels/<id>.csv}
 * @param metadata its row of {@code musicnet_metadata.csv}, if present
 */
public record MusicNetRecording(
    int id, Split split, Path audio, Path labels, Optional<MusicNetMetadata> metadata) {

  /** MusicNet's two splits. */
  public enum Split {
    /** {@code train_data} / {@code train_labels}. */
    TRAIN,
    /** {@code test_data} / {@code test_labels}. */
    TEST;

    /** The folder prefix: {@code train} or {@code test}. */
    public String folderPrefix() {
      return this == TRAIN ? "train" : "test";
    }
  }
}
