package org.musicgan.gan;

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
 * <p>On contiguous float arrays both passes run as branch-free Java loops ({@link FloatChunks}, on
 * both cores). ND4J 1.0.0-M2.1 took 3.6 ns per element for the LeakyReLU forward pass here, and the
 * activations about 50 ms of a paper-width Stage I training step. Other arrays (double precision,
 * views with gaps) go to DL4J's implementation. One difference: where the input is NaN the fast
 * backward pass gives NaN, DL4J's passes the error through.
 */
public class FastLeakyRelu extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

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
    FloatChunks.forEach(
        new INDArray[] {in},
        1,
        (c, len) -> {
          float[] v = c[0];
          if (a == 0) {
            for (int i = 0; i < len; i++) {
              v[i] = Math.max(v[i], 0f);
            }
          } else {
            for (int i = 0; i < len; i++) {
              v[i] = Math.max(v[i], a * v[i]);
            }
          }
        });
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
    // dL/dz into in, as DL4J's implementations do
    FloatChunks.forEach(
        new INDArray[] {in, epsilon},
        1,
        (c, len) -> {
          float[] v = c[0];
          float[] g = c[1];
          if (a == 0) {
            for (int i = 0; i < len; i++) {
              v[i] = g[i] * step(v[i]);
            }
          } else {
            for (int i = 0; i < len; i++) {
              v[i] = g[i] * Math.max(a, 1f - step(-v[i]));
            }
          }
        });
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
