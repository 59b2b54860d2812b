package org.musicgan.melody.rnn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicgan.audio.dsp.Parallel;
import org.musicgan.audio.dsp.SmallMatMul;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@code LSTM} layer (same configuration, parameters, gate order and masking) with a faster
 * training path on plain float arrays: the input projections of all time steps, the time loop
 * (recurrent product and gates, in loops that C2 vectorises) and, at the end of the backward pass,
 * the weight gradients ({@code Xᵀ dZ}, {@code Hprevᵀ dZ}) and the input gradient ({@code dZ Wᵀ})
 * over all time steps, every product on {@link SmallMatMul}'s kernel (on one core it ran the
 * 128-wide products at ~105 GFLOP/s where OpenBLAS through ND4J reached 55–95). DL4J M2.1 runs a
 * product and about a dozen small native ops per step and repeats the whole forward pass inside
 * {@code backpropGradient}.
 *
 * <p>DL4J's plain {@code Dropout} on the layer's input runs on the rows ({@link RowDropout}, the
 * same distribution from other random numbers); other dropout kinds run as DL4J does them.
 *
 * <p>It takes over a network's plain {@code LSTM} layers in place ({@link #install}), so bundles
 * keep DL4J's own configuration and load anywhere. The fast path covers what the melody models do:
 * float data, NCW, tanh/sigmoid, no weight noise, no stored state, masks of the form 1…1 0…0 (a
 * padded tail); anything else ({@code rnnTimeStep}, truncated BPTT, other masks, double precision)
 * goes to DL4J's implementation. (Inside a {@code MultiLayerNetwork} DL4J M2.1 never hands an LSTM
 * its mask, so padded steps are computed and only the loss is masked. Given a mask directly, the
 * output at masked steps is zero as in DL4J's layer, and an incoming gradient there is ignored: the
 * gradients equal DL4J's when it is zero, as a masked loss makes it.) {@code FastLstmLayerTest}
 * checks outputs, all three weight gradients and the input gradient against DL4J's layer.
 */
final class FastLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {
  private static final long serialVersionUID = 1L;

  /** What the backward pass needs from the forward pass (time-major rows, index t * B + b). */
  private record Cache(
      float[][][] gates, // [tb][gate][n]: activations candidate, forget, output, input
      float[][] c, // [tb][n] cell state
      float[][] h, // [tb][n] output (zero at masked steps)
      float[][] x, // [tb][nIn] after dropout
      int[] lengths, // unmasked steps per example
      RowDropout dropout, // applied to x, or null
      boolean dl4jDropout, // whether DL4J's dropout ran on the input instead
      int batch,
      int steps) {}

  private transient Cache cache;
  private long fastBackwardPasses;
  private boolean feedsRnnOutputLayer;

  private FastLstmLayer(org.deeplearning4j.nn.layers.recurrent.LSTM original) {
    super(original.conf(), original.params().dataType());
    takeOver(this, original);
  }

  /**
   * Gives {@code replacement} (built on {@code original}'s configuration) the original layer's
   * index, listeners, parameters and gradient views, so that it works in its place.
   */
  static void takeOver(Layer replacement, Layer original) {
    replacement.setIndex(original.getIndex());
    replacement.setListeners(original.getListeners());
    replacement.setParamsViewArray(original.params());
    replacement.setParamTable(original.paramTable());
    if (original.getGradientsViewArray() != null) {
      replacement.setBackpropGradientsViewArray(original.getGradientsViewArray());
    }
  }

