package org.musicgan.audio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Tolerance asserts on float arrays. Shipped in the test-jar. */
public final class AudioAsserts {
  private AudioAsserts() {}

  /** Largest absolute element-wise difference. */
  public static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length, "array lengths");
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  /** Largest absolute value. */
  public static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Fails unless every element differs by at most {@code tolerance}. */
  public static void assertClose(float[] expected, float[] actual, double tolerance) {
    double d = maxAbsDiff(expected, actual);
    if (d > tolerance) {
      fail("max |difference| " + d + " > tolerance " + tolerance);
    }
  }

  /** Fails unless {@code max|expected - actual| / max|expected|} is at most {@code tolerance}. */
  public static void assertRelativeClose(float[] expected, float[] actual, double tolerance) {
    double rel = maxAbsDiff(expected, actual) / Math.max(1e-30, maxAbs(expected));
    if (rel > tolerance) {
      fail("relative difference " + rel + " > tolerance " + tolerance);
    }
  }
}
