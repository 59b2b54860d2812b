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
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link FastConvolution}: im2col into a contiguous {@code [C*kH*kW, outH*outW]}
 * matrix per example (plain Java loops), then {@code W[out, C*kH*kW] x col} straight into the NCHW
 * output; the backward pass is the two transposed products and a col2im. A training forward pass
 * keeps its im2col in the layer's own buffer for the backward pass. Gradient-checked against
 * central differences ({@code FastConvolutionTest}).
 */
public class FastConvolutionLayer
    extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  /** Creates the layer. */
  public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * While true, backprop computes only the gradient with respect to the input and leaves the
   * parameter gradients as they were: for a network that is back-propagated through but not updated
   * (the discriminator in the generator's step).
   */
  boolean inputGradientOnly;

  /*
   * The im2col of the latest training forward pass, kept in this layer's own buffer for backprop
   * (rebuilding it there took about a tenth of a Stage I training step). It belongs to the input
   * it was built from: setInput and clear drop it, and backprop rebuilds it for any other input.
   * Like DL4J's layers, backprop differentiates the forward pass it follows.
   */
  private transient DataBuffer keptColBuffer;

  /**
   * Largest im2col (elements) a layer keeps: 32 M, 128 MB of floats. Every layer keeps its own, so
   * this bounds what one layer adds to a step's memory; a paper-width Stage I step keeps about 30 M
   * elements in all. Larger ones are rebuilt in backprop, as before. Tests lower it.
   */
  static long maxKeptCol = 1L << 25;

  private transient INDArray keptCol;
  private transient INDArray keptColInput;

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    forgetForwardPass();
    super.setInput(input, workspaceMgr);
  }

  @Override
  public void clear() {
    forgetForwardPass();
    super.clear();
  }

  /** Drops what the last forward pass kept for backprop. */
  void forgetForwardPass() {
    keptCol = null;
    keptColInput = null;
  }

  /**
   * A c-order {@code [rows, cols]} matrix for an im2col of {@code x}: this layer's own buffer,
   * remembered as {@code x}'s im2col, when {@code keep}; else the thread's scratch (slot 0).
   */
  INDArray colMatrix(INDArray x, boolean keep, long rows, long cols) {
    long length = rows * cols;
    if (keep && length > maxKeptCol) {
      forgetForwardPass(); // too large to keep: backprop rebuilds it
      keep = false;
    }
    if (!keep) {
      return scratch(0, rows, cols);
    }
    if (keptColBuffer == null
        || keptColBuffer.dataType() != dataType
        || keptColBuffer.length() < length) {
      keptColBuffer = null; // let the old one go before allocating the new one
      try (var scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        keptColBuffer = Nd4j.createBuffer(dataType, length, false);
      }
    }
    keptCol = Nd4j.create(keptColBuffer, new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
    keptColInput = x;
    return keptCol;
  }

  /**
   * The im2col kept by the last training forward pass if it was built from {@code x}, else null.
   */
  INDArray keptCol(INDArray x) {
    return keptColInput == x ? keptCol : null;
  }

  private record Geometry(
      int b, int c, int h, int w, int kh, int kw, int sy, int sx, int oh, int ow, int pt, int pl) {
    int ckk() {
      return c * kh * kw;
    }

    int ohw() {
      return oh * ow;
    }
  }

  private Geometry geometry(INDArray x) {
    var lc = layerConf();
    int[] k = lc.getKernelSize();
    int[] s = lc.getStride();
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    int oh;
    int ow;
    int pt;
    int pl;
    if (lc.getConvolutionMode() == ConvolutionMode.Same) {
      oh = (h + s[0] - 1) / s[0];
      ow = (w + s[1] - 1) / s[1];
      pt = Math.max(0, (oh - 1) * s[0] + k[0] - h) / 2;
      pl = Math.max(0, (ow - 1) * s[1] + k[1] - w) / 2;
    } else {
      int[] p = lc.getPadding();
      pt = p[0];
      pl = p[1];
      oh = (h + 2 * p[0] - k[0]) / s[0] + 1;
      ow = (w + 2 * p[1] - k[1]) / s[1] + 1;
    }
    if (x.size(1) != lc.getNIn()) {
      throw new IllegalArgumentException(
          layerId() + ": input has " + x.size(1) + " channels, expected " + lc.getNIn());
    }
    return new Geometry(
        (int) x.size(0), (int) x.size(1), h, w, k[0], k[1], s[0], s[1], oh, ow, pt, pl);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(
      boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    Geometry g = geometry(input);
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    long out = weights.size(0);
    INDArray w2d = weights.reshape('c', out, (long) g.ckk());
    INDArray col = im2col(input, g, training);
    INDArray z2 = Nd4j.createUninitialized(dataType, out, (long) g.b() * g.ohw()); // beta 0
    Nd4j.gemm(w2d, col, z2, false, false, 1.0, 0.0);
    INDArray z =
        workspaceMgr
            .dup(ArrayType.ACTIVATIONS, z2.reshape('c', out, g.b(), g.ohw()).permute(1, 0, 2), 'c')
            .reshape('c', g.b(), out, g.oh(), g.ow());
    if (layerConf().hasBias()) {
      INDArray bias =
          getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
      z.addi(bias.reshape(1, bias.length(), 1, 1));
    }
    return new Pair<>(z, null);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    Geometry g = geometry(input);
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    long out = weights.size(0);
    INDArray delta;
    if (layerConf().getActivationFn() instanceof ActivationIdentity) {
      delta = epsilon; // no need to redo the forward product (most layers here: BN follows)
    } else {
      INDArray z = preOutput(true, true, workspaceMgr).getFirst();
      delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    }
    // [b, out, oh*ow] -> [out, b*oh*ow]
    INDArray delta2 =
        delta
            .reshape('c', g.b(), out, g.ohw())
            .permute(1, 0, 2)
            .dup('c')
            .reshape('c', out, (long) g.b() * g.ohw());
    INDArray w2d = weights.reshape('c', out, (long) g.ckk());
    INDArray wGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    if (!inputGradientOnly) {
      INDArray col = keptCol(input);
      if (col == null) {
        col = im2col(input, g, false);
      }
      // straight into the gradient view (a contiguous c-order slice of the flat gradient)
      Nd4j.gemm(delta2, col, wGrad.reshape('c', out, g.ckk()), false, true, 1.0, 0.0);
    }
    INDArray dCol = scratch(1, g.ckk(), (long) g.b() * g.ohw());
    Nd4j.gemm(w2d, delta2, dCol, true, false, 1.0, 0.0);
    Gradient ret = new DefaultGradient();
    if (layerConf().hasBias()) {
      INDArray bGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      if (!inputGradientOnly) {
        bGrad.assign(delta2.sum(1).reshape(bGrad.shape()));
      }
      ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bGrad);
    }
    ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wGrad, 'c');
    INDArray epsNext =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {g.b(), g.c(), g.h(), g.w()}, 'c');
    col2im(dCol, g, epsNext);
    weightNoiseParams.clear();
    return new Pair<>(ret, backpropDropOutIfPresent(epsNext));
  }

  /**
   * Per-thread scratch memory for the im2col matrix and its gradient, which at paper widths are
   * hundreds of MB per layer: allocating them afresh on every call (native buffer plus the Java
   * array it is built in) took about a quarter of a Stage I training step. Each buffer only grows;
   * one set per thread, shared by all layers (they run one after another).
   */
  private static final class Scratch {
    private final DataBuffer[] buffers = new DataBuffer[5];
    private float[] floats = new float[0];
    private double[] doubles = new double[0];

    float[] floats(int length) {
      if (floats.length < length) {
        floats = new float[length];
      }
      return floats;
    }

    private float[] source = new float[0];

    float[] source(int length) {
      if (source.length < length) {
        source = new float[length];
      }
      return source;
    }

    double[] doubles(int length) {
      if (doubles.length < length) {
        doubles = new double[length];
      }
      return doubles;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** This thread's Java scratch array of at least {@code length} floats (not zeroed). */
  static float[] scratchFloats(int length) {
    return SCRATCH.get().floats(length);
  }

  /**
   * The elements of {@code x} in this thread's scratch array for an im2col's source (valid until
   * this thread's next call; beyond {@code x.length()} it holds stale values).
   */
  static float[] sourceFloats(INDArray x) {
    float[] a = SCRATCH.get().source((int) x.length());
    copyInto(x, a);
    return a;
  }

  /** This thread's Java scratch array of at least {@code length} doubles (not zeroed). */
  static double[] scratchDoubles(int length) {
    return SCRATCH.get().doubles(length);
  }

  /**
   * A c-order {@code [rows, cols]} array over this thread's scratch buffer {@code slot} (0: im2col,
   * 1: its gradient, 2-4: {@link UpsampleConvolutionLayer}'s phase outputs and weights).
   */
  INDArray scratch(int slot, long rows, long cols) {
    Scratch s = SCRATCH.get();
    DataBuffer b = s.buffers[slot];
    long length = rows * cols;
    if (b == null || b.dataType() != dataType || b.length() < length) {
      try (var scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        b = Nd4j.createBuffer(dataType, length, false);
      }
      s.buffers[slot] = b;
    }
    return Nd4j.create(b, new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
  }

  /*
   * Bulk copies through NIO views of the native buffers (Nd4j.create(float[]) and asFloat() copy
   * element by element, ~10x slower). A view does not keep its array alive, so every method below
   * fences the array until the copy is done: without that the collector may free the native memory
   * mid-copy (seen as a SIGSEGV in arraycopy).
   */

  /** Reads a c-order array over a scratch buffer (offset 0) into the start of {@code dst}. */
  static void read(INDArray a, float[] dst) {
    try {
      java.nio.FloatBuffer f =
          a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
      f.get(dst, 0, (int) a.length());
    } finally {
      java.lang.ref.Reference.reachabilityFence(a);
    }
  }

  static void read(INDArray a, double[] dst) {
    try {
      java.nio.DoubleBuffer d =
          a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
      d.get(dst, 0, (int) a.length());
    } finally {
      java.lang.ref.Reference.reachabilityFence(a);
    }
  }

  /** True for a float array whose elements are one run of its buffer, in c order. */
  static boolean contiguousFloats(INDArray a) {
    return a.dataType() == DataType.FLOAT
        && a.ordering() == 'c'
        && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a);
  }

  /**
   * A native-order view of {@code a}'s whole buffer (element {@code a.offset()} is {@code a}'s
   * first); callers fence {@code a} until they are done with it.
   */
  static java.nio.FloatBuffer floatBuffer(INDArray a) {
    return a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * Copies the elements of {@code a} (c order) into the start of {@code dst}: straight from its
   * buffer when they are one run of it (a parameter view, say), else through a copy.
   */
  static void copyInto(INDArray a, float[] dst) {
    if (!contiguousFloats(a)) {
      float[] f = floats(a);
      System.arraycopy(f, 0, dst, 0, f.length);
      return;
    }
    try {
      floatBuffer(a).get((int) a.offset(), dst, 0, (int) a.length());
    } finally {
      java.lang.ref.Reference.reachabilityFence(a);
    }
  }

  static void copyInto(INDArray a, double[] dst) {
    if (a.dataType() != DataType.DOUBLE
        || a.ordering() != 'c'
        || !org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a)) {
      double[] f = doubles(a);
      System.arraycopy(f, 0, dst, 0, f.length);
      return;
    }
    try {
      java.nio.DoubleBuffer f =
          a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
      f.get((int) a.offset(), dst, 0, (int) a.length());
    } finally {
      java.lang.ref.Reference.reachabilityFence(a);
    }
  }

  static double[] doubles(INDArray x) {
    INDArray c = x.castTo(DataType.DOUBLE);
    c = c.isView() || c.ordering() != 'c' ? c.dup('c') : c;
    try {
      java.nio.DoubleBuffer d =
          c.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
      d.position((int) c.offset());
      double[] out = new double[(int) c.length()];
      d.get(out);
      return out;
    } finally {
      java.lang.ref.Reference.reachabilityFence(c);
    }
  }

  static float[] floats(INDArray x) {
    INDArray c = x.castTo(DataType.FLOAT);
    c = c.isView() || c.ordering() != 'c' ? c.dup('c') : c;
    try {
      java.nio.FloatBuffer f =
          c.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
      f.position((int) c.offset());
      float[] out = new float[(int) c.length()];
      f.get(out);
      return out;
    } finally {
      java.lang.ref.Reference.reachabilityFence(c);
    }
  }

  /** Writes {@code values} into the contiguous c-order array {@code target}. */
  static void fill(INDArray target, double[] values) {
    fill(target, values, values.length);
  }

  /** Writes the first {@code length} of {@code values} into {@code target}. */
  static void fill(INDArray target, double[] values, int length) {
    try {
      java.nio.DoubleBuffer d =
          target.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
      d.position((int) target.offset());
      d.put(values, 0, length);
    } finally {
      java.lang.ref.Reference.reachabilityFence(target);
    }
  }

  static void fill(INDArray target, float[] values) {
    fill(target, values, values.length);
  }

  static void fill(INDArray target, float[] values, int length) {
    try {
      java.nio.FloatBuffer f =
          target.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
      f.position((int) target.offset());
      f.put(values, 0, length);
    } finally {
      java.lang.ref.Reference.reachabilityFence(target);
    }
  }

  /**
   * {@code [C*kH*kW, b*oh*ow]}: row (c, ky, kx), column (example, oy, ox); kept for backprop when
   * {@code keep}.
   */
  private INDArray im2col(INDArray x, Geometry g, boolean keep) {
    int inPlane = g.h() * g.w();
    int perIn = g.c() * inPlane;
    int cols = g.b() * g.ohw();
    INDArray col = colMatrix(x, keep, g.ckk(), cols);
    if (dataType == DataType.DOUBLE) {
      double[] src = doubles(x);
      double[] dst = SCRATCH.get().doubles(g.ckk() * cols);
      int r = 0;
      for (int c = 0; c < g.c(); c++) {
        for (int ky = 0; ky < g.kh(); ky++) {
          for (int kx = 0; kx < g.kw(); kx++, r++) {
            int o = r * cols;
            for (int b = 0; b < g.b(); b++) {
              int base = b * perIn + c * inPlane;
              for (int oy = 0; oy < g.oh(); oy++) {
                int iy = oy * g.sy() + ky - g.pt();
                boolean rowIn = iy >= 0 && iy < g.h();
                for (int ox = 0; ox < g.ow(); ox++) {
                  int ix = ox * g.sx() + kx - g.pl();
                  dst[o++] = rowIn && ix >= 0 && ix < g.w() ? src[base + iy * g.w() + ix] : 0;
                }
              }
            }
          }
        }
      }
      fill(col, dst, g.ckk() * cols);
      return col;
    }
    float[] src = sourceFloats(x);
    float[] dst = SCRATCH.get().floats(g.ckk() * cols);
    int taps = g.kh() * g.kw();
    int sx = g.sx();
    Parallel.forEach(
        g.c(),
        (long) g.ckk() * cols,
        c -> {
          int r = c * taps;
          for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++, r++) {
              // output columns [lo, hi) read inside the input row, the rest is padding
              int lo = firstInside(kx, g);
              int hi = endInside(kx, g);
              int shift = kx - g.pl();
              int o = r * cols;
              for (int b = 0; b < g.b(); b++) {
                int base = b * perIn + c * inPlane;
                for (int oy = 0; oy < g.oh(); oy++, o += g.ow()) {
                  int iy = oy * g.sy() + ky - g.pt();
                  if (iy < 0 || iy >= g.h() || lo >= hi) {
                    java.util.Arrays.fill(dst, o, o + g.ow(), 0f); // the scratch is not zeroed
                    continue;
                  }
                  java.util.Arrays.fill(dst, o, o + lo, 0f);
                  java.util.Arrays.fill(dst, o + hi, o + g.ow(), 0f);
                  int row = base + iy * g.w() + shift;
                  if (sx == 1) {
                    System.arraycopy(src, row + lo, dst, o + lo, hi - lo);
                  } else {
                    for (int ox = lo; ox < hi; ox++) {
                      dst[o + ox] = src[row + ox * sx];
                    }
                  }
                }
              }
            }
          }
        });
    fill(col, dst, g.ckk() * cols);
    return col;
  }

  /** The first output column whose tap {@code kx} reads inside the input row. */
  private static int firstInside(int kx, Geometry g) {
    int need = g.pl() - kx; // ox * sx >= pl - kx
    return need <= 0 ? 0 : Math.min(g.ow(), (need + g.sx() - 1) / g.sx());
  }

  /** One past the last output column whose tap {@code kx} reads inside the input row. */
  private static int endInside(int kx, Geometry g) {
    int last = g.w() - 1 + g.pl() - kx; // ox * sx <= w - 1 + pl - kx
    return last < 0 ? 0 : Math.min(g.ow(), last / g.sx() + 1);
  }

  /** Adds every column entry of {@code dCol} back to its input position in {@code target}. */
  private void col2im(INDArray dCol, Geometry g, INDArray target) {
    int inPlane = g.h() * g.w();
    int perIn = g.c() * inPlane;
    int cols = g.b() * g.ohw();
    if (dataType == DataType.DOUBLE) {
      double[] src = SCRATCH.get().doubles((int) dCol.length());
      read(dCol, src);
      double[] dst = new double[g.b() * perIn];
      int r = 0;
      for (int c = 0; c < g.c(); c++) {
        for (int ky = 0; ky < g.kh(); ky++) {
          for (int kx = 0; kx < g.kw(); kx++, r++) {
            int o = r * cols;
            for (int b = 0; b < g.b(); b++) {
              int base = b * perIn + c * inPlane;
              for (int oy = 0; oy < g.oh(); oy++) {
                int iy = oy * g.sy() + ky - g.pt();
                for (int ox = 0; ox < g.ow(); ox++, o++) {
                  int ix = ox * g.sx() + kx - g.pl();
                  if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                    dst[base + iy * g.w() + ix] += src[o];
                  }
                }
              }
            }
          }
        }
      }
      fill(target, dst);
      return;
    }
    float[] src = SCRATCH.get().floats((int) dCol.length());
    read(dCol, src);
    float[] dst = new float[g.b() * perIn];
    int taps = g.kh() * g.kw();
    int sx = g.sx();
    Parallel.forEach(
        g.c(),
        (long) g.ckk() * cols,
        c -> {
          int r = c * taps;
          for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++, r++) {
              int lo = firstInside(kx, g);
              int hi = endInside(kx, g);
              int shift = kx - g.pl();
              int o = r * cols;
              for (int b = 0; b < g.b(); b++) {
                int base = b * perIn + c * inPlane;
                for (int oy = 0; oy < g.oh(); oy++, o += g.ow()) {
                  int iy = oy * g.sy() + ky - g.pt();
                  if (iy < 0 || iy >= g.h()) {
                    continue;
                  }
                  int row = base + iy * g.w() + shift;
                  for (int ox = lo; ox < hi; ox++) {
                    dst[row + ox * sx] += src[o + ox];
                  }
                }
              }
            }
          }
        });
    fill(target, dst);
  }
}
