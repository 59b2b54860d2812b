package org.musicgan.gan;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link BatchNormalization} configuration (same defaults, parameters, JSON and running
 * statistics) on {@link FastBatchNormalizationLayer}, which normalises NCHW activations with one
 * pass per channel over plain arrays instead of DL4J 1.0.0-M2.1's reductions over axes (0, 2, 3)
 * and broadcast ops, which took about a seventh of a paper-width Stage I training step.
 */
public class FastBatchNormalization extends BatchNormalization {
  private static final long serialVersionUID = 1L;

  /** The defaults of {@code new BatchNormalization.Builder().build()}; also for JSON. */
  public FastBatchNormalization() {}

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNOutSet("FastBatchNormalization", getLayerName(), layerIndex, getNOut());
    FastBatchNormalizationLayer ret = new FastBatchNormalizationLayer(conf, networkDataType);
    ret.setListeners(trainingListeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }
}
