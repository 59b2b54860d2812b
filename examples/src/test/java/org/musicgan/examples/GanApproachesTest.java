package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.gan.StackGanGenerator;

/** Each approach's example trains a step and leaves a bundle that generates its kind of audio. */
class GanApproachesTest {
  /** The note set every model here trains and is evaluated on. */
  static final java.util.List<String> NOTES =
      java.util.List.of("--pitches", "60,64", "--programs", "73", "--velocities", "100");

  static String[] tiny(Path out) {
    java.util.List<String> args =
        new java.util.ArrayList<>(java.util.List.of("--steps", "1", "--batch", "2"));
    args.addAll(NOTES);
    args.addAll(java.util.List.of("--out", out.toString()));
    return args.toArray(String[]::new);
  }

  static StackGanGenerator check(Path out, String preset) throws Exception {
    StackGanGenerator gan = StackGanGenerator.load(out.resolve("model.gan.zip"));
    assertEquals(preset, gan.manifest().preset());
    AudioClip clip = gan.generate(Map.of("pitch", "64", "instrument", "73"), 3);
    assertEquals(gan.representation().clipSamples(), clip.length());
    assertTrue(Float.isFinite(clip.peak()));
    return gan;
  }

  @Test
  void everyApproachTrainsAndGenerates(@TempDir Path dir) throws Exception {
    RawWaveformGan.runExample(tiny(dir.resolve("raw")));
    StackGanGenerator raw = check(dir.resolve("raw"), "raw-waveform/stage-i");
    assertTrue(raw.manifest().config().waveformAdapter(), "approach 1 uses the adapter");
    ComplexImageGan.runExample(tiny(dir.resolve("complex")));
    check(dir.resolve("complex"), "complex-image/stage-i");
    MagnitudePhaseGan.runExample(tiny(dir.resolve("mp")));
    check(dir.resolve("mp"), "magnitude-phase/stage-i");
    LogMagnitudeIfGan.runExample(tiny(dir.resolve("if")));
    StackGanGenerator gan = check(dir.resolve("if"), "log-magnitude-if/stage-i");
    // Stage II on top of the frozen Stage I model, same note set
    java.util.List<String> two =
        new java.util.ArrayList<>(java.util.List.of(tiny(dir.resolve("if2"))));
    two.addAll(
        java.util.List.of(
            "--stage-i",
            dir.resolve("if/model.gan.zip").toString(),
            "--d-lr-scale",
            "0.05",
            "--gf",
            "12",
            "--aligned-stage-i",
            "--low-band-weight",
            "10",
            "--stage-i-harmonics",
            "0.5",
            "--stage-i-rephase",
            "8",
            "--hold-every-cell"));
    TrainNoteGan.runExample(two.toArray(String[]::new));
    StackGanGenerator hr = check(dir.resolve("if2"), "log-magnitude-if/stage-ii");
    assertEquals("stage-ii", hr.manifest().stage());
    // Stage II trains with the flags given (they once came from the Stage I bundle instead)
    assertEquals(0.05, hr.manifest().options().dLearningRateScale(), 0);
    assertTrue(hr.manifest().config().directCondition());
    // --gf widens Stage II's generator; z, c and D's width stay those of the Stage I model
    assertEquals(12, hr.manifest().config().gf());
    assertEquals(gan.manifest().config().df(), hr.manifest().config().df());
    assertEquals(gan.manifest().config().zDim(), hr.manifest().config().zDim());
    // --aligned-stage-i: the bundle rebuilds the bridge from the Stage I normaliser it holds
    assertTrue(hr.manifest().config().alignedStageI());
    assertEquals(10, hr.manifest().options().lowBandWeight(), 0);
    assertEquals(0.5, hr.manifest().config().stageIHarmonics(), 0);
    assertTrue(hr.manifest().options().holdEveryCell());
    assertEquals(
        "log-magnitude-if/stage-i",
        org.musicgan.gan.GanBundle.load(dir.resolve("if2/model.gan.zip"))
            .trainer()
            .stageIBridge()
            .from()
            .name());
    var bridge =
        org.musicgan.gan.GanBundle.load(dir.resolve("if2/model.gan.zip")).trainer().stageIBridge();
    assertEquals(0.5, bridge.harmonics(), 0);
    assertEquals(8, bridge.rephase());
    assertEquals(8, hr.manifest().config().stageIRephase());
    // the evaluation command, with the untrained baseline, on both stages (the Stage II
    // baseline once built a Stage I generator and failed on its 64x64 output)
    for (String model : new String[] {"if", "if2"}) {
      java.util.List<String> eval =
          new java.util.ArrayList<>(
              java.util.List.of("--bundle", dir.resolve(model + "/model.gan.zip").toString()));
      eval.addAll(NOTES);
      eval.addAll(java.util.List.of("--per", "1", "--baseline"));
      java.util.List<String> lines = EvaluateNoteGan.runExample(eval.toArray(String[]::new));
      assertEquals(2, lines.size(), model + ": " + lines);
      assertTrue(lines.get(0).startsWith("trained (1 steps)"), lines.get(0));
      assertTrue(lines.get(1).startsWith("untrained"), lines.get(1));
      for (String line : lines) {
        assertTrue(line.contains("(2 clips; real notes "), line);
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("pitch accuracy ([0-9.]+) ").matcher(line);
        assertTrue(m.find(), line);
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy == 0 || accuracy == 0.5 || accuracy == 1, line);
      }
    }
    // embedding: bytes out, a valid WAV of the clip's length
    byte[] wav = EmbedLibrary.ganWav(gan, Map.of("pitch", "60", "instrument", "73"), 1);
    assertEquals(gan.representation().clipSamples(), AudioFiles.decode(wav, "gan.wav").frames());
    byte[] melody = new EmbedLibrary().melodyWav(3, 120, 1);
    assertTrue(AudioFiles.decode(melody, "melody.wav").toMono().durationSeconds() >= 3);
  }
}
