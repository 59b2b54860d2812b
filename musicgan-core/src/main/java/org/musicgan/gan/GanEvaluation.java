package org.musicgan.gan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.HarmonicContrast;
import org.musicgan.audio.dsp.PitchEstimator;
import org.musicgan.audio.dsp.Stft;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.datasets.synth.SingleNoteSet;

/**
 * Does a conditional GAN trained on a single-note set obey its condition? For every (pitch,
 * instrument) condition it generates {@code N} clips and reports:
 *
 * <ul>
 *   <li><b>pitch accuracy</b>: the fraction of clips whose f0 ({@link PitchEstimator}, harmonic
 *       summation over the sustained part, 0.1 s to the note's end) is within 50 cents of the
 *       conditioned pitch; the same measure on the real notes (passed through the same
 *       representation) is the ceiling;
 *   <li><b>Fréchet distance</b> between the real and generated clips' log-spectral features (the
 *       mean over frames of {@code log(|STFT| + 1e-4)}, {@code n_fft} 128, hop 64, at the
 *       representation's rate);
 *   <li><b>harmonic contrast</b> ({@link HarmonicContrast}) from {@value #CONTRAST_FROM_HZ} Hz
 *       (Stage I's Nyquist frequency) to {@value #CONTRAST_TO_HZ} Hz over the sustained part: how
 *       clearly the partials of the conditioned pitch stand out of the band above what Stage I
 *       holds, the mean over the clips that have that band (NaN for Stage I models, whose clips end
 *       at 504 Hz).
 * </ul>
 */
public final class GanEvaluation {
  /** Lower edge of the harmonic-contrast band, Hz. */
  public static final double CONTRAST_FROM_HZ = 504;

  /** Upper edge of the harmonic-contrast band, Hz. */
  public static final double CONTRAST_TO_HZ = 7000;

  private GanEvaluation() {}

  /**
   * The measurements.
   *
   * @param clipsPerCondition clips generated per condition
   * @param generated clips generated in all
   * @param pitchAccuracy fraction of generated clips within 50 cents of their condition's pitch
   * @param realPitchAccuracy the same for the real notes (the ceiling of the measure)
   * @param frechetDistance Fréchet distance real vs generated log-spectral features
   * @param accuracyByCondition pitch accuracy per grid label
   * @param harmonicContrast mean harmonic contrast of the generated clips (NaN without the band)
   * @param realHarmonicContrast the same for the real notes
   */
  public record Result(
      int clipsPerCondition,
      int generated,
      double pitchAccuracy,
      double realPitchAccuracy,
      double frechetDistance,
      Map<String, Double> accuracyByCondition,
      double harmonicContrast,
      double realHarmonicContrast) {}

  /** The log-spectral feature vector of a clip. */
  public static double[] spectralFeatures(AudioClip clip) {
    ComplexSpectrogram s = new Stft(new StftConfig(128, 64)).forward(clip.samples());
    float[] mag = s.magnitude();
    double[] f = new double[s.bins()];
    for (int k = 0; k < s.bins(); k++) {
      double sum = 0;
      for (int t = 0; t < s.frames(); t++) {
        sum += Math.log(mag[k * s.frames() + t] + 1e-4);
      }
      f[k] = sum / s.frames();
    }
    return f;
  }

  /**
   * Evaluates a generator on the grid of a prepared single-note set.
   *
   * @param generator the model
   * @param data the prepared set (its grid of conditions and pitches)
   * @param real the rendered notes the model was trained on
   * @param noteSeconds how long the notes are held (the pitch is read from 0.1 s to here)
   * @param perCondition clips to generate per condition
   * @param seed generation seed
   */
  public static Result evaluate(
      StackGanGenerator generator,
      NoteGanData.Prepared data,
      List<SingleNoteSet.Item> real,
      double noteSeconds,
      int perCondition,
      long seed) {
    return evaluate(
        generator, data, real, noteSeconds, perCondition, seed, UnaryOperator.identity());
  }

  /**
   * As {@link #evaluate(StackGanGenerator, NoteGanData.Prepared, List, double, int, long)}, with
   * every decoded clip, real and generated, passed through {@code decoded} before it is measured
   * (e.g. {@link org.musicgan.audio.dsp.GriffinLim#rephase}).
   */
  public static Result evaluate(
      StackGanGenerator generator,
      NoteGanData.Prepared data,
      List<SingleNoteSet.Item> real,
      double noteSeconds,
      int perCondition,
      long seed,
      UnaryOperator<AudioClip> decoded) {
    AudioRepresentation rep = generator.representation();
    List<Integer> pitches = data.gridPitches();
    int lo = Collections.min(pitches);
    int hi = Collections.max(pitches);
    PitchEstimator est = PitchEstimator.forMidiRange(lo, hi);
    List<double[]> realFeatures = new ArrayList<>();
    int realHits = 0;
    Mean realContrast = new Mean();
    for (SingleNoteSet.Item it : real) {
      AudioClip clip = decoded.apply(rep.decode(rep.encode(rep.fit(it.clip()))));
      realFeatures.add(spectralFeatures(clip));
      if (hit(est, clip, it.pitch(), noteSeconds)) {
        realHits++;
      }
      realContrast.add(contrast(clip, it.pitch(), noteSeconds));
    }
    Mean contrast = new Mean();
    List<double[]> genFeatures = new ArrayList<>();
    Map<String, Double> byCondition = new LinkedHashMap<>();
    int hits = 0;
    for (int c = 0; c < data.gridConditions().size(); c++) {
      List<float[]> conds = Collections.nCopies(perCondition, data.gridConditions().get(c));
      List<AudioClip> clips = generator.generate(conds, StackGanTrainer.mix(seed, c));
      int condHits = 0;
      for (AudioClip generated : clips) {
        AudioClip clip = decoded.apply(generated);
        genFeatures.add(spectralFeatures(clip));
        if (hit(est, clip, pitches.get(c), noteSeconds)) {
          condHits++;
        }
        contrast.add(contrast(clip, pitches.get(c), noteSeconds));
      }
      hits += condHits;
      byCondition.put(data.gridLabels().get(c), condHits / (double) perCondition);
    }
    int generated = perCondition * data.gridConditions().size();
    return new Result(
        perCondition,
        generated,
        hits / (double) generated,
        realHits / (double) real.size(),
        FrechetDistance.between(realFeatures, genFeatures),
        byCondition,
        contrast.value(),
        realContrast.value());
  }

  /** The harmonic contrast of a clip in the band above Stage I (NaN when it has none). */
  static double contrast(AudioClip clip, int pitch, double noteSeconds) {
    if (clip.sampleRate() / 2.0 <= CONTRAST_FROM_HZ) {
      return Double.NaN;
    }
    return HarmonicContrast.of(
        clip,
        PitchEstimator.midiToHz(pitch),
        CONTRAST_FROM_HZ,
        CONTRAST_TO_HZ,
        0.2,
        noteSeconds - 0.2);
  }

  /** A mean that leaves NaN out (NaN when nothing was added). */
  private static final class Mean {
    double sum;
    int n;

    void add(double v) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }

    double value() {
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  private static boolean hit(PitchEstimator est, AudioClip clip, int pitch, double noteSeconds) {
    double f0 = est.estimate(clip, 0.1, noteSeconds);
    return !Double.isNaN(f0) && Math.abs(PitchEstimator.hzToMidi(f0) - pitch) <= 0.5;
  }
}
