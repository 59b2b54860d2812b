package org.musicgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.plot.SpectrogramPlot;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;

/**
 * Every {@code every} steps (and at the end) generates one clip per condition of a fixed grid with
 * a fixed seed and writes {@code step-000500/<label>.wav} and {@code .png} (the generated
 * representation as a picture) into a folder, so progress can be heard and seen.
 */
public final class GanSampler implements StackGanTrainer.Listener {
  private final Path folder;
  private final int every;
  private final AudioRepresentation representation;
  private final Normalizer normalizer;
  private final List<float[]> conditions;
  private final List<String> labels;
  private final long seed;
  private long lastWritten = -1;

  /**
   * Creates the sampler.
   *
   * @param folder output folder
   * @param every sample every this many steps
   * @param representation decodes tensors to audio
   * @param normalizer maps the generator's [-1, 1] output back to the representation's range
   * @param conditions the condition grid
   * @param labels a file-name-safe label per condition
   * @param seed noise seed (the same for every sampling, so pictures compare across steps)
   */
  public GanSampler(
      Path folder,
      int every,
      AudioRepresentation representation,
      Normalizer normalizer,
      List<float[]> conditions,
      List<String> labels,
      long seed) {
    if (conditions.size() != labels.size() || conditions.isEmpty()) {
      throw new IllegalArgumentException("need one label per condition (and at least one)");
    }
    for (String l : labels) {
      if (!l.matches("[A-Za-z0-9_.=-]+")) {
        throw new IllegalArgumentException("label is not file-name safe: '" + l + "'");
      }
    }
    this.folder = folder;
    this.every = Math.max(1, every);
    this.representation = representation;
    this.normalizer = normalizer;
    this.conditions = List.copyOf(conditions);
    this.labels = List.copyOf(labels);
    this.seed = seed;
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
    Path dir = folder.resolve(String.format(Locale.ROOT, "step-%06d", trainer.steps()));
    try {
      Files.createDirectories(dir);
      float[][][][] t = StackGanGenerator.tensors(trainer, conditions, seed, labels.toString());
      for (int i = 0; i < t.length; i++) {
        float[][][] denorm = normalizer.denormalize(t[i]);
        AudioClip clip = representation.decode(denorm);
        AudioFiles.writeWav(clip, dir.resolve(labels.get(i) + ".wav"), WavEncoding.PCM_16);
        SpectrogramPlot.writePng(representation, denorm, dir.resolve(labels.get(i) + ".png"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
