package org.musicgan.audio.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.Stft;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.representation.AudioRepresentation;

/**
 * Draws spectrograms as PNG pictures with time and frequency axes and a colour bar, like the seed's
 * figures.
 *
 * <pre>{@code
 * SpectrogramPlot.writePng(clip, StftConfig.halfOverlap(1024), Scale.DB, Path.of("song.png"));
 * }</pre>
 */
public final class SpectrogramPlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  /** Dynamic range shown in {@link Scale#DB} pictures. */
  private static final double DB_RANGE = 80;

  /** Amplitude scale of a picture. */
  public enum Scale {
    /** Magnitude as it is. */
    LINEAR,
    /** {@code 20 log10(magnitude)}, the top 80 dB shown. */
    DB
  }

  private SpectrogramPlot() {}

  /**
   * Renders the STFT magnitude of a clip.
   *
   * @param clip the audio
   * @param config STFT geometry (the clip must be longer than nFft/2)
   * @param scale linear or dB
   * @param title chart title
   * @return the picture
   */
  public static BufferedImage render(AudioClip clip, StftConfig config, Scale scale, String title) {
    var spec = new Stft(config).forward(clip.samples());
    float[] mag = spec.magnitude();
    float[][] rows = new float[spec.bins()][spec.frames()];
    for (int k = 0; k < spec.bins(); k++) {
      System.arraycopy(mag, k * spec.frames(), rows[k], 0, spec.frames());
    }
    double secondsPerFrame = config.hop() / (double) clip.sampleRate();
    double hzPerBin = clip.sampleRate() / (double) config.nFft();
    return heatmap(rows, secondsPerFrame, hzPerBin, "Frequency (Hz)", scale, title, WIDTH, HEIGHT);
  }

  /** Renders a clip's spectrogram and writes it as PNG, atomically. */
  public static void writePng(AudioClip clip, StftConfig config, Scale scale, Path png)
      throws IOException {
    write(render(clip, config, scale, String.valueOf(png.getFileName())), png);
  }

  /**
   * Renders a representation tensor, one panel per channel side by side, values as they are (log
   * representations are already logarithmic). The x axis is time in seconds; the y axis is the
   * tensor row.
   */
  public static BufferedImage render(AudioRepresentation rep, float[][][] tensor, String title) {
    int panelWidth = 520;
    BufferedImage out =
        new BufferedImage(panelWidth * tensor.length, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      double secondsPerColumn = rep.clipSeconds() / rep.width();
      for (int c = 0; c < tensor.length; c++) {
        BufferedImage panel =
            heatmap(
                tensor[c],
                secondsPerColumn,
                1,
                "Row",
                Scale.LINEAR,
                title + " - channel " + c,
                panelWidth,
                HEIGHT);
        g.drawImage(panel, c * panelWidth, 0, null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Renders a representation tensor and writes it as PNG, atomically. */
  public static void writePng(AudioRepresentation rep, float[][][] tensor, Path png)
      throws IOException {
    write(render(rep, tensor, rep.name()), png);
  }

  /** Writes a picture as PNG, atomically. */
  public static void write(BufferedImage image, Path png) throws IOException {
    AtomicFiles.write(
        png,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  private static BufferedImage heatmap(
      float[][] rows,
      double xStep,
      double yStep,
      String yLabel,
      Scale scale,
      String title,
      int width,
      int height) {
    int nRows = rows.length;
    int nCols = rows[0].length;
    double[] xs = new double[nRows * nCols];
    double[] ys = new double[nRows * nCols];
    double[] zs = new double[nRows * nCols];
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int r = 0; r < nRows; r++) {
      for (int c = 0; c < nCols; c++) {
        int i = r * nCols + c;
        xs[i] = c * xStep;
        ys[i] = r * yStep;
        double v = rows[r][c];
        zs[i] = scale == Scale.DB ? 20 * Math.log10(Math.max(Math.abs(v), 1e-10)) : v;
        max = Math.max(max, zs[i]);
        min = Math.min(min, zs[i]);
      }
    }
    if (scale == Scale.DB) {
      min = Math.max(min, max - DB_RANGE);
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("spectrogram", new double[][] {xs, ys, zs});
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(xStep);
    renderer.setBlockHeight(yStep);
    renderer.setBlockAnchor(RectangleAnchor.BOTTOM_LEFT);
    ColourScale colours = new ColourScale(min, max);
    renderer.setPaintScale(colours);
    NumberAxis x = new NumberAxis("Time (s)");
    x.setRange(0, nCols * xStep);
    NumberAxis y = new NumberAxis(yLabel);
    y.setRange(0, nRows * yStep);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    PaintScaleLegend legend =
        new PaintScaleLegend(colours, new NumberAxis(scale == Scale.DB ? "dB" : "value"));
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 4, 4);
    chart.addSubtitle(legend);
    return chart.createBufferedImage(width, height);
  }
}
