package org.musicgan.gan;

import java.nio.FloatBuffer;
import org.musicgan.audio.dsp.Parallel;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU ({@code alpha = 0}) or LeakyReLU ({@code x > 0 ? x : alpha * x}): the same values and
 * gradients as DL4J's {@link ActivationReLU} and {@link ActivationLReLU}, for the activation layers
 * of the Stage I and II networks.
 *
 * <p>On contiguous float arrays both passes run as branch-free Java loops over 16K-element chunks
 * on both cores (each chunk copied out of the native buffer, transformed and copied back). ND4J
 * 1.0.0-M2.1 took 3.6 ns per element for the LeakyReLU forward pass here, and the activations about
 * 50 ms of a paper-width Stage I training step. Other arrays (double precision, views with gaps) go
 * to DL4J's implementation. One difference: where the input is NaN the fast backward pass gives
 * NaN, DL4J's passes the error through.
 */
public class FastLeakyRelu extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

  /** Elements per chunk: two float chunks (64 KB each) stay in a core's L2 cache. */
  private static final int CHUNK = 1 << 14;

  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[CHUNK], new float[CHUNK]});

  private double alpha;

  /** ReLU; for JSON. */
  public FastLeakyRelu() {
    this(0);
  }

  /**
   * @param alpha the slope for negative inputs: 0 for ReLU, 0.2 for the discriminators' LeakyReLU
   */
  public FastLeakyRelu(double alpha) {
    if (!(alpha >= 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1), got " + alpha);
    }
    this.alpha = alpha;
  }

  /** The slope for negative inputs (0 for ReLU). */
  public double alpha() {
    return alpha;
  }

  private BaseActivationFunction dl4j() {
    return alpha == 0 ? new ActivationReLU() : new ActivationLReLU(alpha);
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    if (!FastConvolutionLayer.contiguousFloats(in)) {
      return dl4j().getActivation(in, training);
    }
    float a = (float) alpha;
    try {
      FloatBuffer x = FastConvolutionLayer.floatBuffer(in);
      int offset = (int) in.offset();
      int n = (int) in.length();
      Parallel.forEach(
          (n + CHUNK - 1) / CHUNK,
          n,
          k -> {
            float[] v = SCRATCH.get()[0];
            int from = k * CHUNK;
            int len = Math.min(CHUNK, n - from);
            x.get(offset + from, v, 0, len);
            if (a == 0) {
              for (int i = 0; i < len; i++) {
                v[i] = Math.max(v[i], 0f);
              }
            } else {
              for (int i = 0; i < len; i++) {
                v[i] = Math.max(v[i], a * v[i]);
              }
            }
            x.put(offset + from, v, 0, len);
          });
    } finally {
      java.lang.ref.Reference.reachabilityFence(in);
    }
    return in;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    if (!FastConvolutionLayer.contiguousFloats(in)
        || !FastConvolutionLayer.contiguousFloats(epsilon)) {
      return dl4j().backprop(in, epsilon);
    }
    float a = (float) alpha;
    try {
      FloatBuffer x = FastConvolutionLayer.floatBuffer(in);
      FloatBuffer e = FastConvolutionLayer.floatBuffer(epsilon);
      int xOffset = (int) in.offset();
      int eOffset = (int) epsilon.offset();
      int n = (int) in.length();
      // dL/dz into in, as DL4J's implementations do
      Parallel.forEach(
          (n + CHUNK - 1) / CHUNK,
          2L * n,
          k -> {
            float[][] s = SCRATCH.get();
            float[] v = s[0];
            float[] g = s[1];
            int from = k * CHUNK;
            int len = Math.min(CHUNK, n - from);
            x.get(xOffset + from, v, 0, len);
            e.get(eOffset + from, g, 0, len);
            if (a == 0) {
              for (int i = 0; i < len; i++) {
                v[i] = g[i] * step(v[i]);
              }
            } else {
              for (int i = 0; i < len; i++) {
                v[i] = g[i] * Math.max(a, 1f - step(-v[i]));
              }
            }
            x.put(xOffset + from, v, 0, len);
          });
    } finally {
      java.lang.ref.Reference.reachabilityFence(in);
      java.lang.ref.Reference.reachabilityFence(epsilon);
    }
    return new Pair<>(in, null);
  }

  /**
   * 1 for {@code x > 0}, else 0 (NaN for NaN), without a branch: the smallest positive float times
   * 2^252 is above 1, and a branch on the sign of random data is mispredicted half the time (it
   * made these loops 2.5-4x slower). C2 vectorises min and max.
   */
  private static float step(float x) {
    return Math.min(Math.max(x * 0x1p126f * 0x1p126f, 0f), 1f);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FastLeakyRelu f && f.alpha == alpha;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(alpha);
  }

  @Override
  public String toString() {
    return alpha == 0 ? "relu" : "leakyrelu(a=" + alpha + ")";
  }
}
