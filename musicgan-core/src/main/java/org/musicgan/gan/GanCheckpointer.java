package org.musicgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;

/**
 * Writes the training state to a bundle file every {@code every} steps and at the end (atomically:
 * an interrupted run leaves the previous checkpoint intact). Resume with {@link
 * GanBundle#load}{@code .trainer()}.
 */
public final class GanCheckpointer implements StackGanTrainer.Listener {
  private final Path file;
  private final int every;
  private final RepresentationPreset preset;
  private final Normalizer normalizer;
  private final FeatureSchema schema;
  private final GanBundle.Provenance provenance;
  private long lastWritten = -1;

  /**
   * Creates the checkpointer.
   *
   * @param file the bundle file
   * @param every write every this many steps
   * @param preset the representation preset trained on
   * @param normalizer the data normaliser
   * @param schema the condition features
   * @param provenance data description and license
   */
  public GanCheckpointer(
      Path file,
      int every,
      RepresentationPreset preset,
      Normalizer normalizer,
      FeatureSchema schema,
      GanBundle.Provenance provenance) {
    this.file = file;
    this.every = Math.max(1, every);
    this.preset = preset;
    this.normalizer = normalizer;
    this.schema = schema;
    this.provenance = provenance;
  }

  @Override
  public void onStep(StackGanTrainer trainer, StepStats s) {
    if ((s.step() + 1) % every == 0) {
      write(trainer);
    }
  }

  @Override
  public void onEnd(StackGanTrainer trainer) {
    write(trainer);
  }

  private void write(StackGanTrainer trainer) {
    if (trainer.steps() == lastWritten) {
      return;
    }
    lastWritten = trainer.steps();
    try {
      GanBundle.save(file, trainer, preset, normalizer, schema, provenance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
