package org.musicgan.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar for long CLI runs: {@code [#######.............] 35% 700/2000 1.3 /s
 * ETA 16:40 <detail>}, redrawn in place with a carriage return at most twice a second and ended
 * with a newline at 100 %.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String unit;
  private final long started = System.nanoTime();
  private long lastDraw;
  private long firstDone = -1;

  ProgressBar(PrintStream out, String unit) {
    this.out = out;
    this.unit = unit;
  }

  /** Shows {@code done} of {@code total}, with a short detail (losses, say). */
  synchronized void update(long done, long total, String detail) {
    long now = System.nanoTime();
    if (firstDone < 0) {
      firstDone = done;
    }
    boolean last = done >= total;
    if (!last && now - lastDraw < 500_000_000L) {
      return;
    }
    lastDraw = now;
    out.print('\r' + line(done, total, (now - started) / 1e9, done - firstDone, detail));
    if (last) {
      out.println();
    }
    out.flush();
  }

  /** The bar's text (no carriage return). */
  String line(long done, long total, double seconds, long doneHere, String detail) {
    double f = total <= 0 ? 1 : Math.min(1, done / (double) total);
    int filled = (int) Math.round(f * WIDTH);
    double rate = seconds > 0 ? doneHere / seconds : 0;
    String eta = "--:--";
    if (rate > 0 && done < total) {
      long s = Math.round((total - done) / rate);
      eta = String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %d/%d %s  %.2f/s  ETA %s  %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(f * 100),
        done,
        total,
        unit,
        rate,
        eta,
        detail == null ? "" : detail);
  }
}
