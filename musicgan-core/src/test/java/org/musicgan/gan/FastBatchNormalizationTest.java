package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FastBatchNormalization} against DL4J's {@link BatchNormalization} with the same
 * parameters: training and inference outputs, the input gradient, and every gradient (gamma, beta
 * and the running-statistics updates, in both of DL4J's variance parameterisations).
 */
class FastBatchNormalizationTest {

  @AfterEach
  void restore() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  private static GanGraph net(Layer layer, InputType in, DataType type) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(type)
            .trainingWorkspaceMode(WorkspaceMode.NONE)
            .inferenceWorkspaceMode(WorkspaceMode.NONE)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(in)
            .addLayer("bn", layer, "in")
            .setOutputs("bn")
            .build();
    GanGraph g = new GanGraph(conf);
    g.init();
    return g;
  }

  @ParameterizedTest
  @CsvSource({
    "4, 3, 5, 6, true, DOUBLE",
    "2, 5, 4, 4, false, DOUBLE",
    "3, 4, 1, 1, true, DOUBLE",
    "4, 3, 5, 6, true, FLOAT",
    "5, 2, 3, 0, true, DOUBLE"
  })
  void matchesDl4jBatchNormalization(int b, int c, int h, int w, boolean logStd, String dtype) {
    DataType type = DataType.valueOf(dtype);
    Nd4j.setDefaultDataTypes(type, type);
    double tol = type == DataType.DOUBLE ? 1e-10 : 2e-5;
    // w == 0: a dense [b, c] input, which both hand to DL4J's own code
    InputType in = w == 0 ? InputType.feedForward(c) : InputType.convolutional(h, w, c);
    FastBatchNormalization fastConf = new FastBatchNormalization();
    fastConf.setUseLogStd(logStd);
    GanGraph fast = net(fastConf, in, type);
    GanGraph ref = net(new BatchNormalization.Builder().useLogStd(logStd).build(), in, type);
    INDArray p = Nd4j.rand(type, fast.params().shape()).subi(0.5);
    fast.params().assign(p);
    ref.params().assign(p);
    if (!logStd) {
      // variances must be positive: the last c parameters are the running variance
      fast.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3L * c, 4L * c)).addi(1);
      ref.params().assign(fast.params());
    }
    long[] shape = w == 0 ? new long[] {b, c} : new long[] {b, c, h, w};
    INDArray x = Nd4j.rand(type, shape).muli(3).addi(0.7);
    INDArray yFast = fast.forwardForBackprop(x).get("bn");
    INDArray yRef = ref.forwardForBackprop(x).get("bn");
    assertEquals(0, yFast.sub(yRef).amaxNumber().doubleValue(), tol, "training output");
    INDArray eps = Nd4j.rand(type, yFast.shape()).subi(0.5);
    INDArray dxFast = fast.backpropToInputs(eps)[0];
    INDArray gFast = fast.lastGradient().gradient().dup();
    INDArray dxRef = ref.backpropToInputs(eps)[0];
    INDArray gRef = ref.lastGradient().gradient().dup();
    assertEquals(0, dxFast.sub(dxRef).amaxNumber().doubleValue(), tol, "input gradient");
    assertEquals(0, gFast.sub(gRef).amaxNumber().doubleValue(), tol, "parameter gradients");
    INDArray tFast = fast.output(false, x)[0];
    INDArray tRef = ref.output(false, x)[0];
    assertEquals(0, tFast.sub(tRef).amaxNumber().doubleValue(), tol, "inference output");
  }

  /**
   * With two statistics groups each half of the batch is normalised on its own: outputs and input
   * gradients are those of two separate passes, gamma and beta gradients their sum, the running
   * statistics move by the halves' average.
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void statisticsGroupsNormaliseEachBlockOnItsOwn(boolean logStd) {
    DataType type = DataType.DOUBLE;
    Nd4j.setDefaultDataTypes(type, type);
    int b = 3;
    int c = 4;
    InputType in = InputType.convolutional(5, 3, c);
    FastBatchNormalization conf = new FastBatchNormalization();
    conf.setUseLogStd(logStd);
    GanGraph grouped = net(conf, in, type);
    GanGraph single = net(conf.clone(), in, type);
    INDArray p = Nd4j.rand(type, grouped.params().shape()).subi(0.5);
    if (!logStd) {
      p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3L * c, 4L * c)).addi(1);
    }
    grouped.params().assign(p);
    single.params().assign(p);
    ((FastBatchNormalizationLayer) grouped.getLayer("bn")).groups = 2;
    INDArray x = Nd4j.rand(type, 2 * b, c, 5, 3).muli(3).addi(0.7);
    // the second half on another scale, so one set of statistics for both would differ
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, 2 * b)).muli(4).subi(2);
    INDArray eps = Nd4j.rand(type, 2 * b, c, 5, 3).subi(0.5);
    INDArray y = grouped.forwardForBackprop(x).get("bn");
    INDArray dx = grouped.backpropToInputs(eps)[0];
    INDArray g = grouped.lastGradient().gradient().dup();
    INDArray gSum = Nd4j.zeros(type, g.shape());
    for (int half = 0; half < 2; half++) {
      var rows = org.nd4j.linalg.indexing.NDArrayIndex.interval(half * b, (half + 1) * b);
      INDArray yHalf = single.forwardForBackprop(x.get(rows).dup()).get("bn");
      INDArray dxHalf = single.backpropToInputs(eps.get(rows).dup())[0];
      gSum.addi(single.lastGradient().gradient());
      assertEquals(0, y.get(rows).sub(yHalf).amaxNumber().doubleValue(), 1e-10, "output " + half);
      assertEquals(0, dx.get(rows).sub(dxHalf).amaxNumber().doubleValue(), 1e-10, "dx " + half);
    }
    var affine = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2L * c);
    var running = org.nd4j.linalg.indexing.NDArrayIndex.interval(2L * c, 4L * c);
    assertEquals(
        0, g.get(affine).sub(gSum.get(affine)).amaxNumber().doubleValue(), 1e-10, "gamma, beta");
    assertEquals(
        0,
        g.get(running).sub(gSum.get(running).div(2)).amaxNumber().doubleValue(),
        1e-10,
        "running statistics");
  }
}
