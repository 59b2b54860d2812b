package org.musicgan.gan;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicgan.audio.dsp.Parallel;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link UpsampleConvolution}: nearest-neighbour x2 upsampling and a 3x3 "same"
 * convolution computed on the low-resolution input.
 *
 * <p>Output pixel {@code (2i+a, 2j+b)} of the upsampled convolution reads upsampled rows {@code
 * 2i+a-1 .. 2i+a+1}, which are input rows {@code i-1, i, i} for {@code a = 0} and {@code i, i, i+1}
 * for {@code a = 1} (the same for columns; the zero padding of the upsampled image is the zero
 * padding of the input). So phase {@code (a, b)} is a 2x2 convolution over input rows {@code
 * i-1+a+dy}, columns {@code j-1+b+dx} ({@code dy, dx} in {0, 1}) whose weights are sums of the 3x3
 * weights: kernel row 0 alone or rows 1+2 for {@code a = 0}, rows 0+1 or row 2 alone for {@code a =
 * 1}. The layer builds one im2col of the input's 3x3 neighbourhoods, tap-major ({@code [9*C,
 * b*h*w]}, row {@code (ky*3+kx)*C + c}), in which the two taps of one phase and kernel row ({@code
 * kx = b, b+1}) are {@code 2*C} consecutive rows, so each phase is two matrix products over
 * contiguous row blocks. The backward pass is the transposed products, the adjoint of the weight
 * sums, and a col2im; a training forward pass keeps its im2col and phase weights for it. Float
 * layers with at most {@link #MAX_DIRECT_OUT} output channels skip im2col and products and convolve
 * each phase directly; below {@link #MIN_PHASE_PIXELS} input pixels the layer upsamples and runs
 * the plain convolution. Checked against DL4J's {@code Upsampling2D} + {@code ConvolutionLayer} and
 * central differences ({@code UpsampleConvolutionTest}).
 */
public class UpsampleConvolutionLayer extends FastConvolutionLayer {
  private static final long serialVersionUID = 1L;

  /** Creates the layer. */
  public UpsampleConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Input {@code [b, c, h, w]}, {@code out} output channels; {@code n = b*h*w}. */
  private record Dims(int b, int c, int h, int w, int out) {
    int n() {
      return b * h * w;
    }

    /** First im2col row of phase {@code p}'s taps in kernel row {@code a + dy}. */
    long colRow(int p, int dy) {
      return (long) (((p >> 1) + dy) * 3 + (p & 1)) * c;
    }
  }

  private Dims dims(INDArray x, INDArray weights) {
    var lc = layerConf();
    int[] k = lc.getKernelSize();
    int[] s = lc.getStride();
    int[] pad = lc.getPadding();
    boolean samePadding =
        lc.getConvolutionMode() == ConvolutionMode.Same || (pad[0] == 1 && pad[1] == 1);
    if (k[0] != 3 || k[1] != 3 || s[0] != 1 || s[1] != 1 || !samePadding) {
      throw new IllegalStateException(
          layerId()
              + ": UpsampleConvolution needs a 3x3 kernel, stride 1 and same padding, found kernel "
              + java.util.Arrays.toString(k)
              + ", stride "
              + java.util.Arrays.toString(s));
    }
    if (x.rank() != 4 || x.size(1) != lc.getNIn()) {
      throw new IllegalArgumentException(
          layerId()
              + ": input must be [b, "
              + lc.getNIn()
              + ", h, w], found "
              + java.util.Arrays.toString(x.shape()));
    }
    return new Dims(
        (int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3), (int) weights.size(0));
  }

  /** Rows {@code [from, from + rows)} of the c-order matrix {@code m}, as a contiguous matrix. */
  private static INDArray rows(INDArray m, long from, long rows) {
    long cols = m.size(1);
    return Nd4j.create(
        m.data(), new long[] {rows, cols}, new long[] {cols, 1}, m.offset() + from * cols, 'c');
  }

  /**
   * Below this many input pixels per call ({@code b*h*w}) the layer upsamples its input and runs
   * {@link FastConvolutionLayer}'s plain 3x3 convolution instead: preparing the phase weights
   * ({@code 16*out*C} sums) and eight thin products cost more than the multiply-adds they save, as
   * for one 4x4 paper-width clip (generation).
   */
  static final int MIN_PHASE_PIXELS = 64;

  /** The phase weights of the last training forward pass (valid while its im2col is kept). */
  private transient org.nd4j.linalg.api.buffer.DataBuffer keptPhaseBuffer;

  private transient INDArray keptPhaseWeights;

  /** True while {@link #input} holds the upsampled input of the plain path. */
  private boolean plainPath;

  /** Runs {@code body} on FastConvolutionLayer's path with the input upsampled x2. */
  private <T> T onUpsampledInput(java.util.function.Supplier<T> body) {
    INDArray low = input;
    input = low.repeat(2, 2).repeat(3, 2);
    plainPath = true;
    try {
      return body.get();
    } finally {
      input = low;
      plainPath = false;
    }
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(
      boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    if (plainPath) {
      return super.preOutput(training, forBackprop, workspaceMgr);
    }
    Dims d = dims(input, weights);
    if (direct(d)) {
      INDArray out =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATIONS,
              dataType,
              new long[] {d.b(), d.out(), 2L * d.h(), 2L * d.w()},
              'c');
      fill(out, directForward(floats(input), phaseWeightArray(weights, d), d));
      if (layerConf().hasBias()) {
        INDArray bias =
            getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
        out.addi(bias.reshape(1, bias.length(), 1, 1));
      }
      return new Pair<>(out, null);
    }
    if (d.n() < MIN_PHASE_PIXELS) {
      return onUpsampledInput(() -> super.preOutput(training, forBackprop, workspaceMgr));
    }
    INDArray col = im2col(d, training);
    INDArray wp = phaseWeights(weights, d, training);
    INDArray z = scratch(2, 4L * d.out(), d.n());
    for (int p = 0; p < 4; p++) {
      INDArray zp = rows(z, (long) p * d.out(), d.out());
      for (int dy = 0; dy < 2; dy++) {
        Nd4j.gemm(
            rows(wp, (long) (2 * p + dy) * d.out(), d.out()),
            rows(col, d.colRow(p, dy), 2L * d.c()),
            zp,
            false,
            false,
            1.0,
            dy);
      }
    }
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            dataType,
            new long[] {d.b(), d.out(), 2L * d.h(), 2L * d.w()},
            'c');
    interleave(z, d, out, true);
    if (layerConf().hasBias()) {
      INDArray bias =
          getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
      out.addi(bias.reshape(1, bias.length(), 1, 1));
    }
    return new Pair<>(out, null);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    Dims d = dims(input, weights);
    if (!direct(d) && d.n() < MIN_PHASE_PIXELS) {
      Pair<Gradient, INDArray> r =
          onUpsampledInput(() -> super.backpropGradient(epsilon, workspaceMgr));
      // the upsampling's adjoint: each input pixel collects its 2x2 block
      INDArray e = r.getSecond().reshape('c', d.b(), d.c(), d.h(), 2, d.w(), 2).sum(3, 5);
      return new Pair<>(r.getFirst(), e);
    }
    INDArray delta;
    if (layerConf().getActivationFn() instanceof ActivationIdentity) {
      delta = epsilon;
    } else {
      INDArray z = preOutput(true, true, workspaceMgr).getFirst();
      delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    }
    if (direct(d)) {
      return directBackprop(delta, weights, d, workspaceMgr);
    }
    INDArray dz = scratch(2, 4L * d.out(), d.n());
    interleave(dz, d, delta, false);
    INDArray col = keptCol(input);
    // the forward pass's phase weights, kept with its im2col (weights do not change in between)
    INDArray wp = col != null ? keptPhaseWeights : null;
    if (col == null) {
      col = im2col(d, false);
    }
    INDArray dwp = scratch(4, 8L * d.out(), 2L * d.c());
    for (int p = 0; p < 4; p++) {
      INDArray dzp = rows(dz, (long) p * d.out(), d.out());
      for (int dy = 0; dy < 2; dy++) {
        Nd4j.gemm(
            dzp,
            rows(col, d.colRow(p, dy), 2L * d.c()),
            rows(dwp, (long) (2 * p + dy) * d.out(), d.out()),
            false,
            true,
            1.0,
            0.0);
      }
    }
    INDArray wGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    foldPhaseWeights(dwp, d, wGrad);
    if (wp == null) {
      wp = phaseWeights(weights, d, false);
    }
    INDArray dCol = scratch(1, 9L * d.c(), d.n());
    dCol.assign(0);
    for (int p = 0; p < 4; p++) {
      INDArray dzp = rows(dz, (long) p * d.out(), d.out());
      for (int dy = 0; dy < 2; dy++) {
        Nd4j.gemm(
            rows(wp, (long) (2 * p + dy) * d.out(), d.out()),
            dzp,
            rows(dCol, d.colRow(p, dy), 2L * d.c()),
            true,
            false,
            1.0,
            1.0);
      }
    }
    Gradient ret = new DefaultGradient();
    if (layerConf().hasBias()) {
      INDArray bGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      bGrad.assign(delta.sum(0, 2, 3).reshape(bGrad.shape()));
      ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bGrad);
    }
    ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wGrad, 'c');
    INDArray epsNext =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {d.b(), d.c(), d.h(), d.w()}, 'c');
    col2im(dCol, d, epsNext);
    weightNoiseParams.clear();
    return new Pair<>(ret, backpropDropOutIfPresent(epsNext));
  }

  /**
   * Float layers with at most this many output channels (the generators' last layer, 2 or 3
   * channels) convolve directly: their matrix products would have 2 or 3 rows and be bound by
   * reading a large im2col (at paper widths 75 MB per pass, about 50 ms of a Stage I training step
   * with the products and im2col), while the direct loops below do the same multiply-adds on one
   * input plane at a time in cache.
   */
  static final int MAX_DIRECT_OUT = 4;

  private boolean direct(Dims d) {
    return dataType == DataType.FLOAT && d.out() <= MAX_DIRECT_OUT;
  }

  /*
   * The direct path works on planes in a padded-stride layout: an input plane padded by one zero
   * pixel on each side is (h+2) rows of pw = w+2 (plus one spare row), and a phase plane of the
   * output has h rows of the same stride pw, whose last two columns are spare. Phase p = (a, b)'s
   * tap (dy, dx) then reads input pixel q + shift for output pixel q, shift = sy*pw + sx with (sy,
   * sx) = (a+dy, b+dx), one of nine shifts. Each loop over a plane indexes all its arrays with the
   * same q, in separate arrays: HotSpot's C2 (JDK 17) vectorises those loops, but not one whose
   * arrays are read at different offsets (they might be the same array), which ran 5x slower.
   */

  /** Per-thread plane buffers of the direct path, by slot. */
  private static final ThreadLocal<float[][][]> DIRECT_SCRATCH =
      ThreadLocal.withInitial(() -> new float[4][0][]);

  /** This thread's {@code count} planes of at least {@code length} floats (slot), zeroed. */
  private static float[][] planes(int slot, int count, int length) {
    float[][][] s = DIRECT_SCRATCH.get();
    if (s[slot].length < count || s[slot][0].length < length) {
      float[][] a = new float[Math.max(count, s[slot].length)][];
      for (int i = 0; i < a.length; i++) {
        a[i] = new float[length];
      }
      s[slot] = a;
    }
    for (int i = 0; i < count; i++) {
      java.util.Arrays.fill(s[slot][i], 0, length, 0f);
    }
    return s[slot];
  }

  /**
   * Pads plane {@code [h, w]} at {@code from} into {@code xp} (zeroed) and copies it at the nine
   * shifts into {@code shifted[sy*3 + sx]} ({@code ps} floats each).
   */
  private static void padAndShift(
      float[] x, int from, int h, int w, float[] xp, float[][] shifted, int ps) {
    for (int i = 0; i < h; i++) {
      System.arraycopy(x, from + i * w, xp, (i + 1) * (w + 2) + 1, w);
    }
    for (int sh = 0; sh < 9; sh++) {
      System.arraycopy(xp, (sh / 3) * (w + 2) + sh % 3, shifted[sh], 0, ps);
    }
  }

  /** The shift index {@code sy*3 + sx} of phase {@code p}'s tap {@code (dy, dx)}. */
  private static int shiftOf(int p, int dy, int dx) {
    return ((p >> 1) + dy) * 3 + (p & 1) + dx;
  }

  /** The phase weights as a float array {@code [8*out, 2*C]} (see {@link #phaseWeights}). */
  private float[] phaseWeightArray(INDArray weights, Dims d) {
    // a copy: the scratch array is reused (foldPhaseWeights) while the caller still reads it
    return java.util.Arrays.copyOf(phaseFloats(weights, d), 16 * d.out() * d.c());
  }

  /** Index of phase {@code p}'s tap {@code (dy, dx)} weight for output o, input channel k. */
  private static int phaseWeight(Dims d, int p, int dy, int dx, int o, int k) {
    return ((2 * p + dy) * d.out() + o) * 2 * d.c() + dx * d.c() + k;
  }

  /** The direct path's output {@code [b, out, 2h, 2w]} (no bias) for input {@code x}. */
  private static float[] directForward(float[] x, float[] wp, Dims d) {
    int h = d.h();
    int w = d.w();
    int out = d.out();
    int pw = w + 2;
    int ps = h * pw;
    int hw = h * w;
    float[] img = new float[4 * out * d.n()];
    // one example per task
    Parallel.forEach(
        d.b(),
        16L * out * d.c() * d.b() * ps,
        n -> {
          float[] xp = planes(0, 1, (h + 3) * pw)[0];
          float[][] xs = planes(1, 9, ps);
          float[][] acc = planes(2, 4 * out, ps); // (o, p)
          for (int k = 0; k < d.c(); k++) {
            padAndShift(x, (n * d.c() + k) * hw, h, w, xp, xs, ps);
            for (int o = 0; o < out; o++) {
              for (int p = 0; p < 4; p++) {
                float[] a = acc[o * 4 + p];
                for (int dy = 0; dy < 2; dy++) {
                  for (int dx = 0; dx < 2; dx++) {
                    float wv = wp[phaseWeight(d, p, dy, dx, o, k)];
                    float[] v = xs[shiftOf(p, dy, dx)];
                    for (int q = 0; q < ps; q++) {
                      a[q] += wv * v[q];
                    }
                  }
                }
              }
            }
          }
          // phase p's pixel (i, j) is image pixel (2i+a, 2j+b)
          for (int o = 0; o < out; o++) {
            int plane = (n * out + o) * 4 * hw;
            for (int p = 0; p < 4; p++) {
              float[] a = acc[o * 4 + p];
              for (int i = 0; i < h; i++) {
                int row = plane + (2 * i + (p >> 1)) * 2 * w + (p & 1);
                for (int j = 0; j < w; j++) {
                  img[row + 2 * j] = a[i * pw + j];
                }
              }
            }
          }
        });
    return img;
  }

  /** The direct path's backward pass, from {@code delta} = dL/d(pre-activation output). */
  private Pair<Gradient, INDArray> directBackprop(
      INDArray delta, INDArray weights, Dims d, LayerWorkspaceMgr workspaceMgr) {
    int h = d.h();
    int w = d.w();
    int c = d.c();
    int out = d.out();
    int pw = w + 2;
    int ps = h * pw;
    int hw = h * w;
    float[] e = floats(delta);
    float[] x = floats(input);
    float[] wp = phaseWeightArray(weights, d);
    // dz[(n*out + o)*4 + p][i*pw + j]: the output error per phase, spare columns zero
    float[][] dz = new float[d.b() * out * 4][ps];
    Parallel.forEach(
        d.b() * out,
        4L * d.b() * out * hw,
        t -> {
          int plane = t * 4 * hw;
          for (int p = 0; p < 4; p++) {
            float[] z = dz[t * 4 + p];
            for (int i = 0; i < h; i++) {
              int row = plane + (2 * i + (p >> 1)) * 2 * w + (p & 1);
              for (int j = 0; j < w; j++) {
                z[i * pw + j] = e[row + 2 * j];
              }
            }
          }
        });
    // the input gradient, one (example, channel) plane per task: the error collected per shift,
    // then each shift's sum added to the padded plane at its offset
    float[] dx = new float[d.b() * c * hw];
    Parallel.forEach(
        d.b() * c,
        16L * d.b() * c * out * ps,
        t -> {
          int n = t / c;
          int k = t % c;
          float[][] byShift = planes(1, 9, ps);
          for (int o = 0; o < out; o++) {
            for (int p = 0; p < 4; p++) {
              float[] z = dz[(n * out + o) * 4 + p];
              for (int dy = 0; dy < 2; dy++) {
                for (int dxx = 0; dxx < 2; dxx++) {
                  float wv = wp[phaseWeight(d, p, dy, dxx, o, k)];
                  float[] g = byShift[shiftOf(p, dy, dxx)];
                  for (int q = 0; q < ps; q++) {
                    g[q] += wv * z[q];
                  }
                }
              }
            }
          }
          int padded = (h + 3) * pw;
          float[][] two = planes(0, 2, padded);
          float[] dxp = two[0];
          float[] placed = two[1];
          for (int sh = 0; sh < 9; sh++) {
            int shift = (sh / 3) * pw + sh % 3;
            java.util.Arrays.fill(placed, 0, padded, 0f);
            System.arraycopy(byShift[sh], 0, placed, shift, ps);
            for (int q = 0; q < padded; q++) {
              dxp[q] += placed[q];
            }
          }
          for (int i = 0; i < h; i++) {
            System.arraycopy(dxp, (i + 1) * pw + 1, dx, t * hw + i * w, w);
          }
        });
    // the phase weight gradients, one input channel per task: products summed per pixel over the
    // batch, then over pixels (in double)
    float[] dwp = new float[16 * out * c];
    Parallel.forEach(
        c,
        16L * d.b() * c * out * ps,
        k -> {
          float[] xp = planes(0, 1, (h + 3) * pw)[0];
          float[][] xs = planes(1, 9, ps);
          float[][] sums = planes(2, 16 * out, ps); // (o, p, tap)
          for (int n = 0; n < d.b(); n++) {
            padAndShift(x, (n * c + k) * hw, h, w, xp, xs, ps);
            for (int o = 0; o < out; o++) {
              for (int p = 0; p < 4; p++) {
                float[] z = dz[(n * out + o) * 4 + p];
                for (int tap = 0; tap < 4; tap++) {
                  float[] v = xs[shiftOf(p, tap >> 1, tap & 1)];
                  float[] sum = sums[(o * 4 + p) * 4 + tap];
                  for (int q = 0; q < ps; q++) {
                    sum[q] += z[q] * v[q];
                  }
                }
              }
            }
          }
          for (int o = 0; o < out; o++) {
            for (int p = 0; p < 4; p++) {
              for (int tap = 0; tap < 4; tap++) {
                float[] sum = sums[(o * 4 + p) * 4 + tap];
                double total = 0;
                for (int q = 0; q < ps; q++) {
                  total += sum[q];
                }
                dwp[phaseWeight(d, p, tap >> 1, tap & 1, o, k)] = (float) total;
              }
            }
          }
        });
    INDArray dwpArray = scratch(4, 8L * out, 2L * c);
    fill(dwpArray, dwp);
    INDArray wGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    foldPhaseWeights(dwpArray, d, wGrad);
    Gradient ret = new DefaultGradient();
    if (layerConf().hasBias()) {
      INDArray bGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      bGrad.assign(delta.sum(0, 2, 3).reshape(bGrad.shape()));
      ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bGrad);
    }
    ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wGrad, 'c');
    INDArray epsNext =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {d.b(), c, h, w}, 'c');
    fill(epsNext, dx);
    weightNoiseParams.clear();
    return new Pair<>(ret, backpropDropOutIfPresent(epsNext));
  }

  /**
   * The tap-major im2col {@code [9*C, n]} of the input's 3x3 neighbourhoods (zero padded), kept for
   * backprop when {@code keep}.
   */
  private INDArray im2col(Dims d, boolean keep) {
    INDArray col = colMatrix(input, keep, 9L * d.c(), d.n());
    int length = 9 * d.c() * d.n();
    if (dataType == DataType.DOUBLE) {
      double[] src = doubles(input);
      double[] dst = scratchDoubles(length);
      forEachTapRow(
          d,
          (o, row, lo, hi, dx) -> {
            if (row >= 0) {
              System.arraycopy(src, row + lo + dx, dst, o + lo, hi - lo);
              java.util.Arrays.fill(dst, o, o + lo, 0.0);
              java.util.Arrays.fill(dst, o + hi, o + d.w(), 0.0);
            } else {
              java.util.Arrays.fill(dst, o, o + d.w(), 0.0);
            }
          });
      fill(col, dst, length);
    } else {
      float[] src = sourceFloats(input);
      float[] dst = scratchFloats(length);
      forEachTapRow(
          d,
          (o, row, lo, hi, dx) -> {
            if (row >= 0) {
              System.arraycopy(src, row + lo + dx, dst, o + lo, hi - lo);
              java.util.Arrays.fill(dst, o, o + lo, 0f);
              java.util.Arrays.fill(dst, o + hi, o + d.w(), 0f);
            } else {
              java.util.Arrays.fill(dst, o, o + d.w(), 0f);
            }
          });
      fill(col, dst, length);
    }
    return col;
  }

  /** Adds each im2col entry of {@code dCol} back to its input position, into {@code target}. */
  private void col2im(INDArray dCol, Dims d, INDArray target) {
    int length = d.b() * d.c() * d.h() * d.w();
    if (dataType == DataType.DOUBLE) {
      double[] src = scratchDoubles((int) dCol.length());
      read(dCol, src);
      double[] dst = new double[length];
      forEachTapRow(
          d,
          (o, row, lo, hi, dx) -> {
            if (row >= 0) {
              for (int j = lo; j < hi; j++) {
                dst[row + j + dx] += src[o + j];
              }
            }
          });
      fill(target, dst);
    } else {
      float[] src = scratchFloats((int) dCol.length());
      read(dCol, src);
      float[] dst = new float[length];
      forEachTapRow(
          d,
          (o, row, lo, hi, dx) -> {
            if (row >= 0) {
              for (int j = lo; j < hi; j++) {
                dst[row + j + dx] += src[o + j];
              }
            }
          });
      fill(target, dst);
    }
  }

  /** One row of one tap of the im2col: see {@link #forEachTapRow}. */
  @FunctionalInterface
  private interface TapRow {
    void apply(int o, int row, int lo, int hi, int dx);
  }

  /**
   * Calls {@code f} for each im2col row segment: {@code o} is its start in the im2col, {@code row}
   * the start of the input row it reads ({@code -1} when that row is padding), and columns {@code
   * j} in {@code [lo, hi)} read input column {@code j + dx}.
   */
  private static void forEachTapRow(Dims d, TapRow f) {
    int plane = d.h() * d.w();
    // channels in parallel: im2col rows (t, c) and col2im's input plane c belong to one channel
    Parallel.forEach(
        d.c(),
        9L * d.c() * d.n(),
        c -> {
          for (int t = 0; t < 9; t++) {
            int dy = t / 3 - 1;
            int dx = t % 3 - 1;
            int lo = Math.max(0, -dx);
            int hi = d.w() - Math.max(0, dx);
            int o = (t * d.c() + c) * d.n();
            for (int n = 0; n < d.b(); n++) {
              int base = (n * d.c() + c) * plane;
              for (int i = 0; i < d.h(); i++, o += d.w()) {
                int y = i + dy;
                f.apply(o, y >= 0 && y < d.h() ? base + y * d.w() : -1, lo, hi, dx);
              }
            }
          }
        });
  }

  /**
   * Moves between the four phase blocks {@code z [4*out, n]} and the upsampled NCHW {@code image
   * [b, out, 2h, 2w]}: {@code image[n][o][2i+a][2j+b] = z[(2a+b)*out + o][(n*h+i)*w+j]}, into
   * {@code image} when {@code toImage}, else into {@code z}.
   */
  private void interleave(INDArray z, Dims d, INDArray image, boolean toImage) {
    int length = 4 * d.out() * d.n();
    int w = d.w();
    if (dataType == DataType.DOUBLE) {
      double[] zs = scratchDoubles(length);
      double[] img = toImage ? new double[length] : doubles(image);
      if (toImage) {
        read(z, zs);
      }
      forEachPhaseRow(
          d,
          (zo, io) -> {
            for (int j = 0; j < w; j++) {
              if (toImage) {
                img[io + 2 * j] = zs[zo + j];
              } else {
                zs[zo + j] = img[io + 2 * j];
              }
            }
          });
      fill(toImage ? image : z, toImage ? img : zs, length);
    } else {
      float[] zs = scratchFloats(length);
      float[] img = toImage ? new float[length] : floats(image);
      if (toImage) {
        read(z, zs);
      }
      forEachPhaseRow(
          d,
          (zo, io) -> {
            for (int j = 0; j < w; j++) {
              if (toImage) {
                img[io + 2 * j] = zs[zo + j];
              } else {
                zs[zo + j] = img[io + 2 * j];
              }
            }
          });
      fill(toImage ? image : z, toImage ? img : zs, length);
    }
  }

  @FunctionalInterface
  private interface PhaseRow {
    void apply(int zOffset, int imageOffset);
  }

  /** Calls {@code f} with the start of each phase row in {@code z} and its first image pixel. */
  private static void forEachPhaseRow(Dims d, PhaseRow f) {
    int plane = d.h() * d.w();
    int w2 = 2 * d.w();
    // (phase, output channel) pairs in parallel: each writes its own rows of z or image pixels
    Parallel.forEach(
        4 * d.out(),
        (long) d.out() * d.n(),
        po -> {
          int p = po / d.out();
          int o = po % d.out();
          int a = p >> 1;
          int b = p & 1;
          int zo = (p * d.out() + o) * d.n();
          for (int n = 0; n < d.b(); n++) {
            int io = (n * d.out() + o) * 4 * plane + a * w2 + b;
            for (int i = 0; i < d.h(); i++, zo += d.w(), io += 2 * w2) {
              f.apply(zo, io);
            }
          }
        });
  }

  /** Per-thread rows of {@link #phaseWeights} for one output channel. */
  private static final ThreadLocal<float[]> PHASE_ROWS =
      ThreadLocal.withInitial(() -> new float[0]);

  /** This layer's copy of its weights or their gradient, {@code [out, C, 9]} (reused). */
  private transient float[] kernelFloats;

  private transient double[] kernelDoubles;

  private float[] kernelFloats(int length) {
    if (kernelFloats == null || kernelFloats.length < length) {
      kernelFloats = new float[length];
    }
    return kernelFloats;
  }

  private double[] kernelDoubles(int length) {
    if (kernelDoubles == null || kernelDoubles.length < length) {
      kernelDoubles = new double[length];
    }
    return kernelDoubles;
  }

  /**
   * The start of each phase weight row of output channel {@code o} in {@code [8*out, 2*C]}, by j =
   * (p*2 + dy)*2 + dx.
   */
  private static int[] phaseRowBases(Dims d, int o) {
    int[] rb = new int[16];
    for (int p = 0; p < 4; p++) {
      for (int t = 0; t < 4; t++) {
        rb[p * 4 + t] = phaseWeight(d, p, t >> 1, t & 1, o, 0);
      }
    }
    return rb;
  }

  /**
   * The eight phase weight matrices {@code [8*out, 2*C]}: block {@code 2p+dy} holds phase {@code p
   * = 2a+b}'s weights for input row offset {@code dy}, column {@code dx*C + c}, each the sum of the
   * 3x3 weights that land on that input pixel (kernel rows, and columns, {0} and {1, 2} for a = 0,
   * {0, 1} and {2} for a = 1), in one pass over {@code W} ({@code [out, C, 9]}) with the sums
   * written out ({@link #phaseKernel}; the loop over tap lists it replaced took 14.8 ms for a 1024
   * to 512 channel layer). Kept for backprop when {@code keep}.
   */
  private INDArray phaseWeights(INDArray weights, Dims d, boolean keep) {
    INDArray wp;
    if (keep) {
      long length = 16L * d.out() * d.c();
      if (keptPhaseBuffer == null
          || keptPhaseBuffer.dataType() != dataType
          || keptPhaseBuffer.length() < length) {
        keptPhaseBuffer = null;
        try (var scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
          keptPhaseBuffer = Nd4j.createBuffer(dataType, length, false);
        }
      }
      wp =
          Nd4j.create(
              keptPhaseBuffer,
              new long[] {8L * d.out(), 2L * d.c()},
              new long[] {2L * d.c(), 1},
              0,
              'c');
      keptPhaseWeights = wp;
    } else {
      wp = scratch(3, 8L * d.out(), 2L * d.c());
    }
    int length = 16 * d.out() * d.c();
    if (dataType == DataType.DOUBLE) {
      int c = d.c();
      double[] w = kernelDoubles(9 * d.out() * c);
      copyInto(weights, w);
      double[] r = scratchDoubles(length);
      // double layers are for tests: written in place, without phaseFloats' row buffer
      Parallel.forEach(
          d.out(),
          25L * d.out() * c,
          o -> {
            int[] rb = phaseRowBases(d, o);
            for (int k = 0; k < c; k++) {
              phaseKernel(w, (o * c + k) * 9, r, rb, k);
            }
          });
      fill(wp, r, length);
    } else {
      fill(wp, phaseFloats(weights, d), length);
    }
    return wp;
  }

  /**
   * The float phase weights {@code [8*out, 2*C]} of {@link #phaseWeights}, in this thread's scratch
   * array (valid until its next use).
   */
  private float[] phaseFloats(INDArray weights, Dims d) {
    int c = d.c();
    float[] w = kernelFloats(9 * d.out() * c);
    copyInto(weights, w);
    float[] r = scratchFloats(16 * d.out() * c);
    Parallel.forEach(
        d.out(),
        25L * d.out() * c,
        o -> {
          // one output channel's sixteen rows built in cache, then copied out whole: written in
          // place, rows 4 KB or 4 MB apart share cache sets and ran 2.7x slower
          int stride = c + 16;
          float[] rows = PHASE_ROWS.get();
          if (rows.length < 16 * stride) {
            rows = new float[16 * stride];
            PHASE_ROWS.set(rows);
          }
          int[] local = new int[16];
          for (int j = 0; j < 16; j++) {
            local[j] = j * stride;
          }
          for (int k = 0; k < c; k++) {
            phaseKernel(w, (o * c + k) * 9, rows, local, k);
          }
          int[] rb = phaseRowBases(d, o);
          for (int j = 0; j < 16; j++) {
            System.arraycopy(rows, j * stride, r, rb[j], c);
          }
        });
    return r;
  }

  /** The adjoint of {@link #phaseWeights}: phase weight gradients summed into {@code wGrad}. */
  private void foldPhaseWeights(INDArray dwp, Dims d, INDArray wGrad) {
    int c = d.c();
    int length = 9 * d.out() * c;
    if (dataType == DataType.DOUBLE) {
      double[] g = scratchDoubles(16 * d.out() * c);
      read(dwp, g);
      double[] r = kernelDoubles(length);
      Parallel.forEach(
          d.out(),
          25L * d.out() * c,
          o -> {
            int[] rb = phaseRowBases(d, o);
            for (int k = 0; k < c; k++) {
              foldKernel(g, rb, k, r, (o * c + k) * 9);
            }
          });
      fill(wGrad, r, length);
    } else {
      float[] g = scratchFloats(16 * d.out() * c);
      read(dwp, g);
      float[] r = kernelFloats(length);
      Parallel.forEach(
          d.out(),
          25L * d.out() * c,
          o -> {
            int[] rb = phaseRowBases(d, o);
            for (int k = 0; k < c; k++) {
              foldKernel(g, rb, k, r, (o * c + k) * 9);
            }
          });
      fill(wGrad, r, length);
    }
  }

  /**
   * The sixteen phase weights of one 3x3 kernel {@code w[i .. i+8]} into {@code r[rb[j] + k]}, j =
   * (p*2 + dy)*2 + dx: separable, as the kernel columns summed for (b, dx) ({0}, {1,2}, {0,1} or
   * {2}), then those column sums' rows for (a, dy) (the same four sets).
   */
  private static void phaseKernel(float[] w, int i, float[] r, int[] rb, int k) {
    // b = 0, dx = 0: column {0}; rows give phases p = 0 (a = 0) and 2 (a = 1)
    phaseRows(r, rb, k, 0, 0, w[i], w[i + 3], w[i + 6]);
    // b = 0, dx = 1: columns {1, 2}
    phaseRows(r, rb, k, 0, 1, w[i + 1] + w[i + 2], w[i + 4] + w[i + 5], w[i + 7] + w[i + 8]);
    // b = 1, dx = 0: columns {0, 1}
    phaseRows(r, rb, k, 1, 0, w[i] + w[i + 1], w[i + 3] + w[i + 4], w[i + 6] + w[i + 7]);
    // b = 1, dx = 1: column {2}
    phaseRows(r, rb, k, 1, 1, w[i + 2], w[i + 5], w[i + 8]);
  }

  /** Rows {0}, {1,2} (a = 0) and {0,1}, {2} (a = 1) of column sums c0..c2, phase p = 2a + b. */
  private static void phaseRows(
      float[] r, int[] rb, int k, int b, int dx, float c0, float c1, float c2) {
    r[rb[(b * 2) * 2 + dx] + k] = c0;
    r[rb[(b * 2 + 1) * 2 + dx] + k] = c1 + c2;
    r[rb[((2 + b) * 2) * 2 + dx] + k] = c0 + c1;
    r[rb[((2 + b) * 2 + 1) * 2 + dx] + k] = c2;
  }

  /** The adjoint of {@link #phaseKernel}: kernel gradient {@code r[i .. i+8]} from {@code g}. */
  private static void foldKernel(float[] g, int[] rb, int k, float[] r, int i) {
    // per (b, dx), the gradients of the three column sums (adjoint of phaseRows)
    float a00 = rowAdjoint(g, rb, k, 0, 0, 0);
    float a01 = rowAdjoint(g, rb, k, 0, 0, 1);
    float a02 = rowAdjoint(g, rb, k, 0, 0, 2);
    float b00 = rowAdjoint(g, rb, k, 0, 1, 0);
    float b01 = rowAdjoint(g, rb, k, 0, 1, 1);
    float b02 = rowAdjoint(g, rb, k, 0, 1, 2);
    float c00 = rowAdjoint(g, rb, k, 1, 0, 0);
    float c01 = rowAdjoint(g, rb, k, 1, 0, 1);
    float c02 = rowAdjoint(g, rb, k, 1, 0, 2);
    float d00 = rowAdjoint(g, rb, k, 1, 1, 0);
    float d01 = rowAdjoint(g, rb, k, 1, 1, 1);
    float d02 = rowAdjoint(g, rb, k, 1, 1, 2);
    // columns: (b0,dx0) {0}, (b0,dx1) {1,2}, (b1,dx0) {0,1}, (b1,dx1) {2}; row y
    r[i] = a00 + c00;
    r[i + 1] = b00 + c00;
    r[i + 2] = b00 + d00;
    r[i + 3] = a01 + c01;
    r[i + 4] = b01 + c01;
    r[i + 5] = b01 + d01;
    r[i + 6] = a02 + c02;
    r[i + 7] = b02 + c02;
    r[i + 8] = b02 + d02;
  }

  /** The gradient of column sum {@code y} of (b, dx) in {@link #phaseRows}. */
  private static float rowAdjoint(float[] g, int[] rb, int k, int b, int dx, int y) {
    float v00 = g[rb[(b * 2) * 2 + dx] + k]; // rows {0}
    float v01 = g[rb[(b * 2 + 1) * 2 + dx] + k]; // rows {1, 2}
    float v10 = g[rb[((2 + b) * 2) * 2 + dx] + k]; // rows {0, 1}
    float v11 = g[rb[((2 + b) * 2 + 1) * 2 + dx] + k]; // rows {2}
    return y == 0 ? v00 + v10 : y == 1 ? v01 + v10 : v01 + v11;
  }

  private static void phaseKernel(double[] w, int i, double[] r, int[] rb, int k) {
    // b = 0, dx = 0: column {0}; rows give phases p = 0 (a = 0) and 2 (a = 1)
    phaseRows(r, rb, k, 0, 0, w[i], w[i + 3], w[i + 6]);
    // b = 0, dx = 1: columns {1, 2}
    phaseRows(r, rb, k, 0, 1, w[i + 1] + w[i + 2], w[i + 4] + w[i + 5], w[i + 7] + w[i + 8]);
    // b = 1, dx = 0: columns {0, 1}
    phaseRows(r, rb, k, 1, 0, w[i] + w[i + 1], w[i + 3] + w[i + 4], w[i + 6] + w[i + 7]);
    // b = 1, dx = 1: column {2}
    phaseRows(r, rb, k, 1, 1, w[i + 2], w[i + 5], w[i + 8]);
  }

  private static void phaseRows(
      double[] r, int[] rb, int k, int b, int dx, double c0, double c1, double c2) {
    r[rb[(b * 2) * 2 + dx] + k] = c0;
    r[rb[(b * 2 + 1) * 2 + dx] + k] = c1 + c2;
    r[rb[((2 + b) * 2) * 2 + dx] + k] = c0 + c1;
    r[rb[((2 + b) * 2 + 1) * 2 + dx] + k] = c2;
  }

  private static void foldKernel(double[] g, int[] rb, int k, double[] r, int i) {
    // per (b, dx), the gradients of the three column sums (adjoint of phaseRows)
    double a00 = rowAdjoint(g, rb, k, 0, 0, 0);
    double a01 = rowAdjoint(g, rb, k, 0, 0, 1);
    double a02 = rowAdjoint(g, rb, k, 0, 0, 2);
    double b00 = rowAdjoint(g, rb, k, 0, 1, 0);
    double b01 = rowAdjoint(g, rb, k, 0, 1, 1);
    double b02 = rowAdjoint(g, rb, k, 0, 1, 2);
    double c00 = rowAdjoint(g, rb, k, 1, 0, 0);
    double c01 = rowAdjoint(g, rb, k, 1, 0, 1);
    double c02 = rowAdjoint(g, rb, k, 1, 0, 2);
    double d00 = rowAdjoint(g, rb, k, 1, 1, 0);
    double d01 = rowAdjoint(g, rb, k, 1, 1, 1);
    double d02 = rowAdjoint(g, rb, k, 1, 1, 2);
    // columns: (b0,dx0) {0}, (b0,dx1) {1,2}, (b1,dx0) {0,1}, (b1,dx1) {2}; row y
    r[i] = a00 + c00;
    r[i + 1] = b00 + c00;
    r[i + 2] = b00 + d00;
    r[i + 3] = a01 + c01;
    r[i + 4] = b01 + c01;
    r[i + 5] = b01 + d01;
    r[i + 6] = a02 + c02;
    r[i + 7] = b02 + c02;
    r[i + 8] = b02 + d02;
  }

  private static double rowAdjoint(double[] g, int[] rb, int k, int b, int dx, int y) {
    double v00 = g[rb[(b * 2) * 2 + dx] + k]; // rows {0}
    double v01 = g[rb[(b * 2 + 1) * 2 + dx] + k]; // rows {1, 2}
    double v10 = g[rb[((2 + b) * 2) * 2 + dx] + k]; // rows {0, 1}
    double v11 = g[rb[((2 + b) * 2 + 1) * 2 + dx] + k]; // rows {2}
    return y == 0 ? v00 + v10 : y == 1 ? v01 + v10 : v01 + v11;
  }
}
