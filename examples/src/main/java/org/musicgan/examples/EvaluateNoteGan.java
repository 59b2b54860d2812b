package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.GriffinLim;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.audio.representation.MagnitudePhase;
import org.musicgan.datasets.synth.SingleNoteSet;
import org.musicgan.gan.GanBundle;
import org.musicgan.gan.GanEvaluation;
import org.musicgan.gan.NoteGanData;
import org.musicgan.gan.StackGanGenerator;
import org.musicgan.gan.StackGanTrainer;

/**
 * Measures whether a GAN trained by {@link TrainNoteGan} obeys its condition: pitch accuracy
 * (within 50 cents) and the Fréchet distance of log-spectral features, for the bundle and, with
 * {@code --baseline}, for an untrained generator of the same sizes (the floor). Pass the same
 * note-set options the model was trained with. {@code --rephase N} measures every decoded clip
 * after {@link GriffinLim#rephase} with N iterations (its phase re-estimated from its magnitudes).
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp examples/target/musicgan-examples.jar \
 *     org.musicgan.examples.EvaluateNoteGan --bundle runs/notes/model.gan.zip [--per 8]
 *     [--pitches 48,50,52,53,55,57,59,60] [--programs 0,73] [--velocities 80,100,120] [--baseline]
 *     [--rephase 32]
 * </pre>
 */
public final class EvaluateNoteGan {
  private EvaluateNoteGan() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      for (String line : runExample(args)) {
        System.out.println(line);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("evaluate-gan: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the evaluation; returns report lines. */
  public static List<String> runExample(String[] args) throws IOException {
    Path bundle = null;
    int per = 8;
    List<Integer> pitches = List.of(48, 50, 52, 53, 55, 57, 59, 60);
    List<Integer> programs = List.of(0, 73);
    List<Integer> velocities = List.of(80, 100, 120);
    boolean baseline = false;
    int rephase = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bundle" -> bundle = Path.of(args[++i]);
        case "--per" -> per = Integer.parseInt(args[++i]);
        case "--pitches" -> pitches = TrainNoteGan.ints(args[++i]);
        case "--programs" -> programs = TrainNoteGan.ints(args[++i]);
        case "--velocities" -> velocities = TrainNoteGan.ints(args[++i]);
        case "--baseline" -> baseline = true;
        case "--rephase" -> rephase = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (bundle == null) {
      throw new IllegalArgumentException("--bundle FILE is required");
    }
    GanBundle.Loaded loaded = GanBundle.load(bundle);
    SingleNoteSet set = new SingleNoteSet(pitches, programs, velocities, 16000, 4.0, 3.0);
    List<SingleNoteSet.Item> real =
        set.render(MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS));
    NoteGanData.Prepared data =
        NoteGanData.prepare(
            real,
            org.musicgan.audio.representation.RepresentationPreset.byName(
                loaded.manifest().preset()));
    if (!data.schema().equals(loaded.schema())) {
      throw new IllegalArgumentException(
          "the note set's conditions "
              + data.schema().entryNames()
              + " differ from the bundle's "
              + loaded.schema().entryNames());
    }
    UnaryOperator<AudioClip> decoded = UnaryOperator.identity();
    if (rephase > 0) {
      if (!(loaded.representation() instanceof MagnitudePhase mp)) {
        throw new IllegalArgumentException(
            "--rephase needs a magnitude+phase bundle, this one is " + loaded.manifest().preset());
      }
      GriffinLim gl = GriffinLim.DEFAULT.withIterations(rephase);
      decoded = clip -> gl.rephase(clip, mp.stft());
    }
    String how = rephase > 0 ? ", rephased by Griffin-Lim (" + rephase + " iterations)" : "";
    List<String> out = new java.util.ArrayList<>();
    out.add(
        report(
            "trained (" + loaded.manifest().steps() + " steps" + how + ")",
            GanEvaluation.evaluate(
                new StackGanGenerator(loaded), data, real, 3.0, per, 1, decoded)));
    if (baseline) {
      // a fresh model of the same sizes; a Stage II one on the bundle's own frozen Stage I
      StackGanTrainer fresh =
          loaded.trainer().stageII()
              ? StackGanTrainer.stageII(
                  loaded.manifest().config(),
                  loaded.manifest().options(),
                  loaded.manifest().seed(),
                  loaded.trainer().stageIGenerator(),
                  loaded.trainer().stageIBridge())
              : new StackGanTrainer(
                  loaded.manifest().config(),
                  loaded.manifest().options(),
                  loaded.manifest().seed());
      GanBundle.Loaded untrained =
          new GanBundle.Loaded(
              loaded.manifest(),
              fresh,
              loaded.normalizer(),
              loaded.schema(),
              loaded.representation());
      out.add(
          report(
              "untrained" + how,
              GanEvaluation.evaluate(
                  new StackGanGenerator(untrained), data, real, 3.0, per, 1, decoded)));
    }
    return out;
  }

  private static String report(String what, GanEvaluation.Result r) {
    return String.format(
        Locale.ROOT,
        "%s: pitch accuracy %.3f (%d clips; real notes %.3f), Fréchet distance %.3f%s; by"
            + " condition %s",
        what,
        r.pitchAccuracy(),
        r.generated(),
        r.realPitchAccuracy(),
        r.frechetDistance(),
        Double.isNaN(r.harmonicContrast())
            ? ""
            : String.format(
                Locale.ROOT,
                ", harmonic contrast above 504 Hz %.2f (real notes %.2f)",
                r.harmonicContrast(),
                r.realHarmonicContrast()),
        r.accuracyByCondition());
  }
}
