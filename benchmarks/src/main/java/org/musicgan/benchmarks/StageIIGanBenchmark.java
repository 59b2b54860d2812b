package org.musicgan.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicgan.gan.GanTrainingOptions;
import org.musicgan.gan.StackGanConfig;
import org.musicgan.gan.StackGanTrainer;
import org.musicgan.gan.StageINetworks;
import org.musicgan.gan.StepStats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Stage II training step (the frozen Stage I generator's forward pass, one D update on real,
 * wrong and fake 2×256×256 pairs, one G update), batch 8, condition of 64 entries, and the
 * generation latency of one 256×256 clip tensor (Stage I then Stage II, inference). Run with {@code
 * OMP_NUM_THREADS=1}; {@code small} is the CPU preset, {@code paper} the paper's widths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g"})
public class StageIIGanBenchmark {
  @Param({"small", "paper"})
  public String widths;

  private StackGanTrainer trainer;
  private ComputationGraph stageI;
  private INDArray real;
  private INDArray cond;
  private INDArray wrong;
  private INDArray one;
  private INDArray z;
  private INDArray eps;
  private INDArray eps2;

  /** Builds the networks and a random batch. */
  @Setup
  public void setUp() {
    StackGanConfig cfg =
        "paper".equals(widths) ? StackGanConfig.paper(64, 2) : StackGanConfig.small(64, 2);
    stageI = StageINetworks.generator(cfg, 1, StageINetworks.defaultUpdater());
    trainer =
        StackGanTrainer.stageII(cfg, GanTrainingOptions.stackGan().withBatchSize(8), 2, stageI);
    Nd4j.getRandom().setSeed(0);
    real = Nd4j.rand(8, 2, 256, 256).muli(2).subi(1);
    cond = Nd4j.rand(8, 64);
    List<INDArray> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rows.add(cond.getRow((i + 1) % 8, true));
    }
    wrong = Nd4j.vstack(rows);
    one = cond.getRow(0, true).dup();
    z = Nd4j.randn(1, cfg.zDim());
    eps = Nd4j.randn(1, cfg.cDim());
    eps2 = Nd4j.randn(1, cfg.cDim());
  }

  /** One D step and one G step of Stage II. */
  @Benchmark
  public StepStats trainStep() {
    return trainer.step(real, cond, wrong);
  }

  /** One 256×256 tensor: Stage I, then Stage II (inference mode). */
  @Benchmark
  public INDArray generateOne() {
    INDArray low = stageI.output(false, one, z, eps)[0];
    return trainer.generator().output(false, one, low, eps2)[0];
  }
}
