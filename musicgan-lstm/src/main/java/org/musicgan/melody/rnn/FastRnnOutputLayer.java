package org.musicgan.melody.rnn;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicgan.audio.dsp.SmallMatMul;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's {@code RnnOutputLayer} (same configuration and parameters) with a faster training step for
 * what the melody models use: softmax with multi-class cross-entropy ({@code MCXENT} without class
 * weights), a bias, float NCW data, labels masked per time step or not, and no dropout or DL4J's
 * plain {@code Dropout}. The step runs on time-major float rows: {@link RowDropout}, the logits,
 * the softmax, the loss, {@code (softmax − labels) · mask}, and the three products on {@link
 * SmallMatMul}'s kernel. DL4J M2.1 runs the forward pass twice (once for the gradient, once more
 * for the score, which this layer keeps from the gradient pass), reshapes and copies its 3-d arrays
 * several times and computes the softmax three times.
 *
 * <p>The training score is the loss of the step's own forward pass, dropout included (DL4J's, when
 * its dropout runs in place on the input, as inside a network). Anything else ({@code activate},
 * evaluation scores, other losses, per-output masks) goes to DL4J's implementation. {@code
 * FastRnnOutputLayerTest} checks the score, both weight gradients and the input gradient against
 * DL4J's layer, with and without dropout.
 */
final class FastRnnOutputLayer extends org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer {
  private static final long serialVersionUID = 1L;

  private transient double lossSum;
  private transient boolean lossValid;
  private long fastBackwardPasses;

  FastRnnOutputLayer(org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer original) {
    super(original.conf(), original.params().dataType());
    FastLstmLayer.takeOver(this, original);
  }

