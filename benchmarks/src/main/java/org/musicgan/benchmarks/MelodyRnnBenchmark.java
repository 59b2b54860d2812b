package org.musicgan.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.rnn.MelodyRnnConfig;
import org.musicgan.melody.rnn.MelodyRnnModel;
import org.nd4j.linalg.dataset.DataSet;
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
 * basic_rnn (MusicGAN's fast path for DL4J's LSTM layer, and DL4J's own): one training step at the
 * anchor's shape (batch 128 x 128 steps, 2x128 LSTM, 38 inputs and classes; {@code
 * ../shared/anchors/torch_lstm_step.py}), and generation of 128 steps (sampling, and beam size 4).
 * Run with {@code OMP_NUM_THREADS=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class MelodyRnnBenchmark {
  private MelodyRnnModel model;
  private MultiLayerNetwork dl4j;
  private DataSet batch;
  private final Melody primer = new Melody(60, -2, 60, -2, 67, -2, 67, -2, -1, -2);

  /** Builds basic_rnn and a random batch of 128 melodies of 129 events (128 steps). */
  @Setup
  public void setUp() {
    model = MelodyRnnModel.create(MelodyRnnConfig.BASIC_RNN, 1);
    batch = model.batch(randomMelodies(128));
    // the same network rebuilt from its configuration: DL4J's own LSTM layers
    dl4j = new MultiLayerNetwork(model.network().getLayerWiseConfigurations().clone());
    dl4j.init(model.network().params().dup(), false);
  }

  /**
   * {@code n} random melodies of 129 events (128 steps) over basic_rnn's range (no-event, note-off,
   * pitches 48..83), the same for every run.
   */
  static List<Melody> randomMelodies(int n) {
    SplittableRandom rng = new SplittableRandom(0);
    List<Melody> melodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] ev = new int[129];
      for (int t = 0; t < ev.length; t++) {
        int r = rng.nextInt(38);
        ev[t] = r < 2 ? r - 2 : 46 + r;
      }
      melodies.add(new Melody(ev));
    }
    return melodies;
  }

  /** One Adam step with clipping and dropout, batch 128 x 128 steps. */
  @Benchmark
  public double trainStep() {
    return model.fit(batch);
  }

  /** The same step on DL4J's own {@code LSTM} layer implementation (the baseline). */
  @Benchmark
  public double trainStepDl4jLstm() {
    dl4j.fit(batch);
    return dl4j.score();
  }

  /** 128 steps generated from the Twinkle primer by sampling. */
  @Benchmark
  public Melody generate128() {
    return model.generate(primer, 138, 1.0, new SplittableRandom(1));
  }

  /** 128 steps generated from the Twinkle primer with beam size 4 (branch 2, 4 steps/iteration). */
  @Benchmark
  public Melody generate128Beam4() {
    return model.generate(primer, 138, 1.0, 4, 2, 4, new SplittableRandom(1));
  }
}
