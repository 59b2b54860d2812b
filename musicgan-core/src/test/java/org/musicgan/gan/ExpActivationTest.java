package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Gradient check of the custom activation used for sigma = exp(log sigma). */
class ExpActivationTest {

  @Test
  void forwardIsExp() {
    INDArray x = Nd4j.createFromArray(new double[] {-1, 0, 2});
    INDArray y = new ExpActivation().getActivation(x.dup(), false);
    assertEquals(Math.exp(2), y.getDouble(2), 1e-12);
    assertEquals(1.0, y.getDouble(1), 1e-12);
  }

  @Test
  void gradientCheckPasses() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      MultiLayerConfiguration conf =
          new NeuralNetConfiguration.Builder()
              .seed(1)
              .dataType(DataType.DOUBLE)
              .updater(new NoOp())
              .list()
              .layer(
                  new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.IDENTITY).build())
              .layer(new ActivationLayer.Builder().activation(new ExpActivation()).build())
              .layer(
                  new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                      .nIn(4)
                      .nOut(2)
                      .activation(Activation.IDENTITY)
                      .build())
              .build();
      MultiLayerNetwork net = new MultiLayerNetwork(conf);
      net.init();
      INDArray in = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5);
      INDArray labels = Nd4j.rand(DataType.DOUBLE, 5, 2);
      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.MLNConfig()
                  .net(net)
                  .input(in)
                  .labels(labels)
                  .epsilon(1e-6)
                  .maxRelError(1e-5)
                  .minAbsoluteError(1e-9));
      assertTrue(ok, "gradient check failed");
    } finally {
      Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }
  }
}
