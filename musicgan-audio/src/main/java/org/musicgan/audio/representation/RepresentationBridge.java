package org.musicgan.audio.representation;

import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.GriffinLim;
import org.musicgan.audio.dsp.HarmonicExciter;
import org.musicgan.audio.dsp.Resampler;
import org.musicgan.audio.dsp.Stft;

/**
 * Carries a normalised tensor of one representation into another through audio: de-normalise,
 * decode, resample and pad or trim to the target's clip ({@link AudioRepresentation#fit}), encode,
 * normalise. A Stage I (64×64) tensor comes out as the Stage II (256×256) tensor of the same sound,
 * each partial on the row of its frequency in the Stage II grid and with the instantaneous
 * frequency or phase that grid gives it; a band the source cannot hold (above its Nyquist
 * frequency) is silent, unless the bridge adds harmonics ({@link HarmonicExciter}, after the
 * resampling): then each note carries on above it with partials at multiples of its fundamental.
 *
 * <p>With {@code rephase} iterations the source sound is instead rebuilt from the tensor's STFT
 * magnitudes alone by Griffin-Lim from a fixed random phase ({@link GriffinLim#reconstruct}, the
 * source's STFT geometry). A generated source's phases can make its partials beat at the frame
 * rate, and the exciter spreads such beating over the whole band; rebuilding the phase removes much
 * of it (musicgan-core README, "Stage II in session 13").
 *
 * <p>Immutable and thread-safe when its representations are (all of this library's are).
 */
public final class RepresentationBridge {
  private final AudioRepresentation from;
  private final Normalizer fromNormalizer;
  private final AudioRepresentation to;
  private final Normalizer toNormalizer;
  private final double harmonics;
  private final int rephase;

  /**
   * A bridge from {@code from} tensors normalised by {@code fromNormalizer} to {@code to} tensors
   * normalised by {@code toNormalizer}.
   *
   * @throws IllegalArgumentException if a normaliser's channel count is not its representation's
   */
  public RepresentationBridge(
      AudioRepresentation from,
      Normalizer fromNormalizer,
      AudioRepresentation to,
      Normalizer toNormalizer) {
    this(from, fromNormalizer, to, toNormalizer, 0);
  }

  /**
   * The same bridge whose resampled sound gains harmonics by {@code harmonics} ({@link
   * HarmonicExciter#apply}; 0: none) before it is encoded.
   *
   * @throws IllegalArgumentException if a normaliser's channel count is not its representation's,
   *     or {@code harmonics} is negative or not finite
   */
  public RepresentationBridge(
      AudioRepresentation from,
      Normalizer fromNormalizer,
      AudioRepresentation to,
      Normalizer toNormalizer,
      double harmonics) {
    this(from, fromNormalizer, to, toNormalizer, harmonics, 0);
  }

  /**
   * The same bridge whose source sound is rebuilt from the tensor's STFT magnitudes alone by {@code
   * rephase} Griffin-Lim iterations from a fixed random phase (0: decoded as it is).
   *
   * @throws IllegalArgumentException as above, or if {@code rephase} is negative, or positive for a
   *     source that is not a spectral representation
   */
  public RepresentationBridge(
      AudioRepresentation from,
      Normalizer fromNormalizer,
      AudioRepresentation to,
      Normalizer toNormalizer,
      double harmonics,
      int rephase) {
    if (rephase < 0) {
      throw new IllegalArgumentException("rephase must be >= 0, found " + rephase);
    }
    if (rephase > 0 && !(from instanceof SpectralRepresentation)) {
      throw new IllegalArgumentException(
          "rephase needs a spectral source representation, not " + from.name());
    }
    this.rephase = rephase;
    check(from, fromNormalizer);
    check(to, toNormalizer);
    if (!(harmonics >= 0) || Double.isInfinite(harmonics)) {
      throw new IllegalArgumentException("harmonics must be finite and >= 0, found " + harmonics);
    }
    this.from = from;
    this.fromNormalizer = fromNormalizer;
    this.to = to;
    this.toNormalizer = toNormalizer;
    this.harmonics = harmonics;
  }

  private static void check(AudioRepresentation r, Normalizer n) {
    if (r.channels() != n.channels()) {
      throw new IllegalArgumentException(
          r.name() + " has " + r.channels() + " channels, its normaliser " + n.channels());
    }
  }

  /** The source representation. */
  public AudioRepresentation from() {
    return from;
  }

  /** The source tensors' normaliser. */
  public Normalizer fromNormalizer() {
    return fromNormalizer;
  }

  /** The target tensors' normaliser. */
  public Normalizer toNormalizer() {
    return toNormalizer;
  }

  /** The target representation. */
  public AudioRepresentation to() {
    return to;
  }

  /** How much harmonics the bridge adds ({@link HarmonicExciter}; 0: none). */
  public double harmonics() {
    return harmonics;
  }

  /**
   * The target cells {@code [channel][row]} that carry the source's band: frequencies below the
   * source's Nyquist frequency times the resampler's roll-off (where the resampled sound is whole).
   *
   * @throws UnsupportedOperationException if the target's rows are not frequencies
   */
  public boolean[][] sourceBand() {
    double edge = from.sampleRate() / 2.0 * Resampler.KAISER_BEST.rolloff();
    double[][] hz = to.cellHz();
    boolean[][] band = new boolean[hz.length][];
    for (int c = 0; c < hz.length; c++) {
      band[c] = new boolean[hz[c].length];
      for (int r = 0; r < hz[c].length; r++) {
        band[c][r] = hz[c][r] < edge;
      }
    }
    return band;
  }

  /** Griffin-Lim iterations that rebuild the source sound's phase (0: none). */
  public int rephase() {
    return rephase;
  }

  /**
   * Carries one normalised source tensor into a normalised target tensor.
   *
   * @throws IllegalArgumentException if the tensor is not {@code from}'s shape
   */
  public float[][][] apply(float[][][] normalised) {
    float[][][] tensor = fromNormalizer.denormalize(normalised);
    AudioClip source;
    if (rephase > 0) {
      // the tensor's own magnitudes: re-analysing its decoded sound would smear them
      SpectralRepresentation spectral = (SpectralRepresentation) from;
      Stft stft = spectral.stft();
      ComplexSpectrogram s = spectral.toSpectrogram(tensor);
      source =
          new AudioClip(
              GriffinLim.DEFAULT
                  .withIterations(rephase)
                  .reconstruct(stft, s.bins(), s.frames(), s.magnitude(), from.clipSamples()),
              from.sampleRate());
    } else {
      source = from.decode(tensor);
    }
    AudioClip clip = to.fit(source);
    return toNormalizer.normalize(to.encode(HarmonicExciter.apply(clip, harmonics)));
  }
}
