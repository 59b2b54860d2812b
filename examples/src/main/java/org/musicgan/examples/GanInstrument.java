package org.musicgan.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.Resampler;
import org.musicgan.datasets.FeatureSchema;
import org.musicgan.gan.StackGanGenerator;
import org.musicgan.melody.events.NoteSequence;

/**
 * Plays a melody with notes that a pitch- and instrument-conditioned GAN generates: a sampler whose
 * samples come from the model instead of a SoundFont.
 *
 * <p>The generator must have been trained on single notes with the schema of {@code
 * NoteGanData.schema}: a categorical {@code pitch} feature whose categories are MIDI pitches and a
 * categorical {@code instrument} feature whose categories are General MIDI programs (the shipped
 * {@link StackGanGenerator#loadDefault() default bundle} knows C3–C4 on piano, nylon guitar, violin
 * and flute). For one call of {@link #play}:
 *
 * <ol>
 *   <li>every note is given the nearest pitch the model knows (the lower one on a tie), and the
 *       model generates one clip for each such pitch, all from the call's seed, so a melody's
 *       repeated notes sound alike, as a sampler's do;
 *   <li>each clip is resampled to {@link #SAMPLE_RATE}, scaled to a peak of 1 and cut from its
 *       onset (where its 10 ms RMS first passes a tenth of its highest);
 *   <li>each note reads its clip at the rate {@code 2^((pitch − known)/12)}, which moves it to its
 *       own pitch (linear interpolation: the clips are band-limited far below the new Nyquist
 *       frequency), for its duration plus a {@value #RELEASE_SECONDS} s cosine release, at a gain
 *       of {@code velocity/127}; a note longer than what its clip holds stops where the clip ends.
 * </ol>
 *
 * <p>Notes far outside the known range are moved by many semitones and sound unnatural; {@link
 * #octavesToFit} gives the whole-octave transposition that centres a melody on the known range. The
 * output holds what the model generates: the default Stage I model's clips carry no energy above
 * 504 Hz (its Nyquist frequency), so its notes sound dull and muted.
 *
 * <p>Not thread-safe (the generator's networks are not): use one instance per thread.
 */
public final class GanInstrument {
  /** Output sample rate in Hz. */
  public static final int SAMPLE_RATE = 22050;

  /** Length of the fade after each note's end, in seconds. */
  public static final double RELEASE_SECONDS = 0.06;

  private static final double ATTACK_SECONDS = 0.005;

  private final StackGanGenerator gan;
  private final int[] pitches;
  private final List<Integer> programs;

  /**
   * A instrument on a generator trained on single notes.
   *
   * @throws IllegalArgumentException if the generator's schema has no categorical {@code pitch} and
   *     {@code instrument} features whose categories are MIDI numbers
   */
  public GanInstrument(StackGanGenerator gan) {
    this.gan = gan;
    FeatureSchema schema = gan.schema();
    this.pitches = numbers(schema, "pitch").stream().mapToInt(Integer::intValue).sorted().toArray();
    this.programs = List.copyOf(numbers(schema, "instrument"));
  }

  /** The MIDI pitches the model was trained on, ascending. */
  public int[] pitches() {
    return pitches.clone();
  }

  /** The General MIDI programs the model was trained on, in the schema's order. */
  public List<Integer> programs() {
    return programs;
  }

  /**
   * The whole number of octaves (possibly negative or 0) to add to every note so that the middle of
   * the melody's pitch range is as close as possible to the middle of the model's.
   */
  public int octavesToFit(List<NoteSequence.Note> notes) {
    if (notes.isEmpty()) {
      return 0;
    }
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (NoteSequence.Note n : notes) {
      lo = Math.min(lo, n.pitch());
      hi = Math.max(hi, n.pitch());
    }
    double gap = (pitches[0] + pitches[pitches.length - 1]) / 2.0 - (lo + hi) / 2.0;
    return (int) Math.round(gap / 12);
  }

  /**
   * A melody played in the model's range: moved by {@link #octavesToFit} octaves and rendered with
   * a one-second tail.
   *
   * @param clip the audio
   * @param transpose the semitones every note was moved by
   */
  public record Performance(AudioClip clip, int transpose) {}

  /** Plays a melody in the model's range (see {@link Performance}). */
  public Performance playInRange(List<NoteSequence.Note> notes, int program, long seed) {
    int transpose = 12 * octavesToFit(notes);
    return new Performance(play(notes, program, transpose, seed, 1.0), transpose);
  }

