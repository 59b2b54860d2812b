package org.musicgan.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.Stft;
import org.musicgan.audio.dsp.StftConfig;
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
 * STFT throughput in clips per second, the workload of {@code ../shared/anchors/numpy_stft.py}: one
 * 4-second clip of Gaussian noise, periodic Hann window, hop = nFft/2, complex output. Geometry
 * {@code 16k}: 16 kHz, nFft 512 (64,000 samples); {@code stage1}: 1,008 Hz, nFft 126 (4,032
 * samples), the anchor's Stage I geometry. The forked JVM gets {@code --add-modules
 * jdk.incubator.vector}, so {@link Stft} picks its Vector API kernels (a command-line {@code
 * -jvmArgsAppend} replaces that: the JTransforms path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StftBenchmark {
  /** Which geometry to run. */
  @Param({"16k", "stage1"})
  public String geometry;

  private Stft stft;
  private float[] clip;

  /** Builds the STFT and the clip once. */
  @Setup
  public void setUp() {
    int rate = geometry.equals("16k") ? 16000 : 1008;
    int nFft = geometry.equals("16k") ? 512 : 126;
    stft = new Stft(StftConfig.halfOverlap(nFft));
    SplittableRandom rng = new SplittableRandom(0);
    clip = new float[4 * rate];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = (float) (rng.nextDouble() * 2 - 1);
    }
  }

  /** One forward STFT of one clip. */
  @Benchmark
  public ComplexSpectrogram forward() {
    return stft.forward(clip);
  }

  /** One forward and inverse STFT (round trip) of one clip. */
  @Benchmark
  public float[] roundTrip() {
    return stft.inverse(stft.forward(clip), clip.length);
  }
}
