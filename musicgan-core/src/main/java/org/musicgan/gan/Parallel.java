package org.musicgan.gan;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs the independent per-channel loops of the fast layers on the common fork-join pool (the
 * calling thread plus {@code cores - 1} workers), so that the im2col copies, col2im sums and batch
 * statistics between two matrix products do not leave the other cores idle. Each index must write
 * only its own part of the output; the result is then the same as a serial loop.
 */
final class Parallel {
  /** Below this many elements of work a loop runs on the calling thread. */
  private static final long MIN_WORK = 1 << 15;

  private Parallel() {}

  /** Calls {@code body} for every index in {@code [0, n)}; {@code work} is the total elements. */
  static void forEach(int n, long work, IntConsumer body) {
    if (n < 2 || work < MIN_WORK || Runtime.getRuntime().availableProcessors() < 2) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    IntStream.range(0, n).parallel().forEach(body);
  }
}
