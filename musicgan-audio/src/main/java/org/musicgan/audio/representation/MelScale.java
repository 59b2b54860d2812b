package org.musicgan.audio.representation;

/**
 * A square linear-to-mel projection as GANSynth uses it: HTK mel ({@code 1127 ln(1 + f/700)}),
 * triangular filters with edges equally spaced in mel from 0 Hz to Nyquist, as many mel bins as
 * linear bins, and GANSynth's approximate inverse (the transpose with a normalising diagonal).
 */
final class MelScale {
  private final int bins;
  private final float[][] toMel; // [linear][mel]
  private final float[][] toLinear; // [mel][linear]
  private final double[] centreHz;

  /**
   * @param bins number of linear (and mel) bins
   * @param firstBinHz frequency of linear bin 0
   * @param binHz spacing of the linear bins
   * @param nyquistHz top of the mel range
   */
  MelScale(int bins, double firstBinHz, double binHz, double nyquistHz) {
    this.bins = bins;
    double melTop = hzToMel(nyquistHz);
    double[] edges = new double[bins + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melTop * i / (bins + 1);
    }
    centreHz = new double[bins];
    for (int m = 0; m < bins; m++) {
      centreHz[m] = 700 * Math.expm1(edges[m + 1] / 1127);
    }
    toMel = new float[bins][bins];
    for (int k = 0; k < bins; k++) {
      double mel = hzToMel(firstBinHz + k * binHz);
      for (int m = 0; m < bins; m++) {
        double lower = (mel - edges[m]) / (edges[m + 1] - edges[m]);
        double upper = (edges[m + 2] - mel) / (edges[m + 2] - edges[m + 1]);
        toMel[k][m] = (float) Math.max(0, Math.min(lower, upper));
      }
    }
    // GANSynth's _mel_to_linear_matrix: m_t * diag(d), d = 1 / colsum(m * m_t)
    double[] d = new double[bins];
    for (int j = 0; j < bins; j++) {
      double sum = 0;
      for (int i = 0; i < bins; i++) {
        double p = 0;
        for (int m = 0; m < bins; m++) {
          p += (double) toMel[i][m] * toMel[j][m];
        }
        sum += p;
      }
      d[j] = Math.abs(sum) > 1e-8 ? 1 / sum : sum;
    }
    toLinear = new float[bins][bins];
    for (int m = 0; m < bins; m++) {
      for (int j = 0; j < bins; j++) {
        toLinear[m][j] = (float) (toMel[j][m] * d[j]);
      }
    }
  }

  /** The centre frequency of mel band {@code m} in Hz (its triangle's peak). */
  double centreHz(int m) {
    return centreHz[m];
  }

  static double hzToMel(double hz) {
    return 1127.0 * Math.log1p(hz / 700.0);
  }

  /** Projects {@code [linear][frame]} onto {@code [mel][frame]}. */
  float[][] toMel(float[][] linear) {
    return project(linear, toMel, true);
  }

  /** Projects {@code [mel][frame]} back onto {@code [linear][frame]} (approximately). */
  float[][] toLinear(float[][] mel) {
    return project(mel, toLinear, false);
  }

  private float[][] project(float[][] in, float[][] matrix, boolean inputIsRow) {
    int frames = in[0].length;
    float[][] out = new float[bins][frames];
    for (int a = 0; a < bins; a++) {
      for (int b = 0; b < bins; b++) {
        // toMel is [linear][mel]: out[mel] += in[linear] * w[linear][mel]
        // toLinear is [mel][linear]: out[linear] += in[mel] * w[mel][linear]
        float w = matrix[a][b];
        if (w == 0) {
          continue;
        }
        float[] src = in[a];
        float[] dst = out[b];
        for (int t = 0; t < frames; t++) {
          dst[t] += w * src[t];
        }
      }
    }
    return out;
  }
}
