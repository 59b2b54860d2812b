package org.musicgan.gan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicgan.audio.dsp.Parallel;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link FastBatchNormalization}: for NCHW input (rank 4, learned gamma and beta) it
 * computes what DL4J's {@link BatchNormalization} computes — batch mean and biased variance per
 * channel in training, the running estimates otherwise; {@code gamma (x - mean) / sqrt(var + eps) +
 * beta}; DL4J's gradient formulas, including the running-statistics "gradients" {@code (1 -
 * decay)(global - batch)} (or the log10-std form) that DL4J's updater subtracts — in three passes
 * over each channel's {@code b} contiguous planes, sums in double. Other inputs (dense, NHWC,
 * locked gamma/beta) go to DL4J's implementation. Compared with it in {@code
 * FastBatchNormalizationTest}.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
  private static final long serialVersionUID = 1L;

  /**
   * Batch mean and biased variance per channel from the last training-mode forward pass, one row
   * per statistics group.
   */
  private double[][] batchMean;

  private double[][] batchVar;

  /**
   * Statistics groups: in training the batch is {@code groups} contiguous blocks of equal size,
   * each normalised with its own mean and variance, exactly as if each block were a separate
   * forward pass; the running-statistics gradients are the blocks' average. {@link StackGanTrainer}
   * sets 2 on the discriminator's head while one pass scores the real and the mismatched pairs of
   * the same images; 1 (the whole batch, DL4J's behaviour) otherwise.
   */
  int groups = 1;

  /** Creates the layer. */
  public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean handles(INDArray x) {
    var lc = layerConf();
    return x.rank() == 4 && lc.getCnn2DFormat() == CNN2DFormat.NCHW && !lc.isLockGammaBeta();
  }

  @Override
  public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
    if (!handles(x)) {
      return super.preOutput(x, training, workspaceMgr);
    }
    if (training != TrainingMode.TRAIN || groups == 1) {
      return normalise(x, training, workspaceMgr, 0);
    }
    int[] blocks = blocks(x, groups);
    batchMean = new double[groups][];
    batchVar = new double[groups][];
    INDArray[] outs = new INDArray[groups];
    for (int g = 0; g < groups; g++) {
      outs[g] = normalise(block(x, blocks, g), training, workspaceMgr, g);
    }
    return Nd4j.concat(0, outs);
  }

  /** Batch rows where each of {@code count} statistics groups starts, with the batch size last. */
  private int[] blocks(INDArray x, int count) {
    int b = (int) x.size(0);
    if (b % count != 0) {
      throw new IllegalArgumentException(
          layerId() + ": batch of " + b + " does not split into " + count + " groups");
    }
    int[] starts = new int[count + 1];
    for (int g = 0; g <= count; g++) {
      starts[g] = g * b / count;
    }
    return starts;
  }

  private static INDArray block(INDArray x, int[] starts, int g) {
    return x.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(starts[g], starts[g + 1]),
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.all())
        .dup('c');
  }

  /** Normalises one statistics group; in training its statistics go to row {@code group}. */
  private INDArray normalise(
      INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr, int group) {
    var lc = layerConf();
    int b = (int) x.size(0);
    int c = (int) x.size(1);
    int plane = (int) (x.size(2) * x.size(3));
    double[] gamma =
        FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GAMMA));
    double[] beta = FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.BETA));
    double[] mean;
    double[] var;
    Channels data = Channels.of(x, dataType);
    if (training == TrainingMode.TRAIN) {
      mean = new double[c];
      var = new double[c];
      double[] mu = mean;
      double[] sigma2 = var;
      Parallel.forEach(
          c,
          (long) b * c * plane,
          ch -> {
            // two passes: one-pass E[x^2] - mean^2 cancels badly when the mean dwarfs the spread
            double m = data.sum(ch, b, c, plane, 0, 1) / ((double) b * plane);
            mu[ch] = m;
            sigma2[ch] = data.sum(ch, b, c, plane, m, 2) / ((double) b * plane);
          });
      if (groups == 1) {
        batchMean = new double[1][];
        batchVar = new double[1][];
      }
      batchMean[group] = mean;
      batchVar[group] = var;
    } else {
      mean = FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
      var = globalVariance();
    }
    double[] scale = new double[c];
    double[] shift = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double std = Math.sqrt(var[ch] + lc.getEps());
      scale[ch] = gamma[ch] / std;
      shift[ch] = beta[ch] - mean[ch] * scale[ch];
    }
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
    data.combine(null, out, scale, null, shift, b, c, plane);
    return out;
  }

  private double[] globalVariance() {
    if (layerConf().isUseLogStd()) {
      double[] log10Std =
          FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
      double[] v = new double[log10Std.length];
      for (int i = 0; i < v.length; i++) {
        double std = Math.pow(10, log10Std[i]);
        v[i] = std * std;
      }
      return v;
    }
    return FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (!handles(input)) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    if (batchMean == null) {
      throw new IllegalStateException(layerId() + ": backprop without a training forward pass");
    }
    var lc = layerConf();
    int c = (int) input.size(1);
    int n = batchMean.length;
    double[] dGamma = new double[c];
    double[] dBeta = new double[c];
    INDArray next;
    if (n == 1) {
      next = backpropGroup(input, epsilon, workspaceMgr, 0, dGamma, dBeta);
    } else {
      int[] blocks = blocks(input, n);
      INDArray[] parts = new INDArray[n];
      for (int g = 0; g < n; g++) {
        parts[g] =
            backpropGroup(
                block(input, blocks, g), block(epsilon, blocks, g), workspaceMgr, g, dGamma, dBeta);
      }
      next = Nd4j.concat(0, parts);
    }

    Gradient ret = new DefaultGradient();
    INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
    INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
    assign(dGammaView, dGamma);
    assign(dBetaView, dBeta);
    ret.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    ret.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    // running statistics, as DL4J: mean[t+1] = mean[t] - (1 - decay)(mean[t] - batchMean),
    // averaged over the statistics groups
    double decay = lc.getDecay();
    double[] globalMean =
        FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
    double[] dMean = new double[c];
    for (double[] bm : batchMean) {
      for (int ch = 0; ch < c; ch++) {
        dMean[ch] += (globalMean[ch] - bm[ch]) * (1 - decay) / n;
      }
    }
    INDArray dMeanView = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
    assign(dMeanView, dMean);
    ret.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMeanView);
    double[] globalVar = globalVariance();
    double[] dVar = new double[c];
    String varKey =
        lc.isUseLogStd()
            ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
            : BatchNormalizationParamInitializer.GLOBAL_VAR;
    for (double[] bv : batchVar) {
      for (int ch = 0; ch < c; ch++) {
        if (lc.isUseLogStd()) {
          // log10(std[t]) - log10(std[t+1]) with var[t+1] = decay var[t] + (1 - decay) batchVar
          double next1 = globalVar[ch] * decay + bv[ch] * (1 - decay);
          dVar[ch] += Math.log(globalVar[ch] / next1) / (2 * Math.log(10)) / n;
        } else {
          dVar[ch] += (globalVar[ch] - bv[ch]) * (1 - decay) / n;
        }
      }
    }
    INDArray dVarView = gradientViews.get(varKey);
    assign(dVarView, dVar);
    ret.setGradientFor(varKey, dVarView);
    batchMean = null;
    batchVar = null;
    return new Pair<>(ret, next);
  }

  /**
   * The input gradient of statistics group {@code group} (input {@code in}, output gradient {@code
   * epsilon}); adds its gamma and beta gradients to {@code dGamma} and {@code dBeta}.
   */
  private INDArray backpropGroup(
      INDArray in,
      INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr,
      int group,
      double[] dGamma,
      double[] dBeta) {
    var lc = layerConf();
    int b = (int) in.size(0);
    int c = (int) in.size(1);
    int plane = (int) (in.size(2) * in.size(3));
    double count = (double) b * plane;
    double[] gamma =
        FastConvolutionLayer.doubles(getParam(BatchNormalizationParamInitializer.GAMMA));
    Channels x = Channels.of(in, dataType);
    Channels eps = Channels.of(epsilon, dataType);
    double[] epsScale = new double[c];
    double[] xScale = new double[c];
    double[] shift = new double[c];
    double[] bm = batchMean[group];
    double[] bv = batchVar[group];
    Parallel.forEach(
        c,
        (long) b * c * plane,
        ch -> {
          double m = bm[ch];
          // sums of eps, eps * (x - mean) and x - mean (~0) over the channel
          double[] s = eps.dotSums(x, m, ch, b, c, plane);
          double std = Math.sqrt(bv[ch] + lc.getEps());
          double epsXmu = s[1];
          double xMu = s[2];
          dBeta[ch] += s[0];
          dGamma[ch] += epsXmu / std;
          // DL4J's formulas: dL/dvar, dL/dmu, then dL/dx = dxhat/std + xMu dvar 2/M + dmu/M
          double dVar = gamma[ch] * epsXmu * -0.5 / (std * std * std);
          double dMu = -gamma[ch] * s[0] / std + xMu * (-2.0 / count) * dVar;
          epsScale[ch] = gamma[ch] / std;
          xScale[ch] = dVar * 2.0 / count;
          shift[ch] = dMu / count - m * xScale[ch];
        });
    INDArray next =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
    eps.combine(x, next, epsScale, xScale, shift, b, c, plane);
    return next;
  }

  private static void assign(INDArray view, double[] values) {
    view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
  }

  /**
   * An NCHW array's values as a float or double Java array, with the per-channel loops this layer
   * needs: channel {@code ch} of example {@code n} is the plane at {@code (n * c + ch) * plane}.
   */
  private abstract static class Channels {
    static Channels of(INDArray a, DataType type) {
      return type == DataType.DOUBLE
          ? new Doubles(FastConvolutionLayer.doubles(a))
          : new Floats(FastConvolutionLayer.floats(a));
    }

    /** The sum of {@code (x - shift)^power} ({@code power} 1 or 2) over channel {@code ch}. */
    abstract double sum(int ch, int b, int c, int plane, double shift, int power);

    /** {@code {sum this, sum this * (x - m), sum (x - m)}} over channel {@code ch}. */
    abstract double[] dotSums(Channels x, double m, int ch, int b, int c, int plane);

    /**
     * {@code out = epsScale[ch] * this + xScale[ch] * x + shift[ch]}, or without the middle term
     * when {@code x} is null (the forward pass's affine map).
     */
    abstract void combine(
        Channels x,
        INDArray out,
        double[] epsScale,
        double[] xScale,
        double[] shift,
        int b,
        int c,
        int plane);
  }

  private static final class Floats extends Channels {
    final float[] v;

    Floats(float[] v) {
      this.v = v;
    }

    // four (or two) partial sums: one double accumulator is a chain of dependent additions, 4x
    // slower than the loads

    @Override
    double sum(int ch, int b, int c, int plane, double shift, int power) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int n = 0; n < b; n++) {
        int o = (n * c + ch) * plane;
        int end = o + plane;
        int i = o;
        if (power == 1) {
          for (; i + 3 < end; i += 4) {
            s0 += v[i] - shift;
            s1 += v[i + 1] - shift;
            s2 += v[i + 2] - shift;
            s3 += v[i + 3] - shift;
          }
          for (; i < end; i++) {
            s0 += v[i] - shift;
          }
        } else {
          for (; i + 3 < end; i += 4) {
            double d0 = v[i] - shift;
            double d1 = v[i + 1] - shift;
            double d2 = v[i + 2] - shift;
            double d3 = v[i + 3] - shift;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
          }
          for (; i < end; i++) {
            double d0 = v[i] - shift;
            s0 += d0 * d0;
          }
        }
      }
      return (s0 + s1) + (s2 + s3);
    }

    @Override
    double[] dotSums(Channels x, double m, int ch, int b, int c, int plane) {
      float[] xs = ((Floats) x).v;
      double s0 = 0;
      double s1 = 0;
      double d0 = 0;
      double d1 = 0;
      double x0 = 0;
      double x1 = 0;
      for (int n = 0; n < b; n++) {
        int o = (n * c + ch) * plane;
        int end = o + plane;
        int i = o;
        for (; i + 1 < end; i += 2) {
          double xm0 = xs[i] - m;
          double xm1 = xs[i + 1] - m;
          s0 += v[i];
          s1 += v[i + 1];
          d0 += v[i] * xm0;
          d1 += v[i + 1] * xm1;
          x0 += xm0;
          x1 += xm1;
        }
        for (; i < end; i++) {
          double xm = xs[i] - m;
          s0 += v[i];
          d0 += v[i] * xm;
          x0 += xm;
        }
      }
      return new double[] {s0 + s1, d0 + d1, x0 + x1};
    }

    @Override
    void combine(
        Channels x,
        INDArray out,
        double[] epsScale,
        double[] xScale,
        double[] shift,
        int b,
        int c,
        int plane) {
      float[] xs = x == null ? null : ((Floats) x).v;
      float[] r = new float[v.length];
      Parallel.forEach(
          c,
          v.length,
          ch -> {
            float e = (float) epsScale[ch];
            float d = (float) shift[ch];
            for (int n = 0; n < b; n++) {
              int o = (n * c + ch) * plane;
              if (xs == null) {
                for (int i = o; i < o + plane; i++) {
                  r[i] = e * v[i] + d;
                }
              } else {
                float a = (float) xScale[ch];
                for (int i = o; i < o + plane; i++) {
                  r[i] = e * v[i] + a * xs[i] + d;
                }
              }
            }
          });
      FastConvolutionLayer.fill(out, r);
    }
  }

  private static final class Doubles extends Channels {
    final double[] v;

    Doubles(double[] v) {
      this.v = v;
    }

    @Override
    double sum(int ch, int b, int c, int plane, double shift, int power) {
      double s = 0;
      for (int n = 0; n < b; n++) {
        int o = (n * c + ch) * plane;
        for (int i = o; i < o + plane; i++) {
          double d = v[i] - shift;
          s += power == 1 ? d : d * d;
        }
      }
      return s;
    }

    @Override
    double[] dotSums(Channels x, double m, int ch, int b, int c, int plane) {
      double[] xs = ((Doubles) x).v;
      double s = 0;
      double d = 0;
      double sx = 0;
      for (int n = 0; n < b; n++) {
        int o = (n * c + ch) * plane;
        for (int i = o; i < o + plane; i++) {
          double xm = xs[i] - m;
          s += v[i];
          d += v[i] * xm;
          sx += xm;
        }
      }
      return new double[] {s, d, sx};
    }

    @Override
    void combine(
        Channels x,
        INDArray out,
        double[] epsScale,
        double[] xScale,
        double[] shift,
        int b,
        int c,
        int plane) {
      double[] xs = x == null ? null : ((Doubles) x).v;
      double[] r = new double[v.length];
      for (int n = 0; n < b; n++) {
        for (int ch = 0; ch < c; ch++) {
          int o = (n * c + ch) * plane;
          for (int i = o; i < o + plane; i++) {
            r[i] = epsScale[ch] * v[i] + (xs == null ? 0 : xScale[ch] * xs[i]) + shift[ch];
          }
        }
      }
      FastConvolutionLayer.fill(out, r);
    }
  }
}
