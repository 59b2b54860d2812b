package org.musicgan.audio.dsp;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward STFT for a power-of-two {@code nFft >= 16} with {@code hop = nFft / 2} on the JDK's
 * incubating Vector API: {@code L} frames at once (one per vector lane, {@code L = 8} on AVX2), so
 * every butterfly is a handful of full-width vector operations and each bin of {@code L}
 * consecutive frames is one store into the bin-major output. Loaded only when {@code
 * jdk.incubator.vector} is present ({@link SmallMatMul#VECTOR}), so nothing else may refer to it
 * directly.
 *
 * <p>Per block of {@code L} frames: the {@code L + 1} half-frame chunks the block spans are
 * transposed once into lane order (with hop = nFft/2 frame {@code l} is chunks {@code l} and {@code
 * l + 1}, so each sample is moved once); the {@code nFft} real samples are windowed and packed as
 * {@code nFft/2} complex values {@code z[j] = x[2j] + i x[2j+1]} in digit-reversed order; an
 * in-place decimation-in-time FFT of radix 4 (one radix-2 stage first when {@code log2(nFft/2)} is
 * odd) follows; the usual split {@code X[k] = E[k] - i W^k O[k]} then gives the one-sided spectrum
 * of the real frames.
 *
 * <p>Not thread-safe: {@link Stft} keeps one per thread.
 */
final class VectorFft {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final int n;
  private final int m; // complex points = hop
  private final float[] window;
  private final int[] position; // position[j]: where z[j] goes (digit-reversed)
  private final int[] radix; // per stage, first stage first
  private final float[][] twiddles; // per stage: [j][w1 re, w1 im, w2 re, w2 im, w3 re, w3 im]
  private final float[] splitRe; // W^k = exp(-2 pi i k / nFft) / 2, k = 0 .. m/2
  private final float[] splitIm;
  private final float[] chunks; // [i][L + 1]: sample i of each chunk of the block
  private final float[] re; // [m][L]
  private final float[] im;
  private final float[] lanes = new float[L];

  VectorFft(int nFft, float[] window) {
    if (Integer.bitCount(nFft) != 1 || nFft < 16) {
      throw new IllegalArgumentException("nFft must be a power of two >= 16, found " + nFft);
    }
    this.n = nFft;
    this.m = nFft / 2;
    this.window = window;
    int bits = Integer.numberOfTrailingZeros(m);
    radix = new int[bits / 2 + bits % 2];
    Arrays.fill(radix, 4);
    if (bits % 2 == 1) {
      radix[0] = 2;
    }
    int[] source = digitReversal(m, radix.length);
    position = new int[m];
    for (int p = 0; p < m; p++) {
      position[source[p]] = p;
    }
    twiddles = new float[radix.length][];
    for (int st = 0, len = 1; st < radix.length; st++) {
      int quarter = len;
      len *= radix[st];
      float[] t = new float[quarter * 6];
      for (int j = 0; j < quarter; j++) {
        for (int q = 1; q < radix[st]; q++) {
          double a = -2 * Math.PI * q * j / len;
          t[j * 6 + 2 * (q - 1)] = (float) Math.cos(a);
          t[j * 6 + 2 * (q - 1) + 1] = (float) Math.sin(a);
        }
      }
      twiddles[st] = t;
    }
    splitRe = new float[m / 2 + 1];
    splitIm = new float[m / 2 + 1];
    for (int k = 0; k <= m / 2; k++) {
      splitRe[k] = (float) (0.5 * Math.cos(-2 * Math.PI * k / n));
      splitIm[k] = (float) (0.5 * Math.sin(-2 * Math.PI * k / n));
    }
    chunks = new float[m * (L + 1)];
    re = new float[m * L];
    im = new float[m * L];
  }

  /**
   * The input order of an in-place DIT FFT of {@code size} points whose stages use {@code radix[0
   * .. stages)}: {@code result[p]} is the index of the value that must sit at {@code p}.
   */
  private int[] digitReversal(int size, int stages) {
    if (stages == 0) {
      return new int[] {0};
    }
    int r = radix[stages - 1];
    int[] sub = digitReversal(size / r, stages - 1);
    int[] out = new int[size];
    for (int q = 0; q < r; q++) {
      for (int s = 0; s < sub.length; s++) {
        out[q * sub.length + s] = r * sub[s] + q;
      }
    }
    return out;
  }

  /**
   * Writes the STFT of {@code signal} (reflect-padded by nFft/2 at both ends) into bin-major {@code
   * outRe}/{@code outIm} ({@code (m + 1) * frames} each; the DC and Nyquist imaginary parts are
   * left as they are).
   */
  void forward(float[] signal, int frames, float[] outRe, float[] outIm) {
    for (int f0 = 0; f0 < frames; f0 += L) {
      int count = Math.min(L, frames - f0);
      load(signal, f0, frames);
      butterflies();
      split(f0, count, frames, outRe, outIm);
    }
  }

  /** Transposes the block's chunks, then windows and packs them into {@link #re}/{@link #im}. */
  private void load(float[] signal, int f0, int frames) {
    int len = signal.length;
    int w = L + 1;
    // chunk c covers signal [(f0 + c - 1) m, (f0 + c) m); lanes past the last frame repeat chunks
    int first = (f0 - 1) * m;
    int end = (Math.min(f0 + L, frames) - 1) * m + m;
    if (first >= 0 && end <= len && f0 + L <= frames) {
      for (int i = 0, o = 0; i < m; i++, o += w) { // row by row: the stores stay sequential
        for (int c = 0, at = first + i; c <= L; c++, at += m) {
          chunks[o + c] = signal[at];
        }
      }
    } else {
      for (int c = 0; c <= L; c++) {
        int start = (Math.min(f0 + c, frames) - 1) * m;
        for (int i = 0, o = c; i < m; i++, o += w) {
          chunks[o] = signal[Stft.reflect(start + i, len)];
        }
      }
    }
    for (int j = 0; j < m; j++) {
      int s = 2 * j; // sample s of frame l: chunk l at s, or chunk l + 1 at s - m
      int a = s < m ? s * w : (s - m) * w + 1;
      int b = s + 1 < m ? (s + 1) * w : (s + 1 - m) * w + 1;
      int p = position[j] * L;
      FloatVector.fromArray(S, chunks, a).mul(window[s]).intoArray(re, p);
      FloatVector.fromArray(S, chunks, b).mul(window[s + 1]).intoArray(im, p);
    }
  }

  private void butterflies() {
    for (int st = 0, len = 1; st < radix.length; st++) {
      int quarter = len;
      len *= radix[st];
      if (radix[st] == 2) { // only ever the first stage: no twiddles
        for (int s = 0; s < m; s += 2) {
          int a = s * L;
          int b = a + L;
          FloatVector ar = FloatVector.fromArray(S, re, a);
          FloatVector ai = FloatVector.fromArray(S, im, a);
          FloatVector br = FloatVector.fromArray(S, re, b);
          FloatVector bi = FloatVector.fromArray(S, im, b);
          ar.add(br).intoArray(re, a);
          ai.add(bi).intoArray(im, a);
          ar.sub(br).intoArray(re, b);
          ai.sub(bi).intoArray(im, b);
        }
      } else {
        radix4(quarter, len, twiddles[st]);
      }
    }
  }

  /** One radix-4 stage: groups of {@code len} points, butterflies {@code quarter} apart. */
  private void radix4(int quarter, int len, float[] t) {
    int step = quarter * L;
    for (int s = 0; s < m; s += len) {
      for (int j = 0; j < quarter; j++) {
        int i0 = (s + j) * L;
        int i1 = i0 + step;
        int i2 = i1 + step;
        int i3 = i2 + step;
        FloatVector a0r = FloatVector.fromArray(S, re, i0);
        FloatVector a0i = FloatVector.fromArray(S, im, i0);
        FloatVector a1r = FloatVector.fromArray(S, re, i1);
        FloatVector a1i = FloatVector.fromArray(S, im, i1);
        FloatVector a2r = FloatVector.fromArray(S, re, i2);
        FloatVector a2i = FloatVector.fromArray(S, im, i2);
        FloatVector a3r = FloatVector.fromArray(S, re, i3);
        FloatVector a3i = FloatVector.fromArray(S, im, i3);
        if (quarter > 1) { // the first radix-4 stage has only unit twiddles
          int o = j * 6;
          FloatVector x = a1r;
          a1r = a1r.mul(t[o]).sub(a1i.mul(t[o + 1]));
          a1i = a1i.mul(t[o]).add(x.mul(t[o + 1]));
          x = a2r;
          a2r = a2r.mul(t[o + 2]).sub(a2i.mul(t[o + 3]));
          a2i = a2i.mul(t[o + 2]).add(x.mul(t[o + 3]));
          x = a3r;
          a3r = a3r.mul(t[o + 4]).sub(a3i.mul(t[o + 5]));
          a3i = a3i.mul(t[o + 4]).add(x.mul(t[o + 5]));
        }
        FloatVector s02r = a0r.add(a2r);
        FloatVector s02i = a0i.add(a2i);
        FloatVector d02r = a0r.sub(a2r);
        FloatVector d02i = a0i.sub(a2i);
        FloatVector s13r = a1r.add(a3r);
        FloatVector s13i = a1i.add(a3i);
        FloatVector d13r = a1r.sub(a3r);
        FloatVector d13i = a1i.sub(a3i);
        s02r.add(s13r).intoArray(re, i0);
        s02i.add(s13i).intoArray(im, i0);
        s02r.sub(s13r).intoArray(re, i2);
        s02i.sub(s13i).intoArray(im, i2);
        d02r.add(d13i).intoArray(re, i1); // d02 - i d13
        d02i.sub(d13r).intoArray(im, i1);
        d02r.sub(d13i).intoArray(re, i3); // d02 + i d13
        d02i.add(d13r).intoArray(im, i3);
      }
    }
  }

  /**
   * The spectrum of the real frames from the complex one: with {@code E = (Z[k] + conj Z[m-k])/2},
   * {@code O = (Z[k] - conj Z[m-k])/2}, {@code X[k] = E - i W^k O} and {@code X[m-k] = conj(E) +
   * conj(i W^k O)}, {@code W = exp(-2 pi i / nFft)}.
   */
  private void split(int f0, int count, int frames, float[] outRe, float[] outIm) {
    for (int k = 0; k <= m / 2; k++) {
      int a = k * L;
      int b = ((m - k) % m) * L;
      FloatVector zr = FloatVector.fromArray(S, re, a);
      FloatVector zi = FloatVector.fromArray(S, im, a);
      FloatVector yr = FloatVector.fromArray(S, re, b);
      FloatVector yi = FloatVector.fromArray(S, im, b);
      FloatVector er = zr.add(yr).mul(0.5f);
      FloatVector ei = zi.sub(yi).mul(0.5f);
      FloatVector or = zr.sub(yr);
      FloatVector oi = zi.add(yi);
      float c = splitRe[k];
      float s = splitIm[k];
      FloatVector wr = or.mul(c).sub(oi.mul(s)); // W^k O
      FloatVector wi = oi.mul(c).add(or.mul(s));
      int at = k * frames + f0;
      int mirror = (m - k) * frames + f0;
      store(er.add(wi), outRe, at, count);
      if (k > 0) {
        store(ei.sub(wr), outIm, at, count);
      }
      if (k < m - k) { // k = 0 mirrors to the Nyquist bin, whose imaginary part stays 0
        store(er.sub(wi), outRe, mirror, count);
        if (k > 0) {
          store(ei.neg().sub(wr), outIm, mirror, count);
        }
      }
    }
  }

  private void store(FloatVector v, float[] out, int at, int count) {
    if (count == L) {
      v.intoArray(out, at);
    } else {
      v.intoArray(lanes, 0);
      System.arraycopy(lanes, 0, out, at, count);
    }
  }
}
