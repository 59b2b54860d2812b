package org.musicgan.melody.rnn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * Records training progress: after every epoch it rewrites {@code <stem>.csv} (epoch, step, mean
 * training loss of the epoch, held-out loss, accuracy, perplexity) and {@code <stem>.png} (both
 * losses against steps), atomically.
 */
public final class LossPlotListener implements MelodyRnnTrainer.Listener {
  private final Path csv;
  private final Path png;
  private final List<double[]> rows = new ArrayList<>();
  private double epochLossSum;
  private int epochSteps;

  /**
   * Creates the listener.
   *
   * @param stem path without extension; {@code .csv} and {@code .png} are added
   */
  public LossPlotListener(Path stem) {
    this.csv = stem.resolveSibling(stem.getFileName() + ".csv");
    this.png = stem.resolveSibling(stem.getFileName() + ".png");
  }

  @Override
  public void onStep(long step, double loss) {
    epochLossSum += loss;
    epochSteps++;
  }

  @Override
  public void onEpoch(int epoch, long steps, MelodyRnnModel.Metrics eval) {
    rows.add(
        new double[] {
          epoch,
          steps,
          epochLossSum / Math.max(1, epochSteps),
          eval.loss(),
          eval.accuracy(),
          eval.perplexity()
        });
    epochLossSum = 0;
    epochSteps = 0;
    try {
      writeCsv();
      writePng();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeCsv() throws IOException {
    StringBuilder sb =
        new StringBuilder("epoch,step,train_loss,eval_loss,eval_accuracy,eval_perplexity\n");
    for (double[] r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%.5f,%.5f,%.5f,%.4f%n",
              (long) r[0],
              (long) r[1],
              r[2],
              r[3],
              r[4],
              r[5]));
    }
    AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void writePng() throws IOException {
    XYSeries train = new XYSeries("training loss (epoch mean)");
    XYSeries eval = new XYSeries("held-out loss");
    for (double[] r : rows) {
      train.add(r[1], r[2]);
      eval.add(r[1], r[3]);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(train);
    data.addSeries(eval);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Melody RNN training", "step", "cross-entropy per event", data);
    AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 800, 450));
  }
}
