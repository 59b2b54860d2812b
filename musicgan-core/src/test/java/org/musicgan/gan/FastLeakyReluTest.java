package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link FastLeakyRelu} against DL4J's ReLU and LeakyReLU, element for element. */
class FastLeakyReluTest {

  private static BaseActivationFunction reference(double alpha) {
    return alpha == 0 ? new ActivationReLU() : new ActivationLReLU(alpha);
  }

  /** Random values with exact zeros, tiny values and a NaN mixed in. */
  private static INDArray input(DataType type, long... shape) {
    INDArray x = Nd4j.rand(type, shape).subi(0.5);
    INDArray flat = x.reshape(-1);
    flat.putScalar(0, 0.0);
    flat.putScalar(x.length() / 2, Double.NaN);
    flat.putScalar(x.length() - 1, -0.0);
    flat.putScalar(1, Float.MIN_VALUE);
    flat.putScalar(2, -Float.MIN_VALUE);
    return x;
  }

  /** The input without its NaN (there DL4J's backward pass passes the error through). */
  private static INDArray finite(INDArray x) {
    INDArray y = x.dup();
    y.putScalar(x.length() / 2, 0.25);
    return y;
  }

  private static void assertSame(INDArray expected, INDArray actual) {
    // equal bit patterns, NaN included
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(-1);
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(-1);
    for (long i = 0; i < e.length(); i++) {
      assertEquals(e.getDouble(i), a.getDouble(i), 0, "element " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, FLOAT, 3",
    "0.2, FLOAT, 3",
    "0, FLOAT, 40000",
    "0.2, FLOAT, 40000",
    "0.2, DOUBLE, 1000",
    "0, DOUBLE, 1000"
  })
  void matchesDl4j(double alpha, String dtype, int n) {
    DataType type = DataType.valueOf(dtype);
    INDArray x = input(type, 2, n);
    INDArray eps = Nd4j.rand(type, 2, n).subi(0.5);
    FastLeakyRelu fast = new FastLeakyRelu(alpha);
    assertSame(reference(alpha).getActivation(x.dup(), true), fast.getActivation(x.dup(), true));
    INDArray xf = finite(x);
    assertSame(
        reference(alpha).backprop(xf.dup(), eps).getFirst(),
        fast.backprop(xf.dup(), eps).getFirst());
    if (type == DataType.FLOAT) { // at NaN the fast backward pass gives NaN
      assertEquals(Double.NaN, fast.backprop(x.dup(), eps).getFirst().getDouble(x.length() / 2), 0);
    }
  }

  @ParameterizedTest
  @CsvSource({"0", "0.2"})
  void worksOnViews(double alpha) {
    FastLeakyRelu fast = new FastLeakyRelu(alpha);
    // contiguous rows 2..3 (an offset into the buffer), and a column block (with gaps)
    INDArrayIndex[][] regions = {
      {NDArrayIndex.interval(2, 4), NDArrayIndex.all()},
      {NDArrayIndex.all(), NDArrayIndex.interval(5, 20000)}
    };
    for (INDArrayIndex[] region : regions) {
      INDArray big = input(DataType.FLOAT, 6, 30000);
      INDArray eps = Nd4j.rand(DataType.FLOAT, 6, 30000).subi(0.5);
      INDArray view = big.get(region);
      INDArray epsView = eps.get(region);
      INDArray finiteView = finite(view);
      assertSame(
          reference(alpha).backprop(finiteView.dup(), epsView).getFirst(),
          fast.backprop(finiteView.dup(), epsView).getFirst());
      // in place on the view itself: its own elements change, no others
      INDArray expected = big.dup();
      reference(alpha).getActivation(expected.get(region), true);
      fast.getActivation(view, true);
      assertSame(expected, big);
    }
  }

  @org.junit.jupiter.api.Test
  void survivesJsonAndRejectsBadSlopes() {
    var layer = new ActivationLayer.Builder().activation(new FastLeakyRelu(0.2)).build();
    var conf = new NeuralNetConfiguration.Builder().list().layer(layer).build();
    var back = org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(conf.toJson());
    assertEquals(
        new FastLeakyRelu(0.2), ((ActivationLayer) back.getConf(0).getLayer()).getActivationFn());
    assertThrows(IllegalArgumentException.class, () -> new FastLeakyRelu(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new FastLeakyRelu(Double.NaN));
  }
}
