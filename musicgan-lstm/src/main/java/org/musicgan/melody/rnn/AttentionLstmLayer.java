package org.musicgan.melody.rnn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Magenta's attention LSTM cell run over whole sequences, with a hand-written backward pass
 * (back-propagation through time, including through the attention window and the attention vector
 * fed back into the next step's input). One step, with {@code x} the input, {@code a} the previous
 * attention vector and {@code H} the last {@code K} outputs (zeros before the sequence starts):
 *
 * <pre>
 * x'    = [x ; a] W1 + b1                       LSTM input (width of x)
 * c, h  = LSTM(x', c, h)                         TF BasicLSTMCell, gates i j f o, forget bias 1
 * y     = [c ; h] W3 + b3                        query from the new state
 * s[k]  = sum_j v[j] tanh((H[k] Wattn)[j] + y[j]) for all K slots (no mask)
 * a     = sum_k softmax(s)[k] H[k]               new attention vector
 * out   = [h ; a] W2 + b2                        the layer's output
 * H     = [H[1..K-1] ; out]                      the window drops its oldest output
 * </pre>
 *
 * This is {@code AttentionCellWrapper.call} of magenta/contrib/rnn.py with {@code attn_size =
 * attn_vec_size = units}, as attention_rnn builds it. The projections {@code H[k] Wattn} are kept
 * per output instead of recomputed per step (the same numbers). Sequences start from zero state
 * ({@link #rnnTimeStep} and truncated BPTT carry the whole state, window included); padding at the
 * end of shorter sequences cannot affect earlier steps, so masks pass through unchanged. All
 * intermediate arrays live outside DL4J's workspaces.
 */
public class AttentionLstmLayer extends BaseLayer<AttentionLstm> implements RecurrentLayer {
  private static final long serialVersionUID = 1L;

  /** State keys: LSTM cell and hidden state, attention vector, output window and its projection. */
  private static final String[] STATE_KEYS = {"c", "h", "a", "window", "projection"};

  /** Per-step temporaries live in a workspace that is reused every step. */
  private static final WorkspaceConfiguration LOOP =
      WorkspaceConfiguration.builder()
          .policyAllocation(AllocationPolicy.OVERALLOCATE)
          .policyLearning(LearningPolicy.FIRST_LOOP)
          .build();

  private transient Forward cache;
  private transient FastForward fastCache;
  private long fastBackwardPasses;

  /** The forward pass of the float path ({@link AttentionLoops}) kept for the backward pass. */
  private record FastForward(INDArray input, AttentionLoops loops, AttentionLoops.Forward f) {}

  private Map<String, INDArray> stepState = new HashMap<>();
  private Map<String, INDArray> tbpttState = new HashMap<>();

  /** Creates the layer. */
  public AttentionLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** What the backward pass needs; all time-major. */
  private static final class Forward {
    INDArray input;
    int b;
    int t;
    int ni;
    int n;
    int k;
    INDArray x; // [T, B, I]
    INDArray xp; // [T, B, I] LSTM inputs
    INDArray h; // [T+1, B, N], h[0] = 0
    INDArray c; // [T+1, B, N]
    INDArray gates; // [T, B, 4N] activated i, j, f, o
    INDArray tanhC; // [T, B, N]
    INDArray y; // [T, B, N] queries
    INDArray alpha; // [T, K, B]
    INDArray attn; // [T+1, B, N], attn[0] = 0
    INDArray o; // [T+K, B, N] outputs after K zero slots
    INDArray p; // [T+K, B, N] outputs times Wattn

    /** Frees the arrays now instead of waiting for the collector (hundreds of MB per batch). */
    void close() {
      release(x, xp, h, c, gates, tanhC, y, alpha, attn, o, p);
    }
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public Type type() {
    return Type.RECURRENT;
  }

  @Override
  public void clear() {
    super.clear();
    cache = null;
    fastCache = null;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    return run(training, Map.of(), null, workspaceMgr);
  }

  /** Runs the sequence from {@code init} (empty = zeros); stores the final state in {@code end}. */
  private INDArray run(
      boolean training,
      Map<String, INDArray> init,
      Map<String, INDArray> end,
      LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    fastCache = null;
    if (init.isEmpty() && end == null && fastPathApplies()) {
      if (cache != null) {
        cache.close();
        cache = null;
      }
      return fastForward(training, workspaceMgr);
    }
    Forward f;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      f = forward(input, init);
      if (end != null) {
        end.clear();
        end.put("c", f.c.slice(f.t).dup());
        end.put("h", f.h.slice(f.t).dup());
        end.put("a", f.attn.slice(f.t).dup());
        end.put("window", steps(f.o, f.t, f.t + f.k).dup());
        end.put("projection", steps(f.p, f.t, f.t + f.k).dup());
      }
    }
    if (cache != null && cache != f) {
      cache.close();
    }
    cache = training ? f : null;
    INDArray out =
        workspaceMgr.dup(ArrayType.ACTIVATIONS, steps(f.o, f.k, f.k + f.t).permute(1, 2, 0), 'c');
    if (!training) {
      f.close();
    }
    return out;
  }

  @Override
  public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return run(false, Map.copyOf(stepState), stepState, workspaceMgr);
  }

  @Override
  public Map<String, INDArray> rnnGetPreviousState() {
    return new HashMap<>(stepState);
  }

  @Override
  public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
    stepState = new HashMap<>(stateMap);
  }

  @Override
  public void rnnClearPreviousState() {
    stepState = new HashMap<>();
  }

  @Override
  public INDArray rnnActivateUsingStoredState(
      INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return run(
        training, Map.copyOf(tbpttState), storeLastForTBPTT ? tbpttState : null, workspaceMgr);
  }

  @Override
  public Map<String, INDArray> rnnGetTBPTTState() {
    return new HashMap<>(tbpttState);
  }

  @Override
  public void rnnSetTBPTTState(Map<String, INDArray> state) {
    tbpttState = new HashMap<>(state);
  }

  @Override
  public Pair<Gradient, INDArray> tbpttBackpropGradient(
      INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr workspaceMgr) {
    return backpropGradient(epsilon, workspaceMgr); // the gradient stops at the segment's start
  }

  /** How many backward passes ran on {@link AttentionLoops} (for tests). */
  long fastBackwardPasses() {
    return fastBackwardPasses;
  }

  /** Closes arrays that own their buffers (views and closed arrays are left alone). */
  private static void release(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && !a.wasClosed() && a.closeable()) {
        a.close();
      }
    }
  }

  private static INDArray rows(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }

  private static INDArray cols(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }

  private static INDArray steps(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
  }

  private static void gemm(
      INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
    Nd4j.gemm(a, b, c, ta, tb, 1.0, beta);
  }

  private Forward forward(INDArray in, Map<String, INDArray> init) {
    AttentionLstm lc = layerConf();
    int n = (int) lc.getNOut();
    int k = lc.getAttnLength();
    if (in.rank() != 3 || in.size(1) != lc.getNIn()) {
      throw new IllegalArgumentException(
          layerId()
              + ": expected input [batch, "
              + lc.getNIn()
              + ", time], found "
              + Arrays.toString(in.shape()));
    }
    Forward f = new Forward();
    f.input = in;
    int b = (int) in.size(0);
    int ni = (int) in.size(1);
    int t = (int) in.size(2);
    f.b = b;
    f.t = t;
    f.ni = ni;
    f.n = n;
    f.k = k;
    DataType dt = dataType;
    INDArray w1 = getParam("W1");
    INDArray lw = getParam("lstmW");
    INDArray w3 = getParam("W3");
    INDArray w2 = getParam("W2");
    INDArray w1a = rows(w1, ni, ni + n);
    INDArray lwx = rows(lw, 0, ni);
    INDArray lwh = rows(lw, ni, ni + n);
    INDArray w3c = rows(w3, 0, n);
    INDArray w3h = rows(w3, n, 2L * n);
    INDArray w2h = rows(w2, 0, n);
    INDArray w2a = rows(w2, n, 2L * n);
    INDArray lstmB = getParam("lstmB");
    INDArray b3 = getParam("b3");
    INDArray b2 = getParam("b2");
    INDArray attnW = getParam("attnW");
    INDArray v = getParam("attnV");
    f.x = in.castTo(dt).permute(2, 0, 1).dup('c');
    f.xp =
        f.x
            .reshape('c', (long) t * b, ni)
            .mmul(rows(w1, 0, ni))
            .addiRowVector(getParam("b1"))
            .reshape('c', t, b, ni);
    f.h = Nd4j.zeros(dt, t + 1, b, n);
    f.c = Nd4j.zeros(dt, t + 1, b, n);
    f.gates = Nd4j.create(dt, t, b, 4L * n);
    f.tanhC = Nd4j.create(dt, t, b, n);
    f.y = Nd4j.create(dt, t, b, n);
    f.alpha = Nd4j.create(dt, t, k, b);
    f.attn = Nd4j.zeros(dt, t + 1, b, n);
    f.o = Nd4j.zeros(dt, t + k, b, n);
    f.p = Nd4j.zeros(dt, t + k, b, n);
    if (!init.isEmpty()) {
      for (String key : STATE_KEYS) {
        INDArray st = init.get(key);
        long[] want =
            key.equals("window") || key.equals("projection")
                ? new long[] {k, b, n}
                : new long[] {b, n};
        if (st == null || !Arrays.equals(st.shape(), want)) {
          throw new IllegalStateException(
              layerId()
                  + ": stored state '"
                  + key
                  + "' should have shape "
                  + Arrays.toString(want)
                  + " for this batch, found "
                  + (st == null ? "none" : Arrays.toString(st.shape()))
                  + "; clear the state when the batch size changes");
        }
      }
      f.c.slice(0).assign(init.get("c"));
      f.h.slice(0).assign(init.get("h"));
      f.attn.slice(0).assign(init.get("a"));
      steps(f.o, 0, k).assign(init.get("window"));
      steps(f.p, 0, k).assign(init.get("projection"));
    }
    INDArray scores = Nd4j.create(dt, k, b, n);
    INDArray weighted = Nd4j.create(dt, k, b, n);
    INDArray onesK =
        Nd4j.ones(dt, 1, k); // sums over the window as a product (INDArray.sum(0) is slow)
    for (int s = 0; s < t; s++) {
      try (MemoryWorkspace ws =
          Nd4j.getWorkspaceManager().getAndActivateWorkspace(LOOP, "ATTN_FWD")) {
        INDArray xp = f.xp.slice(s);
        gemm(f.attn.slice(s), w1a, xp, false, false, 1.0);
        INDArray z = f.gates.slice(s);
        gemm(xp, lwx, z, false, false, 0.0);
        gemm(f.h.slice(s), lwh, z, false, false, 1.0);
        z.addiRowVector(lstmB);
        INDArray ig = cols(z, 0, n);
        INDArray jg = cols(z, n, 2L * n);
        INDArray fg = cols(z, 2L * n, 3L * n);
        INDArray og = cols(z, 3L * n, 4L * n);
        Transforms.sigmoid(ig, false);
        Transforms.tanh(jg, false);
        Transforms.sigmoid(fg.addi(1.0), false);
        Transforms.sigmoid(og, false);
        INDArray cNew = f.c.slice(s + 1);
        cNew.assign(f.c.slice(s)).muli(fg).addi(ig.mul(jg));
        INDArray tc = f.tanhC.slice(s);
        Transforms.tanh(tc.assign(cNew), false);
        INDArray hNew = f.h.slice(s + 1);
        hNew.assign(tc).muli(og);
        INDArray y = f.y.slice(s);
        gemm(cNew, w3c, y, false, false, 0.0);
        gemm(hNew, w3h, y, false, false, 1.0);
        y.addiRowVector(b3);
        Broadcast.add(steps(f.p, s, s + k), y, scores, 1, 2);
        Transforms.tanh(scores, false);
        INDArray sc = scores.reshape('c', (long) k * b, n).mmul(v).reshape('c', k, b);
        INDArray alpha = f.alpha.slice(s);
        Nd4j.exec(new SoftMax(sc, alpha, 0));
        Broadcast.mul(steps(f.o, s, s + k), alpha, weighted, 0, 1);
        INDArray a = f.attn.slice(s + 1);
        a.assign(onesK.mmul(weighted.reshape('c', k, (long) b * n)).reshape('c', b, n));
        INDArray out = f.o.slice(s + k);
        gemm(hNew, w2h, out, false, false, 0.0);
        gemm(a, w2a, out, false, false, 1.0);
        out.addiRowVector(b2);
        gemm(out, attnW, f.p.slice(s + k), false, false, 0.0);
      }
    }
    release(scores, weighted, onesK);
    return f;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    Gradient ret = new DefaultGradient();
    FastForward fast = fastCache;
    fastCache = null;
    if (fast != null && fast.input() == input) {
      fastBackwardPasses++;
      return fastBackward(fast, epsilon, ret, workspaceMgr);
    }
    INDArray epsOut;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      Forward f = cache != null && cache.input == input ? cache : forward(input, Map.of());
      if (cache != null && cache != f) {
        cache.close();
      }
      cache = null;
      INDArray dX = backward(f, epsilon, ret);
      f.close();
      epsOut = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dX.permute(1, 2, 0), 'c');
      release(dX);
    }
    weightNoiseParams.clear();
    return new Pair<>(ret, backpropDropOutIfPresent(epsOut));
  }

  /**
   * Whether the float loops of {@link AttentionLoops} run this pass: float data and parameters
   * (double precision, as the gradient checks use, stays on the ND4J implementation below).
   */
  private boolean fastPathApplies() {
    return dataType == DataType.FLOAT
        && input.dataType() == DataType.FLOAT
        && input.rank() == 3
        && input.size(1) == layerConf().getNIn();
  }

  private INDArray fastForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    AttentionLstm lc = layerConf();
    int n = (int) lc.getNOut();
    int k = lc.getAttnLength();
    int batch = (int) input.size(0);
    int steps = (int) input.size(2);
    AttentionLoops loops =
        new AttentionLoops((int) lc.getNIn(), n, k, key -> FastLstmStepper.rows(getParam(key)));
    AttentionLoops.Forward f = loops.forward(byStep(Rows.timeMajorRows(input), batch));
    if (training) {
      fastCache = new FastForward(input, loops, f);
    }
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, dataType, new long[] {batch, n, steps}, 'f');
    return Rows.fillNcwF(out, timeMajor(f.o, k, k + steps), batch, steps);
  }

  private Pair<Gradient, INDArray> fastBackward(
      FastForward fast, INDArray epsilon, Gradient ret, LayerWorkspaceMgr workspaceMgr) {
    AttentionLoops.Forward f = fast.f();
    int batch = f.batch;
    int steps = f.steps;
    int n = (int) layerConf().getNOut();
    int ni = (int) layerConf().getNIn();
    int k = layerConf().getAttnLength();
    checkEpsilon(epsilon, batch, n, steps);
    AttentionLoops.Backward r;
    INDArray epsOut;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      r = fast.loops().backward(f, byStep(Rows.timeMajorRows(epsilon), batch));
      INDArray dXp = matrix(r.dXp, 0, steps);
      INDArray dZ = matrix(gateRows(r.dZ, steps, batch), 0, steps);
      INDArray dY = matrix(r.dY, 0, steps);
      INDArray dOut = matrix(r.dOut, 0, steps);
      gradientFromProduct("W1", matrix(f.xa, 0, steps), dXp);
      gradientViews.get("b1").assign(dXp.sum(0).reshape(1, ni));
      gradientFromProduct("lstmW", matrix(f.xh, 0, steps), dZ);
      gradientViews.get("lstmB").assign(dZ.sum(0).reshape(1, 4L * n));
      INDArray gP = matrix(r.gP, k, k + steps);
      gradientFromProduct("attnW", matrix(f.o, k, k + steps), gP);
      gradientViews.get("attnV").assign(Nd4j.create(r.dV, new long[] {n, 1}, 'c'));
      gradientFromProduct("W3", matrix(f.ch, 0, steps), dY);
      gradientViews.get("b3").assign(dY.sum(0).reshape(1, n));
      gradientFromProduct("W2", matrix(f.ha, 0, steps), dOut);
      gradientViews.get("b2").assign(dOut.sum(0).reshape(1, n));
      release(dXp, dZ, dY, dOut, gP);
    }
    for (String key : AttentionLstmParams.KEYS) {
      ret.setGradientFor(key, gradientViews.get(key));
    }
    epsOut =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, new long[] {batch, ni, steps}, 'f');
    Rows.fillNcwF(epsOut, timeMajor(r.dX, 0, steps), batch, steps);
    weightNoiseParams.clear();
    return new Pair<>(ret, backpropDropOutIfPresent(epsOut));
  }

  private void checkEpsilon(INDArray epsilon, int batch, int n, int steps) {
    if (epsilon.rank() != 3
        || epsilon.size(0) != batch
        || epsilon.size(1) != n
        || epsilon.size(2) != steps) {
      throw new IllegalArgumentException(
          layerId()
              + ": expected epsilon ["
              + batch
              + ", "
              + n
              + ", "
              + steps
              + "], found "
              + Arrays.toString(epsilon.shape()));
    }
  }

  /** {@code gradient[key] = a^T b} over all rows; frees {@code a}. */
  private void gradientFromProduct(String key, INDArray a, INDArray b) {
    INDArray g = Rows.product(a, true, b, false, a.size(1), b.size(1));
    gradientViews.get(key).assign(g);
    release(a, g);
  }

  /** Time-major rows {@code [t * B + b]} as {@code [t][b]}. */
  private static float[][][] byStep(float[][] rows, int batch) {
    float[][][] out = new float[rows.length / batch][][];
    for (int s = 0; s < out.length; s++) {
      out[s] = Arrays.copyOfRange(rows, s * batch, (s + 1) * batch);
    }
    return out;
  }

  /** The four gates' rows {@code [gate][t][b][n]} side by side: {@code [t][b][4n]}. */
  private static float[][][] gateRows(float[][][][] dz, int steps, int batch) {
    int n = dz[0][0][0].length;
    float[][][] out = new float[steps][batch][4 * n];
    for (int s = 0; s < steps; s++) {
      for (int b = 0; b < batch; b++) {
        for (int g = 0; g < 4; g++) {
          System.arraycopy(dz[g][s][b], 0, out[s][b], g * n, n);
        }
      }
    }
    return out;
  }

  /** Rows {@code [t][b]} for t in {@code [from, to)} as a c-order {@code [(to - from) B, C]}. */
  private static INDArray matrix(float[][][] rows, int from, int to) {
    return Rows.fromRows(timeMajor(rows, from, to), rows[from][0].length);
  }

  /**
   * Rows {@code [t][b]} for t in {@code [from, to)} as time-major rows {@code [(t - from) B + b]}.
   */
  private static float[][] timeMajor(float[][][] rows, int from, int to) {
    int batch = rows[from].length;
    float[][] out = new float[(to - from) * batch][];
    for (int s = from; s < to; s++) {
      System.arraycopy(rows[s], 0, out, (s - from) * batch, batch);
    }
    return out;
  }

  private INDArray backward(Forward f, INDArray epsilon, Gradient ret) {
    int b = f.b;
    int t = f.t;
    int ni = f.ni;
    int n = f.n;
    int k = f.k;
    checkEpsilon(epsilon, b, n, t);
    DataType dt = dataType;
    INDArray w1 = getParam("W1");
    INDArray lw = getParam("lstmW");
    INDArray w3 = getParam("W3");
    INDArray w2 = getParam("W2");
    INDArray w3c = rows(w3, 0, n);
    INDArray w3h = rows(w3, n, 2L * n);
    INDArray w2h = rows(w2, 0, n);
    INDArray w2a = rows(w2, n, 2L * n);
    INDArray lwx = rows(lw, 0, ni);
    INDArray lwh = rows(lw, ni, ni + n);
    INDArray w1x = rows(w1, 0, ni);
    INDArray w1a = rows(w1, ni, ni + n);
    INDArray attnW = getParam("attnW");
    INDArray v = getParam("attnV");
    INDArray eps = epsilon.castTo(dt).permute(2, 0, 1).dup('c'); // [T, B, N]
    INDArray gO = Nd4j.zeros(dt, t + k, b, n); // dL/d(output) through later attention values
    INDArray gP = Nd4j.zeros(dt, t + k, b, n); // dL/d(output Wattn) through later scores
    INDArray dOut = Nd4j.create(dt, t, b, n);
    INDArray dZ = Nd4j.create(dt, t, b, 4L * n);
    INDArray dXp = Nd4j.create(dt, t, b, ni);
    INDArray dY = Nd4j.create(dt, t, b, n);
    INDArray dX = Nd4j.create(dt, t, b, ni);
    INDArray dV = Nd4j.zeros(dt, n, 1);
    INDArray dhNext = Nd4j.zeros(dt, b, n);
    INDArray dcNext = Nd4j.zeros(dt, b, n);
    INDArray daNext = Nd4j.zeros(dt, b, n);
    INDArray tmp = Nd4j.create(dt, k, b, n);
    INDArray scores = Nd4j.create(dt, k, b, n);
    INDArray zerosKbn = Nd4j.zeros(dt, k, b, n);
    INDArray onesK = Nd4j.ones(dt, 1, k);
    for (int s = t - 1; s >= 0; s--) {
      try (MemoryWorkspace ws =
          Nd4j.getWorkspaceManager().getAndActivateWorkspace(LOOP, "ATTN_BWD")) {
        INDArray dout = dOut.slice(s);
        dout.assign(eps.slice(s)).addi(gO.slice(s + k));
        gemm(gP.slice(s + k), attnW, dout, false, true, 1.0);
        INDArray dh = Nd4j.gemm(dout, w2h, false, true).addi(dhNext);
        INDArray da = Nd4j.gemm(dout, w2a, false, true).addi(daNext);
        // attention: a = sum_k alpha[k] H[k], alpha = softmax(s), s[k] = v . tanh(P[k] + y)
        INDArray alpha = f.alpha.slice(s); // [K, B]
        Broadcast.mul(steps(f.o, s, s + k), da, tmp, 1, 2);
        INDArray dAlpha = tmp.sum(2); // [K, B]
        INDArray dot = alpha.mul(dAlpha).sum(0); // [B]
        INDArray ds = dAlpha.subiRowVector(dot).muli(alpha); // [K, B]
        Broadcast.add(zerosKbn, da, tmp, 1, 2);
        Broadcast.mul(tmp, alpha, tmp, 0, 1);
        steps(gO, s, s + k).addi(tmp);
        Broadcast.add(steps(f.p, s, s + k), f.y.slice(s), scores, 1, 2);
        Transforms.tanh(scores, false);
        INDArray ds2 = ds.reshape('c', (long) k * b, 1);
        gemm(scores.reshape('c', (long) k * b, n), ds2, dV, true, false, 1.0);
        INDArray de = Nd4j.gemm(ds2, v, false, true).reshape('c', k, b, n);
        INDArray dPre = scores.muli(scores).rsubi(1.0).muli(de);
        INDArray dy = dY.slice(s);
        dy.assign(onesK.mmul(dPre.reshape('c', k, (long) b * n)).reshape('c', b, n));
        steps(gP, s, s + k).addi(dPre);
        INDArray dcq = Nd4j.gemm(dy, w3c, false, true);
        gemm(dy, w3h, dh, false, true, 1.0);
        // LSTM cell
        INDArray g = f.gates.slice(s);
        INDArray ig = cols(g, 0, n);
        INDArray jg = cols(g, n, 2L * n);
        INDArray fg = cols(g, 2L * n, 3L * n);
        INDArray og = cols(g, 3L * n, 4L * n);
        INDArray tc = f.tanhC.slice(s);
        INDArray dc = dcNext.addi(dcq); // dcNext's buffer holds dc until it is scaled below
        dc.addi(dh.mul(og).muli(tc.mul(tc).rsubi(1.0)));
        INDArray dz = dZ.slice(s);
        cols(dz, 3L * n, 4L * n).assign(dh.mul(tc).muli(og.mul(og.rsub(1.0))));
        cols(dz, 2L * n, 3L * n).assign(dc.mul(f.c.slice(s)).muli(fg.mul(fg.rsub(1.0))));
        cols(dz, 0, n).assign(dc.mul(jg).muli(ig.mul(ig.rsub(1.0))));
        cols(dz, n, 2L * n).assign(dc.mul(ig).muli(jg.mul(jg).rsubi(1.0)));
        dc.muli(fg); // now the next (earlier) step's dcNext
        INDArray dxp = dXp.slice(s);
        gemm(dz, lwx, dxp, false, true, 0.0);
        gemm(dz, lwh, dhNext, false, true, 0.0);
        gemm(dxp, w1x, dX.slice(s), false, true, 0.0);
        gemm(dxp, w1a, daNext, false, true, 0.0);
      }
    }
    // weight gradients over all steps at once
    long tb = (long) t * b;
    INDArray x2 = f.x.reshape('c', tb, ni);
    INDArray xp2 = f.xp.reshape('c', tb, ni);
    INDArray hPrev = steps(f.h, 0, t).reshape('c', tb, n);
    INDArray hNew = steps(f.h, 1, t + 1).reshape('c', tb, n);
    INDArray cNew = steps(f.c, 1, t + 1).reshape('c', tb, n);
    INDArray aPrev = steps(f.attn, 0, t).reshape('c', tb, n);
    INDArray aNew = steps(f.attn, 1, t + 1).reshape('c', tb, n);
    INDArray outs = steps(f.o, k, k + t).reshape('c', tb, n);
    INDArray gPs = steps(gP, k, k + t).reshape('c', tb, n);
    INDArray dXp2 = dXp.reshape('c', tb, ni);
    INDArray dZ2 = dZ.reshape('c', tb, 4L * n);
    INDArray dY2 = dY.reshape('c', tb, n);
    INDArray dOut2 = dOut.reshape('c', tb, n);
    INDArray gW1 = gradientViews.get("W1");
    gemm(x2, dXp2, rows(gW1, 0, ni), true, false, 0.0);
    gemm(aPrev, dXp2, rows(gW1, ni, ni + n), true, false, 0.0);
    gradientViews.get("b1").assign(dXp2.sum(0).reshape(1, ni));
    INDArray gLw = gradientViews.get("lstmW");
    gemm(xp2, dZ2, rows(gLw, 0, ni), true, false, 0.0);
    gemm(hPrev, dZ2, rows(gLw, ni, ni + n), true, false, 0.0);
    gradientViews.get("lstmB").assign(dZ2.sum(0).reshape(1, 4L * n));
    gemm(outs, gPs, gradientViews.get("attnW"), true, false, 0.0);
    gradientViews.get("attnV").assign(dV);
    INDArray gW3 = gradientViews.get("W3");
    gemm(cNew, dY2, rows(gW3, 0, n), true, false, 0.0);
    gemm(hNew, dY2, rows(gW3, n, 2L * n), true, false, 0.0);
    gradientViews.get("b3").assign(dY2.sum(0).reshape(1, n));
    INDArray gW2 = gradientViews.get("W2");
    gemm(hNew, dOut2, rows(gW2, 0, n), true, false, 0.0);
    gemm(aNew, dOut2, rows(gW2, n, 2L * n), true, false, 0.0);
    gradientViews.get("b2").assign(dOut2.sum(0).reshape(1, n));
    for (String key : AttentionLstmParams.KEYS) {
      ret.setGradientFor(key, gradientViews.get(key));
    }
    release(
        eps, gO, gP, dOut, dZ, dXp, dY, dV, dhNext, dcNext, daNext, tmp, scores, zerosKbn, onesK);
    return dX;
  }
}
