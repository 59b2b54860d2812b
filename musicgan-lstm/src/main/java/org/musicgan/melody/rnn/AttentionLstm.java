package org.musicgan.melody.rnn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of Magenta's attention LSTM cell: a TF {@code BasicLSTMCell} (forget bias 1)
 * wrapped in {@code AttentionCellWrapper} (magenta/contrib/rnn.py), as attention_rnn puts it around
 * its first LSTM layer. Attention size and attention vector size both equal the LSTM width (the
 * wrapper's defaults); the window holds the layer's last {@code attnLength} outputs. See {@link
 * AttentionLstmLayer} for the arithmetic and {@link AttentionLstmParams} for the parameters.
 *
 * <p>Input and output are DL4J recurrent activations {@code [batch, features, time]} (NCW only).
 */
public class AttentionLstm extends BaseRecurrentLayer {
  private static final long serialVersionUID = 1L;

  private int attnLength;

  /** For JSON. */
  public AttentionLstm() {}

  /**
   * An attention LSTM layer.
   *
   * @param nIn input width
   * @param units LSTM width (also the attention and output width)
   * @param attnLength attention window in steps
   */
  public AttentionLstm(int nIn, int units, int attnLength) {
    if (nIn < 1 || units < 1 || attnLength < 1) {
      throw new IllegalArgumentException(
          "nIn, units and attnLength must be >= 1, found "
              + nIn
              + ", "
              + units
              + ", "
              + attnLength);
    }
    setNIn(nIn);
    setNOut(units);
    this.attnLength = attnLength;
    setRnnDataFormat(RNNFormat.NCW);
  }

  /** The attention window in steps. */
  public int getAttnLength() {
    return attnLength;
  }

  /** Sets the attention window (for JSON). */
  public void setAttnLength(int attnLength) {
    this.attnLength = attnLength;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    AttentionLstmLayer ret = new AttentionLstmLayer(conf, networkDataType);
    ret.setListeners(trainingListeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }

  @Override
  public ParamInitializer initializer() {
    return AttentionLstmParams.INSTANCE;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long params = initializer().numParams(this);
    return new LayerMemoryReport.Builder(
            layerName, AttentionLstm.class, inputType, getOutputType(-1, inputType))
        .standardMemory(params, params)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o) && o instanceof AttentionLstm a && a.attnLength == attnLength;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + attnLength;
  }
}
