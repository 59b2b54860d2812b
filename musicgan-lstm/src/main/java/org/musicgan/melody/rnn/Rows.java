package org.musicgan.melody.rnn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.musicgan.audio.dsp.Parallel;
import org.musicgan.audio.dsp.SmallMatMul;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Time-major float rows ({@code rows[t * B + b]}, one array per row) and the moves between them and
 * ND4J arrays, for the fast layers' training paths ({@link FastLstmLayer}, {@link
 * FastRnnOutputLayer}, {@link AttentionLstmLayer}): layout copies done in Java (libnd4j's strided
 * copy of a permuted view is ~20x slower), split into one range per core, and the whole-sequence
 * products on {@link SmallMatMul}.
 */
final class Rows {
  private Rows() {}

  /** A c-order copy of {@code a}'s data (any order or view). */
  static float[] flat(INDArray a) {
    boolean plainC = !a.isView() && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    return raw(plainC ? a : a.dup('c'));
  }

  /** The elements of an array that is contiguous from its offset, in buffer order. */
  static float[] raw(INDArray c) {
    try {
      FloatBuffer f = c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
      f.position((int) c.offset());
      float[] out = new float[(int) c.length()];
      f.get(out);
      return out;
    } finally {
      java.lang.ref.Reference.reachabilityFence(c);
    }
  }

  /**
   * A recurrent array {@code [B, C, T]} (any order) as time-major rows: {@code out[t * B + b][c]}.
   * The transpose runs here: libnd4j's strided copy of a permuted view is ~20x slower.
   */
  static float[][] timeMajorRows(INDArray a) {
    int batch = (int) a.size(0);
    int cols = (int) a.size(1);
    int steps = (int) a.size(2);
    long[] st = a.stride();
    if (st[0] == 1 && st[1] == (long) batch * steps && st[2] == batch) {
      // [B, T, C] f-order seen as [B, C, T] (DL4J's RnnOutputLayer hands its input gradient back
      // so): the time-major rows in column-major order, contiguous from the offset
      float[] v = raw(a);
      int rowCount = steps * batch;
      float[][] out = new float[rowCount][cols];
      ranges(
          rowCount,
          (long) rowCount * cols,
          (lo, hi) -> {
            for (int c = 0; c < cols; c++) {
              for (int r = lo; r < hi; r++) {
                out[r][c] = v[c * rowCount + r];
              }
            }
          });
      return out;
    }
    INDArray d = a.isView() || !Shape.hasDefaultStridesForShape(a) ? a.dup('c') : a;
    boolean f = d.ordering() == 'f';
    float[] v = raw(d); // [B, C, T] in d's order
    float[][] out = new float[steps * batch][cols];
    ranges(
        steps,
        (long) steps * batch * cols,
        (t0, t1) -> {
          for (int t = t0; t < t1; t++) {
            for (int b = 0; b < batch; b++) {
              float[] row = out[t * batch + b];
              if (f) { // f order: (b, c, t) at b + c B + t B C
                int base = b + t * batch * cols;
                for (int c = 0; c < cols; c++) {
                  row[c] = v[base + c * batch];
                }
              } else { // c order: (b, c, t) at (b C + c) T + t
                int base = b * cols * steps + t;
                for (int c = 0; c < cols; c++) {
                  row[c] = v[base + c * steps];
                }
              }
            }
          }
        });
    return out;
  }

  /**
   * Rows {@code [R][C]} in column-major order ({@code out[c R + r]}): a transpose, copied in tiles
   * of {@link #BLOCK} rows (the writes to each column run contiguous), one range of columns per
   * core.
   */
  static float[] columnMajor(float[][] rows) {
    int count = rows.length;
    int cols = rows[0].length;
    float[] v = new float[count * cols];
    ranges(
        cols,
        (long) count * cols,
        (c0, c1) -> {
          for (int r0 = 0; r0 < count; r0 += BLOCK) {
            int r1 = Math.min(count, r0 + BLOCK);
            for (int c = c0; c < c1; c++) {
              int base = c * count;
              for (int r = r0; r < r1; r++) {
                v[base + r] = rows[r][c];
              }
            }
          }
        });
    return v;
  }

  /** Writes time-major rows into {@code target}, a new f-order {@code [B, C, T]} array. */
  static INDArray fillNcwF(INDArray target, float[][] rows, int batch, int steps) {
    int cols = rows[0].length;
    float[] v = new float[batch * cols * steps];
    ranges(
        steps,
        (long) batch * cols * steps,
        (t0, t1) -> {
          for (int t = t0; t < t1; t++) {
            for (int b = 0; b < batch; b++) {
              float[] row = rows[t * batch + b];
              int base = b + t * batch * cols;
              for (int c = 0; c < cols; c++) {
                v[base + c * batch] = row[c];
              }
            }
          }
        });
    return put(target, v);
  }