  /**
   * Replaces every plain DL4J {@code LSTM} layer of {@code net} by this layer and every plain
   * {@code RnnOutputLayer} by {@link FastRnnOutputLayer}, sharing their parameters, gradient views
   * and configuration. Call after {@code init()} or loading.
   */
  static void install(MultiLayerNetwork net) {
    Layer[] layers = net.getLayers();
    Layer[] replaced = layers.clone();
    boolean any = false;
    for (int i = 0; i < layers.length; i++) {
      if (layers[i].getClass() == org.deeplearning4j.nn.layers.recurrent.LSTM.class) {
        FastLstmLayer fast =
            new FastLstmLayer((org.deeplearning4j.nn.layers.recurrent.LSTM) layers[i]);
        fast.feedsRnnOutputLayer =
            i + 1 < layers.length
                && layers[i + 1]
                    instanceof org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer out
                && out.layerConf().getRnnDataFormat() == RNNFormat.NCW
                && net.getLayerWiseConfigurations().getInputPreProcess(i + 1) == null;
        replaced[i] = fast;
        any = true;
      } else if (layers[i].getClass()
          == org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer.class) {
        replaced[i] =
            new FastRnnOutputLayer(
                (org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer) layers[i]);
        any = true;
      }
    }
    if (any) {
      net.setLayers(replaced);
    }
  }

  /** Whether the fast path applies to the current input and mask. */
  private boolean fastPathApplies() {
    var lc = layerConf();
    return input != null
        && input.rank() == 3
        && input.dataType() == DataType.FLOAT
        && dataType == DataType.FLOAT
        && lc.getRnnDataFormat() == RNNFormat.NCW
        && lc.getActivationFn() instanceof ActivationTanH
        && lc.getGateActivationFn() instanceof ActivationSigmoid
        && lc.getWeightNoise() == null
        && lengths(maskArray, (int) input.size(0), (int) input.size(2)) != null;
  }

