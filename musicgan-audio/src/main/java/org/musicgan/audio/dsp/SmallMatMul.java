package org.musicgan.audio.dsp;

/**
 * {@code C += A B} for the small products inside the LSTM time loops (a batch of rows times a
 * 128×128 gate block, one product per gate and time step), where a native BLAS call costs more in
 * copies and call overhead than it saves. {@code A} and {@code C} are given as one array per row,
 * the layout the gate loops need; {@code B} is packed once ({@link #pack}).
 *
 * <p>Used by {@link Stft} (short DFTs as products) and by musicgan-lstm's LSTM time loops.
 *
 * <p>With the JDK's incubating Vector API present (run the JVM with {@code --add-modules
 * jdk.incubator.vector}) the product runs in a register-blocked kernel (4 rows × 2 vectors of
 * columns, fused multiply-add over a panel-packed {@code B}): 34 GFLOP/s on one core of the 2-core
 * AVX2 build machine against 18 for the best loop C2 vectorises by itself and 21 for OpenBLAS
 * through ND4J on the same 128×128×512 shape. Without it a scalar loop C2 vectorises runs instead
 * ({@link #accumulate}); both give the same sums up to float rounding order.
 */
public final class SmallMatMul {
  /** Whether the Vector API kernel is in use (the module is present and not switched off). */
  public static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("musicgan.noVectorApi");

  private SmallMatMul() {}

  /** A right-hand matrix {@code [k][n]}: its rows, and the same values packed for the kernel. */
  public static final class Packed {
    final float[][] rows;
    final float[] panels; // null when the kernel is not in use
    final int k;
    final int n;

    private Packed(float[][] rows, int n, float[] panels) {
      this.rows = rows;
      this.panels = panels;
      this.k = rows.length;
      this.n = n;
    }
  }

  /** Packs {@code b} ({@code [k][n]}, one array per row, all of length n); keeps a reference. */
  public static Packed pack(float[][] b) {
    return pack(b, 0, b.length, b[0].length);
  }

  /**
   * Packs rows {@code b[from .. from + k)} as a {@code [k][n]} right-hand matrix (the first n
   * entries of each row); keeps references to the rows.
   */
  public static Packed pack(float[][] b, int from, int k, int n) {
    float[][] rows = java.util.Arrays.copyOfRange(b, from, from + k);
    return new Packed(rows, n, VECTOR ? VectorMatMul.pack(b, from, k, n) : null);
  }

  /**
   * {@code c[i] += a[i] · B} for every row i: {@code a[i]} has at least {@code B.k} entries (the
   * first k are used), {@code c[i]} has {@code B.n}. Rows of {@code c} must be distinct arrays and
   * not rows of {@code a}.
   */
  public static void multiplyAdd(float[][] a, float[][] c, Packed b) {
    multiplyAdd(a, c, a.length, b, VECTOR);
  }

  /** As {@link #multiplyAdd(float[][], float[][], Packed)} on the first {@code m} rows. */
  public static void multiplyAdd(float[][] a, float[][] c, int m, Packed b) {
    multiplyAdd(a, c, m, b, VECTOR);
  }

  /** The same with the implementation chosen by the caller (for tests). */
  public static void multiplyAdd(float[][] a, float[][] c, int m, Packed b, boolean vector) {
    multiplyAdd(a, 0, c, m, b, vector);
  }

  /**
   * {@code c[i] += a[i][offset .. offset + B.k) · B} for the first {@code m} rows: the left-hand
   * rows are read from column {@code offset} (for products over a range of a long dimension, as in
   * {@code Aᵀ B} with {@code Aᵀ} stored by rows).
   */
  public static void multiplyAdd(float[][] a, int offset, float[][] c, int m, Packed b) {
    multiplyAdd(a, offset, c, m, b, VECTOR);
  }

  /** The same with the implementation chosen by the caller (for tests). */
  public static void multiplyAdd(
      float[][] a, int offset, float[][] c, int m, Packed b, boolean vector) {
    if (vector && b.panels != null) {
      VectorMatMul.multiplyAdd(a, offset, c, m, b.panels, b.k, b.n);
    } else {
      for (int i = 0; i < m; i++) {
        accumulate(c[i], a[i], offset, b.rows, b.k, b.n);
      }
    }
  }

  /**
   * {@code out[0 .. n) += x[off .. off + count) · M[0 .. count)}, {@code M} given by rows of at
   * least n entries. Each row is its own array so that the inner loop indexes every array from 0,
   * which is what lets C2 (JDK 17) vectorise it: with a row offset into one flat array it cannot
   * rule out that {@code out} and {@code M} overlap and runs it scalar, about 3.5x slower. Four
   * rows per pass gave another 1.6x.
   */
  private static void accumulate(float[] out, float[] x, int off, float[][] m, int count, int n) {
    int i = 0;
    for (; i + 3 < count; i += 4) { // four rows per pass: a quarter of the loads/stores of out
      float x0 = x[off + i];
      float x1 = x[off + i + 1];
      float x2 = x[off + i + 2];
      float x3 = x[off + i + 3];
      if (x0 == 0f && x1 == 0f && x2 == 0f && x3 == 0f) {
        continue; // one-hot inputs are mostly zeros
      }
      float[] m0 = m[i];
      float[] m1 = m[i + 1];
      float[] m2 = m[i + 2];
      float[] m3 = m[i + 3];
      for (int j = 0; j < n; j++) {
        out[j] += x0 * m0[j] + x1 * m1[j] + x2 * m2[j] + x3 * m3[j];
      }
    }
    for (; i < count; i++) {
      float xi = x[off + i];
      float[] row = m[i];
      for (int j = 0; j < n; j++) {
        out[j] += xi * row[j];
      }
    }
  }
}