  /**
   * Renders the notes (their pitch, velocity, start and end; programs are ignored) with the model's
   * {@code program}.
   *
   * @param notes the melody, in any order
   * @param program a General MIDI program from {@link #programs()}
   * @param transpose semitones added to every pitch (see {@link #octavesToFit})
   * @param seed the model's noise: the same seed gives the same audio
   * @param tailSeconds silence kept after the last release
   * @return mono audio at {@link #SAMPLE_RATE}; peaks may exceed 1 where notes overlap
   * @throws IllegalArgumentException for a program the model does not know, a note that starts
   *     before 0 s or a negative tail
   */
  public AudioClip play(
      List<NoteSequence.Note> notes, int program, int transpose, long seed, double tailSeconds) {
    if (!programs.contains(program)) {
      throw new IllegalArgumentException(
          "the model knows instruments " + programs + ", not program " + program);
    }
    if (!(tailSeconds >= 0)) {
      throw new IllegalArgumentException("tailSeconds must be >= 0, found " + tailSeconds);
    }
    double end = 0;
    TreeMap<Integer, float[]> samples = new TreeMap<>();
    for (NoteSequence.Note n : notes) {
      if (!(n.startTime() >= 0)) {
        throw new IllegalArgumentException("a note starts before 0 s: " + n);
      }
      end = Math.max(end, n.endTime() + RELEASE_SECONDS);
      samples.put(nearest(n.pitch() + transpose), null);
    }
    fill(samples, program, seed);
    float[] out = new float[(int) Math.ceil((end + tailSeconds) * SAMPLE_RATE)];
    int attack = (int) Math.round(ATTACK_SECONDS * SAMPLE_RATE);
    int release = (int) Math.round(RELEASE_SECONDS * SAMPLE_RATE);
    for (NoteSequence.Note n : notes) {
      int pitch = n.pitch() + transpose;
      int known = nearest(pitch);
      float[] s = samples.get(known);
      double rate = Math.pow(2, (pitch - known) / 12.0);
      int start = (int) Math.round(n.startTime() * SAMPLE_RATE);
      int held = (int) Math.round((n.endTime() - n.startTime()) * SAMPLE_RATE);
      int length = Math.min(held + release, (int) Math.floor((s.length - 2) / rate));
      length = Math.min(length, out.length - start);
      float gain = n.velocity() / 127f;
      for (int i = 0; i < length; i++) {
        double pos = i * rate;
        int k = (int) pos;
        double frac = pos - k;
        double v = s[k] + (s[k + 1] - s[k]) * frac;
        double env = 1;
        if (i < attack) {
          env = (double) i / attack;
        }
        if (i >= held) {
          env *= 0.5 + 0.5 * Math.cos(Math.PI * (i - held) / release);
        }
        out[start + i] += (float) (gain * env * v);
      }
    }
    return new AudioClip(out, SAMPLE_RATE);
  }

  /** The known pitch nearest to {@code pitch}, the lower on a tie. */
  int nearest(int pitch) {
    int best = pitches[0];
    for (int p : pitches) {
      if (Math.abs(p - pitch) < Math.abs(best - pitch)) {
        best = p;
      }
    }
    return best;
  }

  /** Generates one clip per key (ascending), resampled, normalised and cut at its onset. */
  private void fill(TreeMap<Integer, float[]> samples, int program, long seed) {
    if (samples.isEmpty()) {
      return;
    }
    List<float[]> conditions = new ArrayList<>();
    for (int p : samples.keySet()) {
      conditions.add(
          gan.schema()
              .vector(Map.of("pitch", String.valueOf(p), "instrument", String.valueOf(program))));
    }
    List<AudioClip> clips = gan.generate(conditions, seed);
    int i = 0;
    for (Map.Entry<Integer, float[]> e : samples.entrySet()) {
      AudioClip c = Resampler.KAISER_BEST.resample(clips.get(i++), SAMPLE_RATE);
      e.setValue(fromOnset(c.samples(), c.peak()));
    }
  }

  /** The samples from the onset on, scaled to a peak of 1 (a silent clip stays silent). */
  static float[] fromOnset(float[] x, float peak) {
    int frame = SAMPLE_RATE / 100;
    double[] rms = new double[x.length / frame];
    double top = 0;
    for (int f = 0; f < rms.length; f++) {
      double sum = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        sum += (double) x[i] * x[i];
      }
      rms[f] = Math.sqrt(sum / frame);
      top = Math.max(top, rms[f]);
    }
    int onset = 0;
    while (onset < rms.length && rms[onset] < 0.1 * top) {
      onset++;
    }
    int from = top > 0 && onset < rms.length ? onset * frame : 0;
    float gain = peak > 0 ? 1 / peak : 0;
    float[] y = new float[x.length - from];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[from + i] * gain;
    }
    return y;
  }

  private static List<Integer> numbers(FeatureSchema schema, String name) {
    for (FeatureSchema.Feature f : schema.features()) {
      if (f.name().equals(name)) {
        if (!f.isCategorical()) {
          throw new IllegalArgumentException(
              "the model's '" + name + "' feature is not categorical");
        }
        List<Integer> out = new ArrayList<>();
        for (String c : f.categories()) {
          try {
            out.add(Integer.parseInt(c));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "the model's '" + name + "' category '" + c + "' is not a MIDI number", e);
          }
        }
        return out;
      }
    }
    throw new IllegalArgumentException(
        "the model has no '"
            + name
            + "' feature (a GAN instrument needs a model of single notes; features: "
            + schema.entryNames()
            + ")");
  }
}