  /** Whether the fast path applies to the current input, labels and mask. */
  private boolean fastPathApplies() {
    var lc = layerConf();
    if (input == null
        || labels == null
        || input.rank() != 3
        || labels.rank() != 3
        || input.dataType() != DataType.FLOAT
        || dataType != DataType.FLOAT
        || lc.getRnnDataFormat() != RNNFormat.NCW
        || !(lc.getActivationFn() instanceof ActivationSoftmax)
        || lc.getLossFn().getClass() != LossMCXENT.class
        || ((LossMCXENT) lc.getLossFn()).getWeights() != null
        || !lc.hasBias()
        || lc.getWeightNoise() != null
        || !RowDropout.supports(lc.getIDropout())) {
      return false;
    }
    long rows = input.size(0) * input.size(2);
    return labels.size(0) == input.size(0)
        && labels.size(1) == lc.getNOut()
        && labels.size(2) == input.size(2)
        && (maskArray == null || (maskArray.isColumnVector() && maskArray.length() == rows));
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    lossValid = false;
    if (!fastPathApplies()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    fastBackwardPasses++;
    int batch = (int) input.size(0);
    int nIn = (int) input.size(1);
    int steps = (int) input.size(2);
    int classes = (int) layerConf().getNOut();
    int rowCount = batch * steps;
    float[][] x = Rows.timeMajorRows(input);
    RowDropout dropout = RowDropout.draw(layerConf().getIDropout());
    if (dropout != null) {
      dropout.apply(x);
    }
    float[][] w = FastLstmStepper.rows(getParam(DefaultParamInitializer.WEIGHT_KEY));
    float[] bias = getParam(DefaultParamInitializer.BIAS_KEY).dup('c').data().asFloat();
    float[][] y = Rows.timeMajorRows(labels);
    float[] mask =
        maskArray == null ? null : maskArray.castTo(DataType.FLOAT).dup('c').data().asFloat();
    double clip = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
    SmallMatMul.Packed packedW = SmallMatMul.pack(w);
    // logits, softmax, loss and dL/dlogits, block by block of rows (each row's loss kept apart so
    // that the sum runs in row order whatever the split)
    float[][] delta = new float[rowCount][classes];
    double[] rowLoss = new double[rowCount];
    Rows.blocks(
        rowCount,
        (long) rowCount * nIn * classes,
        (lo, hi) -> {
          float[][] z = java.util.Arrays.copyOfRange(delta, lo, hi);
          for (float[] row : z) {
            System.arraycopy(bias, 0, row, 0, classes);
          }
          SmallMatMul.multiplyAdd(java.util.Arrays.copyOfRange(x, lo, hi), z, hi - lo, packedW);
          for (int r = lo; r < hi; r++) {
            float m = mask == null ? 1f : mask[r];
            rowLoss[r] = softmaxLoss(delta[r], y[r], m, clip);
          }
        });
    double sum = 0;
    for (double v : rowLoss) {
      sum += v;
    }
    lossSum = sum;
    lossValid = true;
    // gradients: Xᵀ delta and the column sums of delta
    float[][] gw = new float[nIn][classes];
    float[] gb = new float[classes];
    Rows.addTransposedProducts(
        delta, classes, gb, new float[][][] {Rows.transposed(x, nIn, 0, rowCount)}, gw);
    INDArray gW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    INDArray gB = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
    gW.assign(Rows.array(Rows.flatten(gw), nIn, classes));
    gB.assign(Rows.array(gb, 1, classes).reshape(gB.shape()));
    // the input gradient delta Wᵀ, through the dropout
    SmallMatMul.Packed packedWt = SmallMatMul.pack(FastLstmStepper.transpose(w));
    float[][] dx = new float[rowCount][nIn];
    Rows.blocks(
        rowCount,
        (long) rowCount * nIn * classes,
        (lo, hi) ->
            SmallMatMul.multiplyAdd(
                java.util.Arrays.copyOfRange(delta, lo, hi),
                java.util.Arrays.copyOfRange(dx, lo, hi),
                hi - lo,
                packedWt));
    if (dropout != null) {
      dropout.backprop(dx);
    }
    // [B, T, nIn] f-order seen as [B, nIn, T]: the layout FastLstmLayer reads without a transpose
    INDArray eps =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {batch, steps, nIn}, 'f');
    Rows.put(eps, Rows.columnMajor(dx));
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(DefaultParamInitializer.WEIGHT_KEY, gW);
    gradient.setGradientFor(DefaultParamInitializer.BIAS_KEY, gB);
    weightNoiseParams.clear();
    return new Pair<>(gradient, eps.permute(0, 2, 1));
  }

  /**
   * Softmax of the logits {@code z} in place, replaced by {@code (p − y) m} (DL4J's gradient of
   * MCXENT through softmax, masked); returns the row's loss {@code −m Σ y log p}, with p clipped to
   * at least {@code clip} in the loss as DL4J does.
   */
  private static double softmaxLoss(float[] z, float[] y, float m, double clip) {
    FastLstmStepper.softmax(z);
    double loss = 0;
    for (int j = 0; j < z.length; j++) {
      float p = z[j];
      if (y[j] != 0f) {
        loss -= y[j] * Math.log(Math.max(p, clip));
      }
      z[j] = (p - y[j]) * m;
    }
    return loss * m;
  }

  @Override
  public double computeScore(
      double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!training || !lossValid) {
      return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    }
    lossValid = false;
    double s = lossSum;
    if (conf().isMiniBatch()) {
      s /= getInputMiniBatchSize();
    }
    s += fullNetRegTerm;
    score = s;
    return s;
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    lossValid = false;
    super.setInput(input, workspaceMgr);
  }

  @Override
  public void setLabels(INDArray labels) {
    lossValid = false;
    super.setLabels(labels);
  }

  @Override
  public void setMaskArray(INDArray maskArray) {
    lossValid = false;
    super.setMaskArray(maskArray);
  }

  @Override
  public void clear() {
    super.clear();
    lossValid = false;
  }

  /** How many backward passes took the fast path (for tests). */
  long fastBackwardPasses() {
    return fastBackwardPasses;
  }
}
