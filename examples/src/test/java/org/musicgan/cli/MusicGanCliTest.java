package org.musicgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.io.AudioFiles;

class MusicGanCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void helpEverywhere() {
    assertEquals(0, MusicGanCli.run("--help"));
    assertTrue(out.toString().contains("generate"), out.toString());
    assertEquals(0, MusicGanCli.run("generate", "--help"));
    assertTrue(out.toString().contains("--tempo"));
    assertEquals(0, MusicGanCli.run("dataset", "inspect", "--help"));
    assertEquals(0, MusicGanCli.run("train-gan", "--help"));
    assertEquals(0, MusicGanCli.run("evaluate-gan", "--help"));
  }

  @Test
  void userMistakesAreOneLineAndNonZero() {
    assertEquals(2, MusicGanCli.run("generate", "--bogus"));
    String e = err.toString().trim();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.startsWith("musicgan generate: Unknown option: '--bogus'"), e);
    err.reset();
    assertEquals(
        2,
        MusicGanCli.run("generate", "--tempo", "brisk", "--out", dir.resolve("x.wav").toString()));
    assertEquals(
        "generate: --tempo must be slow, medium, fast or a number, found 'brisk'",
        err.toString().trim());
    err.reset();
    assertEquals(
        1, MusicGanCli.run("spectrogram", dir.resolve("missing.wav").toString(), "--out", "x.png"));
    assertTrue(err.toString().trim().endsWith("missing.wav: no such file"), err.toString());
  }

  @Test
  void generateRenderAndSpectrogram() throws Exception {
    Path wav = dir.resolve("s.wav");
    assertEquals(
        0,
        MusicGanCli.run("generate", "--out", wav.toString(), "--seconds", "4", "--tempo", "fast"));
    assertTrue(Files.size(dir.resolve("s.mid")) > 20);
    // fast = 160 bpm: 4 s of melody plus the 1 s render tail
    assertEquals(5.0, AudioFiles.read(wav).frames() / 44100.0, 0.1);
    Path rendered = dir.resolve("r.wav");
    assertEquals(
        0,
        MusicGanCli.run("render", dir.resolve("s.mid").toString(), "--out", rendered.toString()));
    assertTrue(Files.size(rendered) > 44);
    Path png = dir.resolve("r.png");
    assertEquals(
        0, MusicGanCli.run("spectrogram", rendered.toString(), "--out", png.toString(), "--log"));
    assertTrue(Files.size(png) > 10_000);
  }

  @Test
  void tempoWords() {
    assertEquals(80, MusicGanCli.bpm("slow"));
    assertEquals(120, MusicGanCli.bpm("Medium"));
    assertEquals(160, MusicGanCli.bpm("fast"));
    assertEquals(97.5, MusicGanCli.bpm("97.5"));
    assertThrows(IllegalArgumentException.class, () -> MusicGanCli.bpm("quick"));
  }

  @Test
  void trainGanThenEvaluateIt() throws Exception {
    Path run = dir.resolve("run");
    String[] notes = {"--pitches", "55,60", "--programs", "73", "--velocities", "100"};
    List<String> train =
        new ArrayList<>(
            List.of(
                "train-gan",
                "--out",
                run.toString(),
                "--steps",
                "3",
                "--batch",
                "2",
                "--reuse-fake"));
    train.addAll(List.of(notes));
    assertEquals(0, MusicGanCli.run(train.toArray(String[]::new)), err.toString());
    Path bundle = run.resolve("model.gan.zip");
    assertTrue(Files.size(bundle) > 10_000);
    assertTrue(org.musicgan.gan.GanBundle.load(bundle).manifest().options().reuseFake());
    assertTrue(Files.exists(run.resolve("loss.csv")));
    assertTrue(Files.exists(run.resolve("samples/step-000003/p060_i073.wav")));
    assertEquals(4, Files.readAllLines(run.resolve("loss.csv")).size());
    List<String> eval = new ArrayList<>(List.of("evaluate-gan", bundle.toString(), "--per", "1"));
    eval.addAll(List.of(notes));
    assertEquals(0, MusicGanCli.run(eval.toArray(String[]::new)), err.toString());
    assertTrue(out.toString().contains("pitch accuracy"), out.toString());
    // the bundle generates through musicgan generate --gan
    Path clip = dir.resolve("gan.wav");
    assertEquals(
        0,
        MusicGanCli.run(
            "generate",
            "--gan",
            bundle.toString(),
            "--set",
            "pitch=60",
            "--set",
            "instrument=73",
            "--seed",
            "4",
            "--out",
            clip.toString()),
        err.toString());
    assertEquals(4.0, AudioFiles.readMono(clip).durationSeconds(), 0.01);
    assertTrue(Files.exists(dir.resolve("gan.png")));
    assertEquals(
        2,
        MusicGanCli.run(
            "generate", "--gan", bundle.toString(), "--set", "pitch=61", "--out", clip.toString()));
    assertEquals(2, MusicGanCli.run("generate", "--genre", "polka", "--out", clip.toString()));
    // the second shipped genre, from its own model
    Path game = dir.resolve("game.wav");
    assertEquals(
        0,
        MusicGanCli.run("generate", "--genre", "game", "--seconds", "4", "--out", game.toString()));
    double seconds = AudioFiles.readMono(game).durationSeconds();
    assertTrue(seconds >= 4 && seconds <= 5.5, "seconds " + seconds); // 4 s + release tail
    // the shipped single-note GAN
    Path note = dir.resolve("note.wav");
    assertEquals(
        0,
        MusicGanCli.run(
            "generate",
            "--gan",
            "default",
            "--set",
            "pitch=55",
            "--set",
            "instrument=73",
            "--out",
            note.toString()),
        err.toString());
    assertEquals(4.0, AudioFiles.readMono(note).durationSeconds(), 0.01);
    assertTrue(err.toString().contains("polka"), err.toString());
    // a melody played by the shipped GAN's notes, and a sound that does not exist
    Path violin = dir.resolve("violin.wav");
    assertEquals(
        0,
        MusicGanCli.run(
            "generate", "--sound", "gan-violin", "--seconds", "4", "--out", violin.toString()),
        err.toString());
    double played = AudioFiles.readMono(violin).durationSeconds();
    assertTrue(played >= 4 && played <= 5.5, "seconds " + played);
    assertTrue(Files.exists(dir.resolve("violin.mid")));
    assertEquals(
        2, MusicGanCli.run("generate", "--sound", "gan-banjo", "--out", violin.toString()));
    assertTrue(err.toString().contains("gan-banjo"), err.toString());
    // resuming to step 5 continues from step 3, evaluating the checkpoints at steps 4 and 5
    train.set(train.indexOf("3"), "5");
    train.addAll(List.of("--resume", "--every", "2", "--keep-best", "1"));
    assertEquals(0, MusicGanCli.run(train.toArray(String[]::new)), err.toString());
    // the loss history of both runs is kept
    assertEquals(6, Files.readAllLines(run.resolve("loss.csv")).size());
    List<String> scores = Files.readAllLines(run.resolve("evaluation.csv"));
    assertEquals(3, scores.size(), scores.toString());
    assertTrue(scores.get(1).startsWith("4,") && scores.get(1).endsWith(",true"), scores.get(1));
    assertTrue(scores.get(2).startsWith("5,"), scores.get(2));
    long bestStep = scores.get(2).endsWith(",true") ? 5 : 4;
    assertEquals(
        bestStep, org.musicgan.gan.GanBundle.load(run.resolve("best.gan.zip")).manifest().steps());
  }

  @Test
  void trainMelodyShowsProgressAndWritesABundle() throws Exception {
    Path midi = java.nio.file.Files.createDirectories(dir.resolve("tunes"));
    java.util.Random r = new java.util.Random(3);
    for (int f = 0; f < 12; f++) {
      javax.sound.midi.Sequence seq =
          new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 480);
      javax.sound.midi.Track t = seq.createTrack();
      for (int q = 0; q < 64; q++) {
        int pitch = 60 + r.nextInt(12);
        t.add(
            new javax.sound.midi.MidiEvent(
                new javax.sound.midi.ShortMessage(
                    javax.sound.midi.ShortMessage.NOTE_ON, 0, pitch, 90),
                q * 480L));
        t.add(
            new javax.sound.midi.MidiEvent(
                new javax.sound.midi.ShortMessage(
                    javax.sound.midi.ShortMessage.NOTE_OFF, 0, pitch, 0),
                q * 480L + 470));
      }
      javax.sound.midi.MidiSystem.write(seq, 0, midi.resolve("tune" + f + ".mid").toFile());
    }
    Path bundle = dir.resolve("melody.zip");
    assertEquals(
        0,
        MusicGanCli.run(
            "train-melody",
            midi.toString(),
            "--config",
            "basic_rnn",
            "--epochs",
            "1",
            "--batch",
            "4",
            "--out",
            bundle.toString()),
        err.toString());
    assertTrue(Files.size(bundle) > 10_000);
    // the progress bar reached its end on stderr
    assertTrue(err.toString().contains("100%"), err.toString());
  }
}
