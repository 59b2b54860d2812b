package org.musicgan.melody.rnn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.Sequence;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MelodyExtractor;
import org.musicgan.melody.events.MidiIo;
import org.musicgan.melody.events.NoteSequence;
import org.musicgan.melody.events.QuantizationException;
import org.musicgan.melody.events.Quantizer;

/**
 * Loads a melody bundle and generates melodies from a primer, as Magenta's {@code
 * melody_rnn_generate}: the primer is turned into a sequence at the given tempo, re-extracted,
 * extended to start one step after its last note ends, then continued by sampling to {@code
 * numSteps} steps in total. Deterministic for a seed.
 *
 * <pre>{@code
 * MelodyGenerator g = MelodyGenerator.loadDefault();
 * MelodyGenerator.Result r = g.generate(MelodyGenerator.Request.defaults().withSeed(7));
 * MidiIo.write(r.sequence(), Path.of("song.mid"));
 * }</pre>
 */
public final class MelodyGenerator {
  /** The bundle shipped in this jar (lookback_rnn trained on the Nottingham melodies). */
  public static final String DEFAULT_BUNDLE = "models/lookback_rnn-nottingham.zip";

  /** Magenta's documented primer: the start of "Twinkle Twinkle Little Star". */
  public static final Melody TWINKLE = new Melody(60, -2, 60, -2, 67, -2, 67, -2);

  private final MelodyBundle.Loaded bundle;

  private MelodyGenerator(MelodyBundle.Loaded bundle) {
    this.bundle = bundle;
  }

  /** Loads a bundle file. */
  public static MelodyGenerator load(Path bundle) throws IOException {
    return new MelodyGenerator(MelodyBundle.load(bundle));
  }

  /**
   * The bundles shipped in this jar, by name: {@code lookback_rnn} and {@code attention_rnn} on the
   * Nottingham folk melodies, {@code lookback_rnn-freedoom} on the Freedoom game music.
   */
  public static final Map<String, String> SHIPPED =
      Map.of(
          "lookback_rnn", DEFAULT_BUNDLE,
          "attention_rnn", "models/attention_rnn-nottingham.zip",
          "lookback_rnn-freedoom", "models/lookback_rnn-freedoom.zip");

  /** Loads the bundle shipped with the library. */
  public static MelodyGenerator loadDefault() throws IOException {
    return loadShipped("lookback_rnn");
  }

