package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanLossPlotterTest {

  @Test
  void aResumedRunKeepsTheRowsOfALossFileWithoutTheLowBandColumn(@TempDir Path dir)
      throws Exception {
    Path csv = dir.resolve("loss.csv");
    Files.writeString(
        csv,
        "step,d_loss,d_real,d_wrong,d_fake,g_loss,kl,p_real,p_fake,g_grad_rms,lr,d_aux,g_aux\n"
            + "0,1.3,0.7,0.7,0.6,0.9,0.2,0.5,0.4,0.01,0.0002,0.5,0.6\n"
            + "1,1.2,0.6,0.7,0.6,1.0,0.2,0.5,0.4,0.01,0.0002,0.4,0.5\n",
        StandardCharsets.UTF_8);
    GanLossPlotter plotter = new GanLossPlotter(dir.resolve("loss"), 1);
    plotter.onStep(
        null,
        new StepStats(2, 1.1, 0.6, 0.6, 0.5, 1.1, 0.2, 0.5, 0.4, 0.01, 2e-4, 0.3, 0.4, 0.0125));
    plotter.onEnd(null);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith(",g_aux,g_low_band"), lines.get(0));
    assertTrue(lines.get(1).startsWith("0,1.3") && lines.get(1).endsWith(",NaN"), lines.get(1));
    assertTrue(
        lines.get(3).startsWith("2,1.1") && lines.get(3).endsWith(",0.012500"), lines.get(3));
    assertTrue(Files.exists(dir.resolve("loss.png")));
  }
}
