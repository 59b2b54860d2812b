package org.musicgan.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.gan.StackGanTrainer;

/**
 * The seed's approach 1: a conditional StackGAN on the raw waveform (3·64·64 samples of a 4-second
 * clip at about 3 kHz, reshaped to 3×64×64), with the learned adapter layers: G ends in a 5×5
 * transposed convolution before its tanh and D starts with a 5×5 convolution.
 *
 * <p>Trains the small Stage I preset for 300 steps (about five minutes on 2 CPU cores with {@code
 * OMP_NUM_THREADS=1}) on single notes rendered with the SoundFont, and writes the model, loss plot
 * and WAV/PNG samples to {@code runs/raw-waveform}. Any {@link TrainNoteGan} option may follow and
 * overrides these defaults, e.g. {@code --steps 4000}.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.RawWaveformGan [options]
 * </pre>
 */
public final class RawWaveformGan {
  private RawWaveformGan() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    StackGanTrainer.FitResult r = runExample(args);
    System.out.printf(
        "RawWaveformGan: %d steps; model, loss plot and samples in %s%n",
        r.steps(), "runs/raw-waveform");
  }

  /** Trains with this approach's preset; {@code args} override the defaults. */
  public static StackGanTrainer.FitResult runExample(String[] args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--preset",
                "raw-waveform/stage-i",
                "--steps",
                "300",
                "--out",
                "runs/raw-waveform"));
    all.addAll(List.of(args));
    return TrainNoteGan.runExample(all.toArray(String[]::new));
  }
}
