package org.musicgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.musicgan.audio.io.AtomicFiles;

/**
 * Records every step's losses and, every {@code every} steps and at the end, rewrites {@code
 * <stem>.csv} (one row per step) and {@code <stem>.png} (D loss, G loss and KL against steps, means
 * over windows of {@code every} steps), atomically.
 */
public final class GanLossPlotter implements StackGanTrainer.Listener {
  private static final String HEADER =
      "step,d_loss,d_real,d_wrong,d_fake,g_loss,kl,p_real,p_fake,g_grad_rms,lr,d_aux,g_aux,"
          + "g_low_band\n";

  /** The header before the low-band column (session 10); such files are still read. */
  private static final String HEADER_13 =
      "step,d_loss,d_real,d_wrong,d_fake,g_loss,kl,p_real,p_fake,g_grad_rms,lr,d_aux,g_aux\n";

  private final Path csv;
  private final Path png;
  private final int every;
  private final List<StepStats> rows = new ArrayList<>();

  /**
   * Creates the plotter.
   *
   * @param stem path without extension; {@code .csv} and {@code .png} are added
   * @param every rewrite the files every this many steps
   */
  public GanLossPlotter(Path stem, int every) {
    this.csv = stem.resolveSibling(stem.getFileName() + ".csv");
    this.png = stem.resolveSibling(stem.getFileName() + ".png");
    this.every = Math.max(1, every);
    if (Files.exists(csv)) {
      readExisting();
    }
  }

  /** Keeps the rows of an earlier run (a resumed run continues its history). */
  private void readExisting() {
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return;
      }
      String head = lines.get(0).trim();
      int columns = HEADER.trim().equals(head) ? 14 : HEADER_13.trim().equals(head) ? 13 : 0;
      if (columns == 0) {
        return;
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f.length != columns) {
          continue;
        }
        double[] v = new double[14];
        v[13] = Double.NaN;
        for (int i = 0; i < columns; i++) {
          v[i] = Double.parseDouble(f[i]);
        }
        rows.add(
            new StepStats(
                (long) v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                v[5],
                v[6],
                v[7],
                v[8],
                v[9],
                v[10],
                v[11],
                v[12],
                v[13]));
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException(csv + ": not a loss file of this plotter (" + e + ")", e);
    }
  }

  @Override
  public void onStep(StackGanTrainer trainer, StepStats s) {
    while (!rows.isEmpty() && rows.get(rows.size() - 1).step() >= s.step()) {
      rows.remove(rows.size() - 1);
    }
    rows.add(s);
    if ((s.step() + 1) % every == 0) {
      write();
    }
  }

  @Override
  public void onEnd(StackGanTrainer trainer) {
    write();
  }

  private void write() {
    try {
      StringBuilder sb = new StringBuilder(HEADER);
      for (StepStats s : rows) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.5f,%.5f,%.6g,%.3g,%.6f,%.6f,%.6f%n",
                s.step(),
                s.dLoss(),
                s.dReal(),
                s.dWrong(),
                s.dFake(),
                s.gLoss(),
                s.kl(),
                s.pReal(),
                s.pFake(),
                s.gGradRms(),
                s.learningRate(),
                s.dAux(),
                s.gAux(),
                s.gLowBand()));
      }
      AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
      XYSeries d = new XYSeries("D loss");
      XYSeries g = new XYSeries("G loss (adversarial)");
      XYSeries kl = new XYSeries("KL");
      XYSeries aux = new XYSeries("G auxiliary (condition) loss");
      int w = Math.max(1, Math.min(every, rows.size() / 50 + 1));
      for (int i = 0; i + w <= rows.size(); i += w) {
        double sd = 0;
        double sg = 0;
        double sk = 0;
        double sa = 0;
        for (int k = i; k < i + w; k++) {
          sd += rows.get(k).dLoss();
          sg += rows.get(k).gLoss();
          sk += rows.get(k).kl();
          sa += rows.get(k).gAux();
        }
        long x = rows.get(i + w - 1).step() + 1;
        d.add(x, sd / w);
        g.add(x, sg / w);
        kl.add(x, sk / w);
        if (Double.isFinite(sa)) {
          aux.add(x, sa / w);
        }
      }
      XYSeriesCollection data = new XYSeriesCollection();
      data.addSeries(d);
      data.addSeries(g);
      data.addSeries(kl);
      if (aux.getItemCount() > 0) {
        data.addSeries(aux);
      }
      JFreeChart chart = ChartFactory.createXYLineChart("StackGAN training", "step", "loss", data);
      AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 800, 450));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
