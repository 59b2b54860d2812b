package org.musicgan.audio.dsp;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent loop iterations on the common fork-join pool (the calling thread plus {@code
 * cores - 1} workers): the per-channel loops between two matrix products in musicgan-core's fast
 * layers, and the two halves of a batch in musicgan-lstm's LSTM time loop, which would otherwise
 * leave the second core idle while native matrix products use both. Each index must write only its
 * own part of the output; the result is then the same as a serial loop's.
 */
public final class Parallel {
  /** Below this many elements of work a loop runs on the calling thread. */
  private static final long MIN_WORK = 1 << 15;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private Parallel() {}

  /** How many parts to split work of {@code work} elements into: 1, or the number of cores. */
  public static int parts(long work) {
    return work < MIN_WORK ? 1 : CORES;
  }

  /** Calls {@code body} for every index in {@code [0, n)}; {@code work} is the total elements. */
  public static void forEach(int n, long work, IntConsumer body) {
    if (n < 2 || parts(work) < 2) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    IntStream.range(0, n).parallel().forEach(body);
  }
}
