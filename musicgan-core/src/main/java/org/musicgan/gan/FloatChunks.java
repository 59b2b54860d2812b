package org.musicgan.gan;

import java.nio.FloatBuffer;
import org.musicgan.audio.dsp.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise loop over equally long contiguous float arrays ({@link
 * FastConvolutionLayer#contiguousFloats}), in 4K-element chunks on both cores: each chunk of every
 * array is copied into a per-thread Java array, transformed, and the first arrays are copied back.
 * For {@link FastLeakyRelu} and {@link FastAdamUpdater}, whose loops C2 vectorises on Java arrays.
 */
final class FloatChunks {
  private static final int CHUNK = 1 << 12;

  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[0][]);

  private FloatChunks() {}

  /** The loop body: {@code chunks[i]} holds array i's elements {@code [0, length)} of a chunk. */
  @FunctionalInterface
  interface Body {
    void apply(float[][] chunks, int length);
  }

  /**
   * Runs {@code body} over every chunk of {@code arrays} and writes the chunks of the first {@code
   * written} arrays back.
   */
  static void forEach(INDArray[] arrays, int written, Body body) {
    int n = (int) arrays[0].length();
    FloatBuffer[] buffers = new FloatBuffer[arrays.length];
    int[] offsets = new int[arrays.length];
    for (int j = 0; j < arrays.length; j++) {
      buffers[j] = FastConvolutionLayer.floatBuffer(arrays[j]);
      offsets[j] = (int) arrays[j].offset();
    }
    try {
      Parallel.forEach(
          (n + CHUNK - 1) / CHUNK,
          (long) arrays.length * n,
          k -> {
            float[][] chunks = scratch(arrays.length);
            int from = k * CHUNK;
            int length = Math.min(CHUNK, n - from);
            for (int j = 0; j < arrays.length; j++) {
              buffers[j].get(offsets[j] + from, chunks[j], 0, length);
            }
            body.apply(chunks, length);
            for (int j = 0; j < written; j++) {
              buffers[j].put(offsets[j] + from, chunks[j], 0, length);
            }
          });
    } finally {
      java.lang.ref.Reference.reachabilityFence(arrays);
    }
  }

  private static float[][] scratch(int count) {
    float[][] s = SCRATCH.get();
    if (s.length < count) {
      s = new float[count][CHUNK];
      SCRATCH.set(s);
    }
    return s;
  }
}
