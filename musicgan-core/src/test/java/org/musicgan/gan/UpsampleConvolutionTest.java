package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link UpsampleConvolution} against DL4J's own {@code Upsampling2D(2)} followed by a 3x3 "same"
 * {@code ConvolutionLayer} with the same parameters (outputs, input gradients and parameter
 * gradients), and against central differences in double precision; on all three of its paths: the
 * direct loops of float layers with at most {@link UpsampleConvolutionLayer#MAX_DIRECT_OUT} output
 * channels (the float cases with 3, 2 and 4), otherwise the phase products from {@link
 * UpsampleConvolutionLayer#MIN_PHASE_PIXELS} input pixels on (b*h*w here is 75, 72, 72, 96) and the
 * plain convolution of the upsampled input below (9, 18, 12, 18).
 */
class UpsampleConvolutionTest {

  @AfterEach
  void restore() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  private static NeuralNetConfiguration.Builder base(DataType type) {
    return new NeuralNetConfiguration.Builder()
        .seed(5)
        .dataType(type)
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE);
  }

  private static GanGraph fused(int c, int out, int h, int w, String act, DataType type) {
    var conf =
        base(type)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(h, w, c))
            .addLayer(
                "conv",
                new UpsampleConvolution(out, Activation.valueOf(act).getActivationFunction()),
                "in")
            .setOutputs("conv")
            .build();
    GanGraph g = new GanGraph(conf);
    g.init();
    return g;
  }

  private static GanGraph reference(int c, int out, int h, int w, String act, DataType type) {
    var conf =
        base(type)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(h, w, c))
            .addLayer("up", new Upsampling2D.Builder(2).build(), "in")
            .addLayer(
                "conv",
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(out)
                    .convolutionMode(ConvolutionMode.Same)
                    .activation(Activation.valueOf(act))
                    .build(),
                "up")
            .setOutputs("conv")
            .build();
    GanGraph g = new GanGraph(conf);
    g.init();
    return g;
  }

  @ParameterizedTest
  @CsvSource({
    "3, 4, 5, 5, IDENTITY, DOUBLE",
    "2, 3, 4, 6, TANH, DOUBLE",
    "1, 2, 1, 3, IDENTITY, DOUBLE",
    "5, 1, 3, 2, LEAKYRELU, DOUBLE",
    "4, 3, 4, 8, IDENTITY, FLOAT",
    "3, 2, 5, 3, TANH, FLOAT",
    "2, 2, 2, 2, TANH, DOUBLE",
    "2, 5, 4, 6, TANH, DOUBLE",
    "4, 6, 4, 8, IDENTITY, FLOAT",
    "3, 5, 2, 3, TANH, FLOAT",
    "1, 4, 1, 1, TANH, FLOAT"
  })
  void matchesUpsamplingThenConvolutionAndFiniteDifferences(
      int c, int out, int h, int w, String act, String dtype) {
    DataType type = DataType.valueOf(dtype);
    Nd4j.setDefaultDataTypes(type, type);
    double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
    GanGraph fast = fused(c, out, h, w, act, type);
    GanGraph ref = reference(c, out, h, w, act, type);
    assertArrayEquals(ref.params().shape(), fast.params().shape());
    INDArray x = Nd4j.rand(type, 3, c, h, w).subi(0.5);
    LayerChecks.Result r = LayerChecks.sameAsReference(fast, ref, x, tol);
    assertArrayEquals(new long[] {3, out, 2L * h, 2L * w}, r.y().shape());
    if (type == DataType.DOUBLE) { // central differences need double
      LayerChecks.centralDifferences(fast, x, r, 1);
    }
  }

  @Test
  void configurationSurvivesJsonAndReportsTheUpsampledOutputType() {
    GanGraph g = fused(3, 4, 5, 7, "RELU", DataType.FLOAT);
    String json = g.getConfiguration().toJson();
    assertEquals(g.getConfiguration(), ComputationGraphConfiguration.fromJson(json));
    InputType outType =
        g.getConfiguration().getLayerActivationTypes(InputType.convolutional(5, 7, 3)).get("conv");
    assertEquals(InputType.convolutional(10, 14, 4), outType);
  }

  @Test
  void backpropDifferentiatesAtTheInputItHolds() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    GanGraph g = fused(3, 4, 5, 7, "IDENTITY", DataType.DOUBLE); // 3*5*7 pixels: phase path
    LayerChecks.backpropFollowsTheHeldInput(
        g,
        Nd4j.rand(DataType.DOUBLE, 3, 3, 5, 7).subi(0.5),
        Nd4j.rand(DataType.DOUBLE, 3, 3, 5, 7).subi(0.5));
  }
}
