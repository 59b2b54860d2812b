package org.musicgan.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.musicgan.audio.dsp.Resampler;
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
 * {@link Resampler#KAISER_BEST} on one 4-second clip of noise, milliseconds per clip: {@code
 * 44100-16000} is what dataset preparation does to a CD-rate file, {@code 1008-16320} what the
 * Stage II generator's aligned input does to every Stage I clip ({@code RepresentationBridge}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResamplerBenchmark {
  /** Source and target rate, {@code from-to}. */
  @Param({"44100-16000", "1008-16320"})
  public String rates;

  private float[] clip;
  private int from;
  private int to;

  /** Builds the clip once. */
  @Setup
  public void setUp() {
    String[] r = rates.split("-");
    from = Integer.parseInt(r[0]);
    to = Integer.parseInt(r[1]);
    SplittableRandom rng = new SplittableRandom(0);
    clip = new float[4 * from];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = (float) (rng.nextDouble() * 2 - 1);
    }
  }

  /** One clip resampled. */
  @Benchmark
  public float[] resample() {
    return Resampler.KAISER_BEST.resample(clip, from, to);
  }
}
