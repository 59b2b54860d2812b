package org.musicgan.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.gan.StackGanTrainer;

/**
 * Beyond the seed: log magnitude and instantaneous frequency (GANSynth's representation) as
 * 64×64×2, the representation the pitch-accuracy experiment of musicgan-core uses.
 *
 * <p>Trains the small Stage I preset for 300 steps (about five minutes on 2 CPU cores with {@code
 * OMP_NUM_THREADS=1}) on single notes rendered with the SoundFont, and writes the model, loss plot
 * and WAV/PNG samples to {@code runs/log-magnitude-if}. Any {@link TrainNoteGan} option may follow
 * and overrides these defaults, e.g. {@code --steps 4000}.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.LogMagnitudeIfGan [options]
 * </pre>
 */
public final class LogMagnitudeIfGan {
  private LogMagnitudeIfGan() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    StackGanTrainer.FitResult r = runExample(args);
    System.out.printf(
        "LogMagnitudeIfGan: %d steps; model, loss plot and samples in %s%n",
        r.steps(), "runs/log-magnitude-if");
  }

  /** Trains with this approach's preset; {@code args} override the defaults. */
  public static StackGanTrainer.FitResult runExample(String[] args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--preset",
                "log-magnitude-if/stage-i",
                "--steps",
                "300",
                "--out",
                "runs/log-magnitude-if"));
    all.addAll(List.of(args));
    return TrainNoteGan.runExample(all.toArray(String[]::new));
  }
}
