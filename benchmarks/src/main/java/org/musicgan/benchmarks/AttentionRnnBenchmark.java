package org.musicgan.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MidiIo;
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
 * attention_rnn (2x128 LSTM, Magenta's attention cell with a 40-step window around the first layer,
 * key-melody encoder: 74 inputs, 40 classes): generation of 128 steps from the Twinkle primer end
 * to end, MIDI bytes included (sampling, and beam size 4), and one training step at batch 32 x 128
 * steps. Run with {@code OMP_NUM_THREADS=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class AttentionRnnBenchmark {
  private MelodyRnnModel model;
  private DataSet batch;
  private final Melody primer = new Melody(60, -2, 60, -2, 67, -2, 67, -2, -1, -2);

  /** Builds attention_rnn and a random batch of 32 melodies of 129 events (128 steps). */
  @Setup
  public void setUp() {
    model = MelodyRnnModel.create(MelodyRnnConfig.ATTENTION_RNN, 1);
    batch = model.batch(MelodyRnnBenchmark.randomMelodies(32));
  }

  /** One Adam step with clipping and dropout, batch 32 x 128 steps. */
  @Benchmark
  public double trainStep() {
    return model.fit(batch);
  }

  /** 128 steps from the Twinkle primer by sampling, written as MIDI bytes. */
  @Benchmark
  public byte[] generate128() {
    Melody m = model.generate(primer, 138, 1.0, new SplittableRandom(1));
    return MidiIo.toMidiBytes(m.toSequence(120));
  }

  /** The same with beam size 4 (branch 2, 4 steps per iteration), written as MIDI bytes. */
  @Benchmark
  public byte[] generate128Beam4() {
    Melody m = model.generate(primer, 138, 1.0, 4, 2, 4, new SplittableRandom(1));
    return MidiIo.toMidiBytes(m.toSequence(120));
  }
}