  /** A loop body over the index range {@code [lo, hi)}. */
  interface Range {
    void run(int lo, int hi);
  }

  /**
   * Runs {@code body} over {@code [0, n)}, split into one range per core when {@code work}
   * (elements copied) is large enough ({@link Parallel}); the ranges write disjoint outputs.
   */
  static void ranges(int n, long work, Range body) {
    int parts = Math.min(n, Parallel.parts(work));
    Parallel.forEach(parts, work, p -> body.run(p * n / parts, (p + 1) * n / parts));
  }

  static float[] flatten(float[][] rows) {
    int cols = rows[0].length;
    float[] f = new float[rows.length * cols];
    ranges(
        rows.length,
        (long) rows.length * cols,
        (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            System.arraycopy(rows[r], 0, f, r * cols, cols);
          }
        });
    return f;
  }

  /**
   * {@code op(a) op(b)} into a new c-order {@code [rows, cols]} array. {@code Nd4j.gemm} into a
   * c-order result: {@code a.mmul(b)} took 3.5x as long here (it copies its f-order result).
   */
  static INDArray product(
      INDArray a, boolean transA, INDArray b, boolean transB, long rows, long cols) {
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
    return Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
  }

  /** {@code values} as a new c-order {@code [rows, cols]} array (one bulk copy). */
  static INDArray array(float[] values, long rows, long cols) {
    return put(Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c'), values);
  }

  /**
   * Writes {@code values} into the contiguous {@code target} in its buffer order (one bulk copy
   * through an NIO view, fenced so the collector cannot free the buffer mid-copy).
   */
  static INDArray put(INDArray target, float[] values) {
    try {
      FloatBuffer f = target.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
      f.position((int) target.offset());
      f.put(values);
    } finally {
      java.lang.ref.Reference.reachabilityFence(target);
    }
    return target;
  }

  /** Rows of width {@code cols} as a new c-order {@code [rows, cols]} array. */
  static INDArray fromRows(float[][] rows, int cols) {
    return array(flatten(rows), rows.length, cols);
  }

  /** Rows per block in {@link #blocks}, and rows per packed chunk of the weight gradients. */
  static final int BLOCK = 64;

  static final int CHUNK = 128;

  /**
   * Runs {@code body} over {@code [0, n)} in blocks of {@link #BLOCK} rows (so that a block's
   * left-hand rows stay in cache across the four gate products), the blocks split into one range
   * per core when {@code work} is large enough. A row's result does not depend on the split.
   */
  static void blocks(int n, long work, Range body) {
    ranges(
        n,
        work,
        (lo, hi) -> {
          for (int b = lo; b < hi; b += BLOCK) {
            body.run(b, Math.min(hi, b + BLOCK));
          }
        });
  }

  /**
   * The transpose of {@code rows[0 .. count - shift)} ({@code cols} wide) shifted right by {@code
   * shift} columns: {@code out[c][shift + r] = rows[r][c]}, {@code [cols][count]}, zero in the
   * first {@code shift} columns. Copied in tiles of {@link #BLOCK} rows, one range of output rows
   * per core.
   */
  static float[][] transposed(float[][] rows, int cols, int shift, int count) {
    float[][] out = new float[cols][count];
    ranges(
        cols,
        (long) cols * count,
        (c0, c1) -> {
          for (int r0 = 0; r0 < count - shift; r0 += BLOCK) {
            int r1 = Math.min(count - shift, r0 + BLOCK);
            for (int c = c0; c < c1; c++) {
              float[] o = out[c];
              for (int r = r0; r < r1; r++) {
                o[shift + r] = rows[r][c];
              }
            }
          }
        });
    return out;
  }

  /**
   * {@code out[i] += aT[i] · B} for every pair: the products {@code Aᵀ B} over all rows of {@code
   * b} ({@code [R][≥ n]}, each {@code aT[i]} given transposed, {@code [cols][R]}), chunk by chunk
   * of {@link #CHUNK} rows, each chunk of B packed once for all products; and the column sums of B
   * added to {@code sums} (while the chunk is in cache), in row order.
   */
  static void addTransposedProducts(
      float[][] b, int n, float[] sums, float[][][] aT, float[][]... out) {
    for (int p0 = 0; p0 < b.length; p0 += CHUNK) {
      int count = Math.min(CHUNK, b.length - p0);
      SmallMatMul.Packed chunk = SmallMatMul.pack(b, p0, count, n);
      for (int r = p0; r < p0 + count; r++) {
        float[] row = b[r];
        for (int j = 0; j < n; j++) {
          sums[j] += row[j];
        }
      }
      for (int i = 0; i < aT.length; i++) {
        SmallMatMul.multiplyAdd(aT[i], p0, out[i], aT[i].length, chunk);
      }
    }
  }
}