  /** Unmasked steps per example, or null if some mask is not 1…1 0…0 or is not [B, T]. */
  private static int[] lengths(INDArray mask, int batch, int steps) {
    int[] len = new int[batch];
    if (mask == null) {
      java.util.Arrays.fill(len, steps);
      return len;
    }
    if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != steps) {
      return null;
    }
    float[] m = mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
    for (int b = 0; b < batch; b++) {
      int t = 0;
      while (t < steps && m[b * steps + t] == 1f) {
        t++;
      }
      len[b] = t;
      for (int u = t; u < steps; u++) {
        if (m[b * steps + u] != 0f) {
          return null;
        }
      }
    }
    return len;
  }

  @Override
  public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return activate(training, workspaceMgr);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    cache = null;
    if (!fastPathApplies()) {
      return super.activate(training, workspaceMgr);
    }
    // DL4J's plain dropout runs on the rows (RowDropout); any other kind as DL4J does it
    boolean rowDropout = RowDropout.supports(layerConf().getIDropout());
    if (!rowDropout) {
      applyDropOutIfNecessary(training, workspaceMgr);
    }
    Cache fwd =
        forward(
            training && rowDropout ? RowDropout.draw(layerConf().getIDropout()) : null,
            training && !rowDropout && layerConf().getIDropout() != null);
    if (training) {
      cache = fwd;
    }
    int n = (int) layerConf().getNOut();
    if (feedsRnnOutputLayer) {
      // [B, T, n] f-order seen as [B, n, T]: DL4J's RnnOutputLayer reshapes it to its 2-D
      // [B T, n] (rows t B + b) without copying; from [B, n, T] f-order that is a strided copy
      INDArray out =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATIONS, dataType, new long[] {fwd.batch(), fwd.steps(), n}, 'f');
      return Rows.put(out, Rows.columnMajor(fwd.h())).permute(0, 2, 1);
    }
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, dataType, new long[] {fwd.batch(), n, fwd.steps()}, 'f');
    return Rows.fillNcwF(out, fwd.h(), fwd.batch(), fwd.steps());
  }

  private Cache forward(RowDropout dropout, boolean dl4jDropout) {
    int batch = (int) input.size(0);
    int nIn = (int) input.size(1);
    int steps = (int) input.size(2);
    int n = (int) layerConf().getNOut();
    int[] len = lengths(maskArray, batch, steps);
    float[][] x = Rows.timeMajorRows(input);
    if (dropout != null) {
      dropout.apply(x);
    }
    float[] bias = getParam(LSTMParamInitializer.BIAS_KEY).dup('c').data().asFloat();
    SmallMatMul.Packed[] w = gateBlocks(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY), n, false);
    SmallMatMul.Packed[] rw =
        gateBlocks(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY), n, false);
    // the input projections of all steps with the bias, block by block of rows
    float[][][] z = new float[steps * batch][4][n];
    Rows.blocks(
        z.length,
        (long) z.length * nIn * 4 * n,
        (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            for (int k = 0; k < 4; k++) {
              System.arraycopy(bias, k * n, z[r][k], 0, n);
            }
          }
          float[][] xs = java.util.Arrays.copyOfRange(x, lo, hi);
          for (int k = 0; k < 4; k++) {
            SmallMatMul.multiplyAdd(xs, gate(z, k, lo, hi), hi - lo, w[k]);
          }
        });
    float[][] c = new float[steps * batch][n];
    float[][] h = new float[steps * batch][n];
    float[] zero = new float[n];
    // the batch in parts (one per core), each with its own row lists: a step's products and cells
    // of one example depend only on that example's rows
    int parts = parts(batch, n);
    float[][][] hRowsOf = new float[parts][batch][];
    float[][][] zRowsOf = new float[parts][batch][];
    for (int t = 0; t < steps; t++) {
      int tt = t;
      Parallel.forEach(
          parts,
          Long.MAX_VALUE,
          part -> {
            int lo = part * batch / parts;
            int hi = (part + 1) * batch / parts;
            float[][] hRows = hRowsOf[part];
            float[][] zRows = zRowsOf[part];
            int m = 0; // examples still unmasked at t; masked ones keep h and c at zero
            for (int b = lo; b < hi; b++) {
              if (tt < len[b]) {
                hRows[m++] = tt == 0 ? zero : h[tt * batch + b - batch];
              }
            }
            if (tt > 0) { // h is zero before the first step
              for (int k = 0; k < 4; k++) {
                for (int b = lo, i = 0; b < hi; b++) {
                  if (tt < len[b]) {
                    zRows[i++] = z[tt * batch + b][k];
                  }
                }
                SmallMatMul.multiplyAdd(hRows, zRows, m, rw[k]);
              }
            }
            for (int b = lo; b < hi; b++) {
              if (tt < len[b]) {
                int tb = tt * batch + b;
                float[] cPrev = tt == 0 ? zero : c[tb - batch];
                float[][] g = z[tb];
                FastLstmStepper.cell(g[0], g[1], g[2], g[3], 0f, cPrev, c[tb], h[tb]);
              }
            }
          });
    }
    return new Cache(z, c, h, x, len, dropout, dl4jDropout, batch, steps);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    Cache fwd = cache;
    cache = null;
    if (fwd == null) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    fastBackwardPasses++;
    int batch = fwd.batch();
    int steps = fwd.steps();
    int n = (int) layerConf().getNOut();
    int nIn = fwd.x()[0].length;
    float[][] eps = Rows.timeMajorRows(epsilon);
    SmallMatMul.Packed[] rwT =
        gateBlocks(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY), n, true);
    float[][][] gates = fwd.gates(); // becomes dL/dz, gate by gate
    float[][] dh = new float[batch][n]; // from step t + 1
    float[][] dc = new float[batch][n];
    float[] zero = new float[n];
    int parts = parts(batch, n);
    // per part: scratch rows (spare arrays trade places with gate and dc rows of its own examples)
    float[][] tcOf = new float[parts][n];
    float[][] spareAOf = new float[parts][n];
    float[][] spareCOf = new float[parts][n];
    float[][][] gRowsOf = new float[parts][batch][];
    float[][][] dhRowsOf = new float[parts][batch][];
    int[] len = fwd.lengths();
    for (int t = steps - 1; t >= 0; t--) {
      int tt = t;
      Parallel.forEach(
          parts,
          Long.MAX_VALUE,
          part -> {
            int lo = part * batch / parts;
            int hi = (part + 1) * batch / parts;
            float[] tc = tcOf[part];
            float[][] gRows = gRowsOf[part];
            float[][] dhRows = dhRowsOf[part];
            int m = 0;
            for (int b = lo; b < hi; b++) {
              int tb = tt * batch + b;
              float[][] g = gates[tb];
              if (tt >= len[b]) {
                for (float[] gk : g) {
                  java.util.Arrays.fill(gk, 0f);
                }
                continue; // masked: no gradient, dh and dc from here stay zero
              }
              float[] cPrev = tt == 0 ? zero : fwd.c()[tb - batch];
              float[] dhb = dh[b];
              float[] dcb = dc[b];
              float[] e = eps[tb];
              float[] c = fwd.c()[tb];
              float[] a = g[0];
              float[] f = g[1];
              float[] o = g[2];
              float[] i = g[3];
              float[] spareA = spareAOf[part];
              float[] spareC = spareCOf[part];
              for (int j = 0; j < n; j++) {
                tc[j] = FastLstmStepper.tanh(c[j]);
              }
              // one loop per array written, so that C2 vectorises each (see FastLstmStepper.cell)
              for (int j = 0; j < n; j++) {
                dhb[j] += e[j]; // dL/dh
              }
              for (int j = 0; j < n; j++) {
                dcb[j] += dhb[j] * o[j] * (1 - tc[j] * tc[j]); // dL/dc
              }
              for (int j = 0; j < n; j++) {
                o[j] = dhb[j] * tc[j] * o[j] * (1 - o[j]);
              }
              for (int j = 0; j < n; j++) {
                spareA[j] = dcb[j] * i[j] * (1 - a[j] * a[j]);
              }
              for (int j = 0; j < n; j++) {
                i[j] = dcb[j] * a[j] * i[j] * (1 - i[j]);
              }
              for (int j = 0; j < n; j++) {
                spareC[j] = dcb[j] * f[j]; // dL/dc of the step before
              }
              for (int j = 0; j < n; j++) {
                f[j] = dcb[j] * cPrev[j] * f[j] * (1 - f[j]);
              }
              g[0] = spareA; // the candidate's gradient; its activation's array is the next spare
              spareAOf[part] = a;
              dc[b] = spareC;
              spareCOf[part] = dcb;
              java.util.Arrays.fill(dhb, 0f);
              dhRows[m++] = dhb;
            }
            if (tt > 0) { // dh for step t - 1: dL/dz(t) RW^T
              for (int k = 0; k < 4; k++) {
                for (int b = lo, i = 0; b < hi; b++) {
                  if (tt < len[b]) {
                    gRows[i++] = gates[tt * batch + b][k];
                  }
                }
                SmallMatMul.multiplyAdd(gRows, dhRows, m, rwT[k]);
              }
            }
          });
    }
    // the weight gradients Xᵀ dZ and Hprevᵀ dZ and the bias gradient, one gate per task (each
    // writes only its own blocks, summing over the rows in the same order for any number of cores)
    int rowCount = steps * batch;
    float[][] xT = Rows.transposed(fwd.x(), nIn, 0, rowCount);
    float[][] hT =
        Rows.transposed(fwd.h(), n, batch, rowCount); // column tb: h at tb - batch (0 first)
    float[][][] gWk = new float[4][nIn][n];
    float[][][] gRWk = new float[4][n][n];
    float[] db = new float[4 * n];
    Parallel.forEach(
        4,
        (long) rowCount * (nIn + n) * 4 * n,
        k -> {
          float[][] dzk = gate(gates, k, 0, rowCount);
          float[] dbk = new float[n];
          Rows.addTransposedProducts(dzk, n, dbk, new float[][][] {xT, hT}, gWk[k], gRWk[k]);
          System.arraycopy(dbk, 0, db, k * n, n);
        });
    INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
    gW.assign(Rows.array(joinGates(gWk), nIn, 4L * n));
    gRW.assign(Rows.array(joinGates(gRWk), n, 4L * n));
    gB.assign(Rows.array(db, 1, 4L * n).reshape(gB.shape()));
    // the input gradient dZ Wᵀ, gate by gate, block by block of rows
    SmallMatMul.Packed[] wT = gateBlocks(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY), n, true);
    float[][] dx = new float[rowCount][nIn];
    Rows.blocks(
        rowCount,
        (long) rowCount * nIn * 4 * n,
        (lo, hi) -> {
          float[][] dxs = java.util.Arrays.copyOfRange(dx, lo, hi);
          for (int k = 0; k < 4; k++) {
            SmallMatMul.multiplyAdd(gate(gates, k, lo, hi), dxs, hi - lo, wT[k]);
          }
        });
    INDArray epsOut =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {batch, nIn, steps}, 'f');
    if (fwd.dropout() != null) {
      fwd.dropout().backprop(dx);
    }
    Rows.fillNcwF(epsOut, dx, batch, steps);
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
    gradient.setGradientFor(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
    gradient.setGradientFor(LSTMParamInitializer.BIAS_KEY, gB);
    weightNoiseParams.clear();
    return new Pair<>(gradient, fwd.dl4jDropout() ? backpropDropOutIfPresent(epsOut) : epsOut);
  }

  /**
   * Whether its output goes straight to an {@code RnnOutputLayer} (in the layout that suits it).
   */
  boolean feedsRnnOutputLayer() {
    return feedsRnnOutputLayer;
  }

  /** How many backward passes took the fast path (for tests). */
  long fastBackwardPasses() {
    return fastBackwardPasses;
  }

  @Override
  public void clear() {
    super.clear();
    cache = null;
  }

  /**
   * Parts of the batch for the time loops: one per core ({@link Parallel}) when there is enough
   * work (each part's products are {@code rows x n x 4n}), at least 8 examples each.
   */
  private static int parts(int batch, int n) {
    if (partsForTests > 0) {
      return Math.min(partsForTests, batch);
    }
    return Math.max(1, Math.min(Parallel.parts((long) batch * n * 4 * n), batch / 8));
  }

  /** Tests set this to split every batch into this many parts (0: by cores and work). */
  static int partsForTests;

  /**
   * Input or recurrent weights {@code [R, 4n]} as four {@code [R][n]} gate blocks (transposed or
   * not), packed for {@link SmallMatMul}.
   */
  private static SmallMatMul.Packed[] gateBlocks(INDArray weights, int n, boolean transposed) {
    float[][] rows = FastLstmStepper.rows(weights);
    SmallMatMul.Packed[] p = new SmallMatMul.Packed[4];
    for (int k = 0; k < 4; k++) {
      float[][] block = FastLstmStepper.block(rows, 0, rows.length, k * n, n);
      p[k] = SmallMatMul.pack(transposed ? FastLstmStepper.transpose(block) : block);
    }
    return p;
  }

  /** Gate {@code k}'s rows of time-major rows {@code [lo, hi)}: {@code rows[tb][k]}. */
  private static float[][] gate(float[][][] rows, int k, int lo, int hi) {
    float[][] out = new float[hi - lo][];
    for (int r = lo; r < hi; r++) {
      out[r - lo] = rows[r][k];
    }
    return out;
  }

  /** Four gate blocks {@code [4][R][n]} side by side as a c-order {@code [R, 4n]} array's data. */
  private static float[] joinGates(float[][][] blocks) {
    int rowCount = blocks[0].length;
    int n = blocks[0][0].length;
    float[] f = new float[rowCount * 4 * n];
    for (int k = 0; k < 4; k++) {
      for (int r = 0; r < rowCount; r++) {
        System.arraycopy(blocks[k][r], 0, f, (4 * r + k) * n, n);
      }
    }
    return f;
  }
}
