package org.musicgan.melody.rnn;

import java.util.Arrays;
import java.util.function.Function;
import org.musicgan.audio.dsp.SmallMatMul;

/**
 * The time loops of {@link AttentionLstmLayer} (forward from a zero state, and its backward pass)
 * on plain float arrays: the same equations as the layer's ND4J implementation, with each step's
 * products batched over the examples through {@link SmallMatMul} and the element-wise work in loops
 * C2 vectorises, where the ND4J version spends its time in the overhead of ~80 small native ops per
 * step. Weight gradients are left to the caller (whole-sequence products); this class returns the
 * per-step rows they need. Rows are indexed {@code [step][example]}.
 */
final class AttentionLoops {
  private final int ni;
  private final int n;
  private final int k;
  private final SmallMatMul.Packed w1; // [ni + n][ni]: [x; a] -> LSTM input
  private final float[] b1;
  private final SmallMatMul.Packed[] lstm; // [gate i, j, f, o]: [ni + n][n]
  private final float[][] lstmB; // [gate][n]
  private final SmallMatMul.Packed w3; // [2n][n]: [c; h] -> query
  private final float[] b3;
  private final float[] v;
  private final SmallMatMul.Packed w2; // [2n][n]: [h; a] -> output
  private final float[] b2;
  private final SmallMatMul.Packed attnW; // [n][n]
  // transposed blocks for the backward pass
  private final SmallMatMul.Packed attnWT;
  private final SmallMatMul.Packed w2hT;
  private final SmallMatMul.Packed w2aT;
  private final SmallMatMul.Packed w3cT;
  private final SmallMatMul.Packed w3hT;
  private final SmallMatMul.Packed[] lwxT; // [gate]: [n][ni]
  private final SmallMatMul.Packed[] lwhT; // [gate]: [n][n]
  private final SmallMatMul.Packed w1xT; // [ni][ni]
  private final SmallMatMul.Packed w1aT; // [ni][n]

  /** What the backward pass needs from the forward pass. */
  static final class Forward {
    final int steps;
    final int batch;
    float[][][] xa; // [T][B][ni + n]: [x; previous attention vector]
    float[][][] xh; // [T][B][ni + n]: [LSTM input; previous h]
    float[][][][] gates; // [gate][T][B][n]: activated i, j, f, o
    float[][][] c; // [T + 1][B][n], c[0] = 0
    float[][][] tanhC; // [T][B][n]
    float[][][] ch; // [T][B][2n]: [new c; new h]
    float[][][] y; // [T][B][n] queries
    float[][][] alpha; // [T][B][K]
    float[][][] ha; // [T][B][2n]: [new h; new attention vector]
    float[][][] o; // [T + K][B][n]: K zero slots, then the outputs
    float[][][] p; // [T + K][B][n]: the same times Wattn

    Forward(int steps, int batch) {
      this.steps = steps;
      this.batch = batch;
    }
  }

  /** What the backward pass returns: per-step gradients for the weight products, and dL/dx. */
  static final class Backward {
    float[][][] dXp; // [T][B][ni] dL/d(LSTM input)
    float[][][][] dZ; // [gate][T][B][n] dL/d(gate pre-activations)
    float[][][] dY; // [T][B][n]
    float[][][] dOut; // [T][B][n]
    float[][][] gP; // [T + K][B][n] dL/d(projections)
    float[] dV; // [n]
    float[][][] dX; // [T][B][ni]
  }

