package org.musicgan.audio.dsp;

/**
 * STFT geometry: FFT size and hop, with a periodic Hann window of {@code nFft} samples and
 * torch/librosa's {@code center=True} framing (the signal is reflect-padded by {@code nFft / 2} on
 * both sides, so frame {@code t} is centred on sample {@code t * hop}).
 *
 * @param nFft FFT size; even, &ge; 4
 * @param hop hop length in samples; 1 &le; hop &le; nFft
 */
public record StftConfig(int nFft, int hop) {

  /** Validates the geometry. */
  public StftConfig {
    if (nFft < 4 || nFft % 2 != 0) {
      throw new IllegalArgumentException("nFft must be even and >= 4, found " + nFft);
    }
    if (hop < 1 || hop > nFft) {
      throw new IllegalArgumentException("hop must be in [1, nFft=" + nFft + "], found " + hop);
    }
  }

  /** The seed's default: hop = nFft / 2. */
  public static StftConfig halfOverlap(int nFft) {
    return new StftConfig(nFft, nFft / 2);
  }

  /** Number of frequency bins, {@code nFft / 2 + 1}. */
  public int bins() {
    return nFft / 2 + 1;
  }

  /** Number of frames for a signal of {@code length} samples: {@code 1 + length / hop}. */
  public int frames(int length) {
    return 1 + length / hop;
  }
}
