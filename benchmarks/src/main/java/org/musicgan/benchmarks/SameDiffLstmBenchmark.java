package org.musicgan.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierUniformInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The basic_rnn training step of {@link MelodyRnnBenchmark} on libnd4j's native {@code lstmLayer}
 * op through SameDiff instead of DL4J's {@code LSTM} layer: 2x128 LSTM over 38 inputs, a dense
 * softmax over 38 classes, mean cross-entropy, Adam 0.001, batch 128 x 128 steps. Unlike the DL4J
 * step it has no dropout and no per-parameter gradient clipping (SameDiff's training config has
 * neither), so it does slightly less work. Run with {@code OMP_NUM_THREADS=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class SameDiffLstmBenchmark {
  static final int BATCH = 128;
  static final int STEPS = 128;
  static final int CLASSES = 38;
  static final int UNITS = 128;

  private SameDiff sd;
  private DataSet batch;

  /** Builds the graph and a random one-hot batch. */
  @Setup
  public void setUp() {
    sd = basicRnn(CLASSES, UNITS, CLASSES);
    batch = randomBatch(BATCH, STEPS, CLASSES, 0);
  }

  /**
   * basic_rnn's network as a SameDiff graph: features {@code in} [batch, inputs, time] (NST),
   * labels {@code label} [batch * time, classes].
   */
  static SameDiff basicRnn(int inputs, int units, int classes) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("in", DataType.FLOAT, -1, inputs, -1);
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, classes);
    LSTMLayerConfig cfg =
        LSTMLayerConfig.builder()
            .lstmdataformat(LSTMDataFormat.NST)
            .directionMode(LSTMDirectionMode.FWD)
            .gateAct(LSTMActivations.SIGMOID)
            .cellAct(LSTMActivations.TANH)
            .outAct(LSTMActivations.TANH)
            .retFullSequence(true)
            .retLastC(false)
            .retLastH(false)
            .build();
    SDVariable h = x;
    int in = inputs;
    for (int l = 0; l < 2; l++) {
      LSTMLayerWeights w =
          LSTMLayerWeights.builder()
              .weights(
                  sd.var(
                      "W" + l,
                      new XavierUniformInitScheme('c', in, 4L * units),
                      DataType.FLOAT,
                      in,
                      4L * units))
              .rWeights(
                  sd.var(
                      "RW" + l,
                      new XavierUniformInitScheme('c', units, 4L * units),
                      DataType.FLOAT,
                      units,
                      4L * units))
              .bias(sd.var("b" + l, new ZeroInitScheme('c'), DataType.FLOAT, 4L * units))
              .build();
      h = sd.rnn().lstmLayer(h, w, cfg)[0]; // [batch, units, time]
      in = units;
    }
    SDVariable flat = h.permute(0, 2, 1).reshape(-1, units);
    SDVariable wOut =
        sd.var(
            "Wout",
            new XavierUniformInitScheme('c', units, classes),
            DataType.FLOAT,
            units,
            classes);
    SDVariable bOut = sd.var("bout", new ZeroInitScheme('c'), DataType.FLOAT, classes);
    SDVariable logits = flat.mmul(wOut).add(bOut);
    sd.loss().softmaxCrossEntropy("loss", label, logits, null);
    sd.setTrainingConfig(
        TrainingConfig.builder()
            .updater(new Adam(0.001))
            .dataSetFeatureMapping("in")
            .dataSetLabelMapping("label")
            .build());
    return sd;
  }

  /** Random one-hot inputs [batch, classes, steps] and labels [batch * steps, classes]. */
  static DataSet randomBatch(int batch, int steps, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    INDArray f = Nd4j.zeros(DataType.FLOAT, batch, classes, steps);
    INDArray l = Nd4j.zeros(DataType.FLOAT, (long) batch * steps, classes);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        f.putScalar(new long[] {b, rng.nextInt(classes), t}, 1f);
        l.putScalar(new long[] {(long) b * steps + t, rng.nextInt(classes)}, 1f);
      }
    }
    return new DataSet(f, l);
  }

  /** One Adam step, batch 128 x 128 steps. */
  @Benchmark
  public Object trainStep() {
    return sd.fit(batch);
  }
}
