package org.musicgan.gan;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution configuration that runs on {@link FastConvolutionLayer}: the same parameters,
 * initialisation and JSON as DL4J's {@link ConvolutionLayer}, but with a contiguous im2col and one
 * matrix product per example instead of DL4J 1.0.0-M2.1's permuted im2col, which made the small
 * convolutions of a StackGAN 10-50x slower than their arithmetic. NCHW, no dilation.
 */
public class FastConvolution extends ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  /** For JSON. */
  public FastConvolution() {}

  /** The convolution {@code builder} describes. */
  public FastConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
    if (getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException("FastConvolution supports NCHW only");
    }
    for (int d : getDilation()) {
      if (d != 1) {
        throw new IllegalArgumentException("FastConvolution supports dilation 1 only");
      }
    }
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    FastConvolutionLayer ret = newLayer(conf, networkDataType);
    ret.setListeners(trainingListeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }

  /** The layer this configuration instantiates (subclasses return their own). */
  protected FastConvolutionLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new FastConvolutionLayer(conf, dataType);
  }
}
