package org.musicgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsFractionRateAndEta() {
    ProgressBar bar = new ProgressBar(System.err, "steps");
    String line = bar.line(250, 1000, 100, 250, "D 0.5");
    assertTrue(
        line.startsWith("[" + "#".repeat(8) + ".".repeat(22) + "]  25%  250/1000 steps"), line);
    assertTrue(line.contains("2.50/s"), line);
    assertTrue(line.contains("ETA 5:00"), line);
    assertTrue(line.endsWith("D 0.5"), line);
  }

  @Test
  void endsWithANewlineAtTheEnd() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), "steps");
    bar.update(1, 3, "");
    bar.update(2, 3, ""); // within half a second: not redrawn
    bar.update(3, 3, "");
    String s = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, s.chars().filter(c -> c == '\r').count(), s);
    assertTrue(s.endsWith("\n") && s.contains("100%  3/3"), s);
  }
}
