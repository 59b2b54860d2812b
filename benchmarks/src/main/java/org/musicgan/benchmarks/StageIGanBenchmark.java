package org.musicgan.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.musicgan.gan.GanTrainingOptions;
import org.musicgan.gan.StackGanConfig;
import org.musicgan.gan.StackGanTrainer;
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
 * One Stage I StackGAN training step (one D update on real, wrong and fake pairs, then one G
 * update), batch 16, 2x64x64, condition of 64 entries: the shapes of {@code
 * ../shared/anchors/torch_stage1_step.py --batch 16}. {@code widths=paper} is the anchor's network
 * (gf 128, df 64, z 100, c 128); {@code small} is the CPU preset. Also Stage I generation of one
 * clip's tensor (inference). Run with {@code OMP_NUM_THREADS=1} or 2 (the anchor's best).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class StageIGanBenchmark {
  @Param({"paper", "small"})
  public String widths;

  /**
   * {@code false}: TF StackGAN's step (the G step draws fresh noise and runs G again); {@code
   * true}: {@link GanTrainingOptions#reuseFake()}, one G forward per step as the PyTorch anchor.
   */
  @Param({"false", "true"})
  public boolean reuseFake;

  private StackGanTrainer trainer;
  private INDArray real;
  private INDArray cond;
  private INDArray wrong;
  private INDArray one;
  private INDArray z;
  private INDArray eps;

  /** Builds the networks and a random batch. */
  @Setup
  public void setUp() {
    StackGanConfig cfg =
        "paper".equals(widths) ? StackGanConfig.paper(64, 2) : StackGanConfig.small(64, 2);
    trainer =
        new StackGanTrainer(
            cfg, GanTrainingOptions.stackGan().withBatchSize(16).withReuseFake(reuseFake), 1);
    Nd4j.getRandom().setSeed(0);
    real = Nd4j.rand(16, 2, 64, 64).muli(2).subi(1);
    cond = Nd4j.rand(16, 64);
    List<INDArray> rows = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      rows.add(cond.getRow((i + 1) % 16, true));
    }
    wrong = Nd4j.vstack(rows);
    one = cond.getRow(0, true).dup();
    z = Nd4j.randn(1, cfg.zDim());
    eps = Nd4j.randn(1, cfg.cDim());
  }

  /** One D step and one G step. */
  @Benchmark
  public StepStats trainStep() {
    return trainer.step(real, cond, wrong);
  }

  /** The generator's tensor for one condition (inference mode). */
  @Benchmark
  public INDArray generateOne() {
    return trainer.generator().output(false, one, z, eps)[0];
  }
}