  /**
   * @param param the layer's parameters by key, as row-major float rows (see {@link
   *     AttentionLstmParams})
   */
  AttentionLoops(int ni, int n, int k, Function<String, float[][]> param) {
    this.ni = ni;
    this.n = n;
    this.k = k;
    float[][] w1Rows = param.apply("W1");
    float[][] lw = param.apply("lstmW");
    float[][] w3Rows = param.apply("W3");
    float[][] w2Rows = param.apply("W2");
    float[][] attnRows = param.apply("attnW");
    w1 = SmallMatMul.pack(w1Rows);
    b1 = param.apply("b1")[0];
    lstm = new SmallMatMul.Packed[4];
    lstmB = new float[4][];
    lwxT = new SmallMatMul.Packed[4];
    lwhT = new SmallMatMul.Packed[4];
    float[] lb = param.apply("lstmB")[0];
    for (int g = 0; g < 4; g++) {
      lstm[g] = SmallMatMul.pack(FastLstmStepper.block(lw, 0, ni + n, g * n, n));
      lstmB[g] = Arrays.copyOfRange(lb, g * n, (g + 1) * n);
      lwxT[g] =
          SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(lw, 0, ni, g * n, n)));
      lwhT[g] =
          SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(lw, ni, n, g * n, n)));
    }
    w3 = SmallMatMul.pack(w3Rows);
    b3 = param.apply("b3")[0];
    float[][] vRows = param.apply("attnV");
    v = new float[n];
    for (int j = 0; j < n; j++) {
      v[j] = vRows[j][0];
    }
    w2 = SmallMatMul.pack(w2Rows);
    b2 = param.apply("b2")[0];
    attnW = SmallMatMul.pack(attnRows);
    attnWT = SmallMatMul.pack(FastLstmStepper.transpose(attnRows));
    w2hT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w2Rows, 0, n, 0, n)));
    w2aT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w2Rows, n, n, 0, n)));
    w3cT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w3Rows, 0, n, 0, n)));
    w3hT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w3Rows, n, n, 0, n)));
    w1xT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w1Rows, 0, ni, 0, ni)));
    w1aT = SmallMatMul.pack(FastLstmStepper.transpose(FastLstmStepper.block(w1Rows, ni, n, 0, ni)));
  }

  /** Runs the sequence {@code x [T][B][ni]} from a zero state; the outputs are {@code o[K + s]}. */
  Forward forward(float[][][] x) {
    int steps = x.length;
    int batch = x[0].length;
    Forward f = new Forward(steps, batch);
    f.xa = new float[steps][batch][];
    f.xh = new float[steps][batch][];
    f.gates = new float[4][steps][batch][];
    f.c = new float[steps + 1][batch][n];
    f.tanhC = new float[steps][batch][n];
    f.ch = new float[steps][batch][];
    f.y = new float[steps][batch][];
    f.alpha = new float[steps][batch][k];
    f.ha = new float[steps][batch][];
    f.o = new float[steps + k][batch][];
    f.p = new float[steps + k][batch][];
    float[] zero = new float[n];
    for (int s = 0; s < k; s++) {
      Arrays.fill(f.o[s], zero); // read only
      Arrays.fill(f.p[s], zero);
    }
    float[][] a = new float[batch][n]; // attention vector of the previous step
    float[][] h = new float[batch][n];
    float[] term = new float[n];
    double[] score = new double[k];
    for (int s = 0; s < steps; s++) {
      f.xa[s] = FastLstmStepper.concat(x[s], a);
      float[][] xp = FastLstmStepper.product(f.xa[s], w1, b1);
      f.xh[s] = FastLstmStepper.concat(xp, h);
      for (int g = 0; g < 4; g++) {
        f.gates[g][s] = FastLstmStepper.product(f.xh[s], lstm[g], lstmB[g]);
      }
      float[][] hNew = new float[batch][n];
      for (int b = 0; b < batch; b++) { // TF order i, j, f, o; forget bias 1
        FastLstmStepper.cell(
            f.gates[1][s][b],
            f.gates[2][s][b],
            f.gates[3][s][b],
            f.gates[0][s][b],
            1f,
            f.c[s][b],
            f.c[s + 1][b],
            hNew[b]);
        float[] tc = f.tanhC[s][b];
        float[] cb = f.c[s + 1][b];
        for (int j = 0; j < n; j++) {
          tc[j] = FastLstmStepper.tanh(cb[j]);
        }
      }
      f.ch[s] = FastLstmStepper.concat(f.c[s + 1], hNew);
      f.y[s] = FastLstmStepper.product(f.ch[s], w3, b3);
      float[][] aNew = new float[batch][n];
      for (int b = 0; b < batch; b++) {
        float[] yb = f.y[s][b];
        double max = Double.NEGATIVE_INFINITY;
        for (int slot = 0; slot < k; slot++) {
          score[slot] = AttentionMath.attentionScore(v, f.p[s + slot][b], yb, term);
          max = Math.max(max, score[slot]);
        }
        double total = 0;
        for (int slot = 0; slot < k; slot++) {
          score[slot] = Math.exp(score[slot] - max);
          total += score[slot];
        }
        float[] al = f.alpha[s][b];
        float[] ab = aNew[b];
        for (int slot = 0; slot < k; slot++) {
          al[slot] = (float) (score[slot] / total);
          float w = al[slot];
          float[] ok = f.o[s + slot][b];
          for (int j = 0; j < n; j++) {
            ab[j] += w * ok[j];
          }
        }
      }
      f.ha[s] = FastLstmStepper.concat(hNew, aNew);
      f.o[s + k] = FastLstmStepper.product(f.ha[s], w2, b2);
      f.p[s + k] = FastLstmStepper.product(f.o[s + k], attnW, zero);
      a = aNew;
      h = hNew;
    }
    return f;
  }

  /** Back-propagates {@code eps [T][B][n]} (dL/d outputs) through the whole sequence. */
  Backward backward(Forward f, float[][][] eps) {
    int steps = f.steps;
    int batch = f.batch;
    Backward r = new Backward();
    r.dXp = new float[steps][][];
    r.dZ = new float[4][steps][batch][];
    r.dY = new float[steps][batch][n];
    r.dOut = new float[steps][][];
    r.gP = new float[steps + k][batch][n];
    r.dV = new float[n];
    r.dX = new float[steps][][];
    float[][][] gO = new float[steps + k][][]; // dL/d(output) through later attention vectors
    for (int s = 0; s < steps + k; s++) {
      gO[s] = new float[batch][n];
    }
    float[][] dhNext = new float[batch][n];
    float[][] dcNext = new float[batch][n];
    float[][] daNext = new float[batch][n];
    float[] dAlpha = new float[k];
    float[] sc = new float[n];
    float[] tmp = new float[n];
    for (int s = steps - 1; s >= 0; s--) {
      float[][] dout = new float[batch][];
      for (int b = 0; b < batch; b++) {
        dout[b] = eps[s][b].clone();
        add(dout[b], gO[s + k][b]);
      }
      SmallMatMul.multiplyAdd(r.gP[s + k], dout, attnWT);
      r.dOut[s] = dout;
      float[][] dh = dhNext; // accumulated into: dhNext is rebuilt below
      float[][] da = daNext;
      SmallMatMul.multiplyAdd(dout, dh, w2hT);
      SmallMatMul.multiplyAdd(dout, da, w2aT);
      float[][] dy = r.dY[s];
      for (int b = 0; b < batch; b++) {
        float[] al = f.alpha[s][b];
        float[] dab = da[b];
        double dot = 0;
        for (int slot = 0; slot < k; slot++) {
          dAlpha[slot] = (float) AttentionMath.dot(f.o[s + slot][b], dab, tmp);
          dot += al[slot] * dAlpha[slot];
        }
        float[] yb = f.y[s][b];
        float[] dyb = dy[b];
        for (int slot = 0; slot < k; slot++) {
          float w = al[slot];
          float ds = (float) ((dAlpha[slot] - dot) * w);
          float[] go = gO[s + slot][b];
          for (int j = 0; j < n; j++) {
            go[j] += w * dab[j];
          }
          AttentionMath.tanhOfSum(f.p[s + slot][b], yb, sc);
          for (int j = 0; j < n; j++) {
            r.dV[j] += ds * sc[j];
          }
          for (int j = 0; j < n; j++) { // one loop per array written: C2 vectorises each
            sc[j] = (1 - sc[j] * sc[j]) * ds * v[j]; // dL/d(score pre-activation)
          }
          float[] gp = r.gP[s + slot][b];
          for (int j = 0; j < n; j++) {
            dyb[j] += sc[j];
          }
          for (int j = 0; j < n; j++) {
            gp[j] += sc[j];
          }
        }
      }
      float[][] dcq = new float[batch][n];
      SmallMatMul.multiplyAdd(dy, dcq, w3cT);
      SmallMatMul.multiplyAdd(dy, dh, w3hT);
      for (int b = 0; b < batch; b++) {
        float[] ig = f.gates[0][s][b];
        float[] jg = f.gates[1][s][b];
        float[] fg = f.gates[2][s][b];
        float[] og = f.gates[3][s][b];
        float[] tc = f.tanhC[s][b];
        float[] cPrev = f.c[s][b];
        float[] dhb = dh[b];
        float[] dc = dcNext[b];
        float[] dcqb = dcq[b];
        for (int j = 0; j < n; j++) {
          dc[j] += dcqb[j] + dhb[j] * og[j] * (1 - tc[j] * tc[j]);
        }
        float[] dzi = new float[n];
        float[] dzj = new float[n];
        float[] dzf = new float[n];
        float[] dzo = new float[n];
        for (int j = 0; j < n; j++) {
          dzo[j] = dhb[j] * tc[j] * og[j] * (1 - og[j]);
        }
        for (int j = 0; j < n; j++) {
          dzf[j] = dc[j] * cPrev[j] * fg[j] * (1 - fg[j]);
        }
        for (int j = 0; j < n; j++) {
          dzi[j] = dc[j] * jg[j] * ig[j] * (1 - ig[j]);
        }
        for (int j = 0; j < n; j++) {
          dzj[j] = dc[j] * ig[j] * (1 - jg[j] * jg[j]);
        }
        for (int j = 0; j < n; j++) {
          dc[j] *= fg[j]; // now the earlier step's dcNext
        }
        r.dZ[0][s][b] = dzi;
        r.dZ[1][s][b] = dzj;
        r.dZ[2][s][b] = dzf;
        r.dZ[3][s][b] = dzo;
      }
      float[][] dxp = new float[batch][ni];
      dhNext = new float[batch][n];
      for (int g = 0; g < 4; g++) {
        SmallMatMul.multiplyAdd(r.dZ[g][s], dxp, lwxT[g]);
        SmallMatMul.multiplyAdd(r.dZ[g][s], dhNext, lwhT[g]);
      }
      r.dXp[s] = dxp;
      r.dX[s] = new float[batch][ni];
      SmallMatMul.multiplyAdd(dxp, r.dX[s], w1xT);
      daNext = new float[batch][n];
      SmallMatMul.multiplyAdd(dxp, daNext, w1aT);
    }
    return r;
  }

  private static void add(float[] to, float[] from) {
    for (int j = 0; j < to.length; j++) {
      to[j] += from[j];
    }
  }
}
