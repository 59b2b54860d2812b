package org.musicgan.melody.rnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of {@link AttentionLstm}, one per TensorFlow variable of Magenta's attention cell
 * so that per-variable gradient clipping ({@code ClipL2PerParamType}) clips what tf_slim clips.
 * With {@code I} inputs and {@code N} units (attention size and attention vector size are {@code
 * N}):
 *
 * <table>
 *   <caption>parameters</caption>
 *   <tr><th>key</th><th>shape</th><th>TF variable (under {@code attention_cell_wrapper/})</th></tr>
 *   <tr><td>{@code W1}</td><td>(I+N) x I</td><td>{@code kernel}: [x; previous attention] to the
 *       LSTM input</td></tr>
 *   <tr><td>{@code b1}</td><td>1 x I</td><td>{@code bias}</td></tr>
 *   <tr><td>{@code lstmW}</td><td>(I+N) x 4N</td><td>{@code basic_lstm_cell/kernel}, gate blocks
 *       i, j, f, o as TF</td></tr>
 *   <tr><td>{@code lstmB}</td><td>1 x 4N</td><td>{@code basic_lstm_cell/bias} (the forget bias of
 *       1 is added at run time, as TF does)</td></tr>
 *   <tr><td>{@code attnW}</td><td>N x N</td><td>{@code attention/attn_w} (a 1x1 convolution)</td>
 *   </tr>
 *   <tr><td>{@code attnV}</td><td>N x 1</td><td>{@code attention/attn_v}</td></tr>
 *   <tr><td>{@code W3}</td><td>2N x N</td><td>{@code attention/kernel}: query [c; h]</td></tr>
 *   <tr><td>{@code b3}</td><td>1 x N</td><td>{@code attention/bias}</td></tr>
 *   <tr><td>{@code W2}</td><td>2N x N</td><td>{@code attn_output_projection/kernel}: [h;
 *       attention]</td></tr>
 *   <tr><td>{@code b2}</td><td>1 x N</td><td>{@code attn_output_projection/bias}</td></tr>
 * </table>
 *
 * <p>Kernels start Glorot-uniform with TF's fans (TF1's {@code get_variable} default; {@code
 * attn_v} is a vector, so its fans are both N), biases at zero. Arrays are row-major views of the
 * layer's slice of the flattened parameters.
 */
public final class AttentionLstmParams implements ParamInitializer {
  /** The shared instance. */
  public static final AttentionLstmParams INSTANCE = new AttentionLstmParams();

  /** Parameter keys in storage order. */
  public static final List<String> KEYS =
      List.of("W1", "b1", "lstmW", "lstmB", "attnW", "attnV", "W3", "b3", "W2", "b2");

  private static final List<String> BIASES = List.of("b1", "lstmB", "b3", "b2");

  private AttentionLstmParams() {}

  /** The shapes of the parameters of a layer with {@code nIn} inputs and {@code n} units. */
  static Map<String, long[]> shapes(long nIn, long n) {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("W1", new long[] {nIn + n, nIn});
    m.put("b1", new long[] {1, nIn});
    m.put("lstmW", new long[] {nIn + n, 4 * n});
    m.put("lstmB", new long[] {1, 4 * n});
    m.put("attnW", new long[] {n, n});
    m.put("attnV", new long[] {n, 1});
    m.put("W3", new long[] {2 * n, n});
    m.put("b3", new long[] {1, n});
    m.put("W2", new long[] {2 * n, n});
    m.put("b2", new long[] {1, n});
    return m;
  }

  private static Map<String, long[]> shapes(Layer layer) {
    AttentionLstm a = (AttentionLstm) layer;
    return shapes(a.getNIn(), a.getNOut());
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    long sum = 0;
    for (long[] s : shapes(layer).values()) {
      sum += s[0] * s[1];
    }
    return sum;
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return KEYS;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return KEYS.stream().filter(k -> !BIASES.contains(k)).toList();
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return BIASES;
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return KEYS.contains(key) && !BIASES.contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIASES.contains(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> views = views(conf.getLayer(), paramsView);
    if (initializeParams) {
      for (Map.Entry<String, INDArray> e : views.entrySet()) {
        INDArray v = e.getValue();
        if (BIASES.contains(e.getKey())) {
          v.assign(0);
        } else {
          long fanIn = v.size(0);
          long fanOut = e.getKey().equals("attnV") ? v.size(0) : v.size(1);
          double limit = Math.sqrt(6.0 / (fanIn + fanOut));
          v.assign(Nd4j.rand(v.dataType(), v.shape()).muli(2 * limit).subi(limit));
        }
      }
    }
    return views;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views(conf.getLayer(), gradientView);
  }

  private static Map<String, INDArray> views(Layer layer, INDArray flat) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    INDArray row = flat.reshape(flat.length());
    long offset = 0;
    for (Map.Entry<String, long[]> e : shapes(layer).entrySet()) {
      long[] s = e.getValue();
      long len = s[0] * s[1];
      out.put(
          e.getKey(),
          row.get(NDArrayIndex.interval(offset, offset + len)).reshape('c', s[0], s[1]));
      offset += len;
    }
    return out;
  }
}
