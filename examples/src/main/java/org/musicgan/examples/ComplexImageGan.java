package org.musicgan.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.gan.StackGanTrainer;

/**
 * The seed's approach 2: the STFT's complex values packed as a 64×64×3 "image" (real and imaginary
 * rows), trained with a conditional StackGAN.
 *
 * <p>Trains the small Stage I preset for 300 steps (about five minutes on 2 CPU cores with {@code
 * OMP_NUM_THREADS=1}) on single notes rendered with the SoundFont, and writes the model, loss plot
 * and WAV/PNG samples to {@code runs/complex-image}. Any {@link TrainNoteGan} option may follow and
 * overrides these defaults, e.g. {@code --steps 4000}.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.ComplexImageGan [options]
 * </pre>
 */
public final class ComplexImageGan {
  private ComplexImageGan() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    StackGanTrainer.FitResult r = runExample(args);
    System.out.printf(
        "ComplexImageGan: %d steps; model, loss plot and samples in %s%n",
        r.steps(), "runs/complex-image");
  }

  /** Trains with this approach's preset; {@code args} override the defaults. */
  public static StackGanTrainer.FitResult runExample(String[] args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--preset",
                "complex-image/stage-i",
                "--steps",
                "300",
                "--out",
                "runs/complex-image"));
    all.addAll(List.of(args));
    return TrainNoteGan.runExample(all.toArray(String[]::new));
  }
}