  /**
   * Loads a bundle shipped with the library by its name (a key of {@link #SHIPPED}).
   *
   * @throws IllegalArgumentException if no bundle of that name ships
   */
  public static MelodyGenerator loadShipped(String config) throws IOException {
    String resource = SHIPPED.get(config);
    if (resource == null) {
      throw new IllegalArgumentException(
          "no shipped melody model '" + config + "'; shipped: " + new TreeSet<>(SHIPPED.keySet()));
    }
    try (InputStream in = MelodyGenerator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the shipped melody bundle " + resource + " is missing");
      }
      return new MelodyGenerator(MelodyBundle.load(in, resource));
    }
  }

  /** Wraps a model already in memory (for tests and training previews). */
  public static MelodyGenerator of(MelodyRnnModel model, MelodyBundle.Provenance provenance) {
    return new MelodyGenerator(new MelodyBundle.Loaded(model, provenance));
  }

  /** The model's configuration ({@code lookback_rnn}, {@code attention_rnn}, ...). */
  public MelodyRnnConfig config() {
    return bundle.model().config();
  }

  /** Where the model came from. */
  public MelodyBundle.Provenance provenance() {
    return bundle.provenance();
  }

  /**
   * What to generate.
   *
   * @param primer the melody to continue
   * @param numSteps total length in 16th-note steps, primer included
   * @param qpm tempo in quarter notes per minute
   * @param temperature sampling temperature (&gt; 0; 1 = the model's distribution)
   * @param seed random seed
   * @param program General MIDI program for the melody (0 = piano)
   * @param beam beam search settings (all 1 = plain sampling)
   */
  public record Request(
      Melody primer,
      int numSteps,
      double qpm,
      double temperature,
      long seed,
      int program,
      Beam beam) {

    /** Validates the request. */
    public Request {
      if (numSteps < 2 || numSteps > 16384) {
        throw new IllegalArgumentException("numSteps must be in [2, 16384], found " + numSteps);
      }
      if (!(qpm >= 20 && qpm <= 400)) {
        throw new IllegalArgumentException("qpm must be in [20, 400], found " + qpm);
      }
      if (!(temperature > 0 && temperature <= 10)) {
        throw new IllegalArgumentException("temperature must be in (0, 10], found " + temperature);
      }
      if (program < 0 || program > 127) {
        throw new IllegalArgumentException("program must be 0..127, found " + program);
      }
      primer = primer.copy();
    }

    /** Twinkle primer, 128 steps (8 bars), 120 qpm, temperature 1, seed 0, piano, no beam. */
    public static Request defaults() {
      return new Request(TWINKLE, 128, 120, 1.0, 0, 0, Beam.NONE);
    }

    /** A copy with beam search. */
    public Request withBeam(Beam newBeam) {
      return new Request(primer, numSteps, qpm, temperature, seed, program, newBeam);
    }

    /** A copy with another seed. */
    public Request withSeed(long newSeed) {
      return new Request(primer, numSteps, qpm, temperature, newSeed, program, beam);
    }

    /** A copy lasting about {@code seconds} at this tempo (4 steps per quarter). */
    public Request withSeconds(double seconds) {
      int steps = (int) Math.round(seconds * qpm / 60.0 * 4);
      return new Request(
          primer, Math.max(primer.length() + 1, steps), qpm, temperature, seed, program, beam);
    }

    /** A copy with another tempo. */
    public Request withQpm(double newQpm) {
      return new Request(primer, numSteps, newQpm, temperature, seed, program, beam);
    }

    /** A copy with another temperature. */
    public Request withTemperature(double t) {
      return new Request(primer, numSteps, qpm, t, seed, program, beam);
    }

    /** A copy with another primer. */
    public Request withPrimer(Melody newPrimer) {
      return new Request(newPrimer, numSteps, qpm, temperature, seed, program, beam);
    }

    /** A copy with another instrument. */
    public Request withProgram(int newProgram) {
      return new Request(primer, numSteps, qpm, temperature, seed, newProgram, beam);
    }
  }

  /**
   * Magenta's beam search settings.
   *
   * @param beamSize melodies kept after each iteration
   * @param branchFactor branches per kept melody
   * @param stepsPerIteration steps sampled between prunings
   */
  public record Beam(int beamSize, int branchFactor, int stepsPerIteration) {
    /** Plain sampling. */
    public static final Beam NONE = new Beam(1, 1, 1);

    /** Validates the settings. */
    public Beam {
      if (beamSize < 1 || beamSize > 64 || branchFactor < 1 || branchFactor > 64) {
        throw new IllegalArgumentException(
            "beamSize and branchFactor must be in [1, 64], found "
                + beamSize
                + ", "
                + branchFactor);
      }
      if (stepsPerIteration < 1) {
        throw new IllegalArgumentException(
            "stepsPerIteration must be >= 1, found " + stepsPerIteration);
      }
    }
  }

  /** A generated melody, as events and as a sequence ready for MIDI. */
  public record Result(Melody melody, NoteSequence sequence, double qpm) {
    /** The MIDI file's bytes. */
    public byte[] midiBytes() {
      return MidiIo.toMidiBytes(sequence);
    }

    /** Renders the melody to audio with a SoundFont renderer. */
    public AudioClip render(MidiRenderer renderer) throws IOException {
      try {
        Sequence midi = MidiIo.toMidiSequence(sequence);
        return renderer.render(midi);
      } catch (InvalidMidiDataException e) {
        throw new IOException("cannot build MIDI: " + e.getMessage(), e);
      }
    }
  }

  /** Generates one melody. */
  public Result generate(Request request) {
    double qpm = request.qpm();
    int spq = bundle.model().config().stepsPerQuarter();
    double secondsPerStep = 60.0 / qpm / spq;
    double sps = Quantizer.stepsPerSecond(spq, qpm);
    NoteSequence primerSeq = request.primer().toSequence(qpm);
    double startTime = primerSeq.totalTime() + secondsPerStep;
    double endTime = request.numSteps() * secondsPerStep;
    int startStep = Quantizer.quantizeToStep(startTime, sps, 0.0);
    int endStep = Quantizer.quantizeToStep(endTime, sps, 1.0);
    Melody melody;
    try {
      NoteSequence qs = Quantizer.quantizeNoteSequence(primerSeq, spq);
      List<Melody> found =
          MelodyExtractor.extractMelodies(
              qs,
              new MelodyExtractor.Options(
                  0, 0, 0, 0, Double.POSITIVE_INFINITY, 1, true, false, true),
              new MelodyExtractor.Stats());
      melody = found.isEmpty() ? null : found.get(0);
    } catch (QuantizationException e) {
      throw new IllegalStateException("primer cannot be quantized: " + e.getMessage(), e);
    }
    if (melody == null) {
      melody = new Melody(new int[0], Math.max(0, startStep - 1), 16, spq);
    }
    melody.setLength(startStep - melody.startStep());
    if (melody.length() == 0) {
      melody.append(org.musicgan.melody.events.MelodyConstants.MELODY_NO_EVENT);
    }
    int total = endStep - melody.startStep();
    if (total <= melody.length()) {
      throw new IllegalArgumentException(
          "numSteps "
              + request.numSteps()
              + " leaves no room after the primer ("
              + (startStep)
              + " steps)");
    }
    Melody out =
        bundle
            .model()
            .generate(
                melody,
                total,
                request.temperature(),
                request.beam().beamSize(),
                request.beam().branchFactor(),
                request.beam().stepsPerIteration(),
                new SplittableRandom(request.seed()));
    NoteSequence seq = out.toSequence(100, 0, request.program(), 0.0, qpm);
    return new Result(out, seq, qpm);
  }
}
