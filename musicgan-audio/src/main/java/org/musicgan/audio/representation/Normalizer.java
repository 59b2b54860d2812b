package org.musicgan.audio.representation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.musicgan.audio.io.AtomicFiles;

/**
 * A per-channel affine map {@code y = scale[c] * x + offset[c]} fitted over a dataset, so that
 * tensors fit the generator's tanh range, and its exact inverse.
 *
 * <ul>
 *   <li>{@link Mode#MIN_MAX}: the fitted minimum maps to -1 and the maximum to +1.
 *   <li>{@link Mode#MEAN_STD} (for log representations): {@code (x - mean) / (3 std)}, so about
 *       99.7% of Gaussian-like values fall in [-1, 1]; values are not clipped, so the map stays
 *       invertible.
 * </ul>
 *
 * <p>A normaliser is immutable and travels with a trained model: {@link #write}/{@link #read} use a
 * small, versioned, human-readable properties format.
 */
public final class Normalizer {
  private static final String FORMAT = "musicgan-normalizer-1";

  /** How a normaliser is fitted. */
  public enum Mode {
    /** Map [min, max] to [-1, 1]. */
    MIN_MAX,
    /** Map mean +- 3 std to [-1, 1]. */
    MEAN_STD
  }

  private final Mode mode;
  private final float[] scale;
  private final float[] offset;

  private Normalizer(Mode mode, float[] scale, float[] offset) {
    this.mode = mode;
    this.scale = scale;
    this.offset = offset;
  }

  /** Starts fitting a normaliser for tensors with {@code channels} channels. */
  public static Fitter fitter(Mode mode, int channels) {
    return new Fitter(mode, channels);
  }

  /** Returns the mode it was fitted with. */
  public Mode mode() {
    return mode;
  }

  /** Returns the number of channels. */
  public int channels() {
    return scale.length;
  }

  /** Returns a normalised copy of {@code tensor}. */
  public float[][][] normalize(float[][][] tensor) {
    return map(tensor, false);
  }

  /** Returns a de-normalised copy of {@code tensor} (the exact inverse of {@link #normalize}). */
  public float[][][] denormalize(float[][][] tensor) {
    return map(tensor, true);
  }

  private float[][][] map(float[][][] tensor, boolean inverse) {
    checkChannels(tensor.length);
    float[][][] out = new float[tensor.length][][];
    for (int c = 0; c < tensor.length; c++) {
      out[c] = new float[tensor[c].length][];
      for (int h = 0; h < tensor[c].length; h++) {
        float[] row = tensor[c][h].clone();
        for (int w = 0; w < row.length; w++) {
          row[w] = inverse ? (row[w] - offset[c]) / scale[c] : row[w] * scale[c] + offset[c];
        }
        out[c][h] = row;
      }
    }
    return out;
  }

  private void checkChannels(int found) {
    if (found != scale.length) {
      throw new IllegalArgumentException(
          "normaliser was fitted on " + scale.length + " channels, tensor has " + found);
    }
  }

  /** Writes this normaliser in its text format. */
  public void write(OutputStream out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("format=").append(FORMAT).append('\n');
    sb.append("mode=").append(mode).append('\n');
    sb.append("channels=").append(scale.length).append('\n');
    for (int c = 0; c < scale.length; c++) {
      sb.append(String.format(Locale.ROOT, "scale.%d=%s%n", c, Float.toString(scale[c])));
      sb.append(String.format(Locale.ROOT, "offset.%d=%s%n", c, Float.toString(offset[c])));
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Saves this normaliser to a file, atomically. */
  public void save(Path file) throws IOException {
    AtomicFiles.write(file, this::write);
  }

  /**
   * Reads a normaliser written by {@link #write}.
   *
   * @param in the stream
   * @param source a name for error messages
   * @throws IOException naming the source and the bad field if the content is not a normaliser
   */
  public static Normalizer read(InputStream in, String source) throws IOException {
    Properties p = new Properties();
    p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new IOException(source + ": not a normaliser (format=" + p.getProperty("format") + ")");
    }
    try {
      Mode mode = Mode.valueOf(p.getProperty("mode"));
      int channels = Integer.parseInt(p.getProperty("channels"));
      float[] scale = new float[channels];
      float[] offset = new float[channels];
      for (int c = 0; c < channels; c++) {
        scale[c] = Float.parseFloat(p.getProperty("scale." + c));
        offset[c] = Float.parseFloat(p.getProperty("offset." + c));
        if (!Float.isFinite(scale[c]) || scale[c] == 0 || !Float.isFinite(offset[c])) {
          throw new IOException(source + ": channel " + c + " has scale " + scale[c]);
        }
      }
      return new Normalizer(mode, scale, offset);
    } catch (RuntimeException e) {
      throw new IOException(source + ": malformed normaliser (" + e.getMessage() + ")", e);
    }
  }

  /** Loads a normaliser from a file. */
  public static Normalizer load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  @Override
  public String toString() {
    return "Normalizer["
        + mode
        + ", scale="
        + Arrays.toString(scale)
        + ", offset="
        + Arrays.toString(offset)
        + "]";
  }

  /** Accumulates per-channel statistics over tensors, then builds a {@link Normalizer}. */
  public static final class Fitter {
    private final Mode mode;
    private final double[] min;
    private final double[] max;
    private final double[] sum;
    private final double[] sumSq;
    private long count;

    private Fitter(Mode mode, int channels) {
      if (channels <= 0) {
        throw new IllegalArgumentException("channels must be > 0, found " + channels);
      }
      this.mode = mode;
      min = new double[channels];
      max = new double[channels];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      sum = new double[channels];
      sumSq = new double[channels];
    }

    /** Adds one tensor's values. */
    public Fitter add(float[][][] tensor) {
      if (tensor.length != min.length) {
        throw new IllegalArgumentException(
            "fitter has " + min.length + " channels, tensor has " + tensor.length);
      }
      for (int c = 0; c < tensor.length; c++) {
        for (float[] row : tensor[c]) {
          for (float v : row) {
            min[c] = Math.min(min[c], v);
            max[c] = Math.max(max[c], v);
            sum[c] += v;
            sumSq[c] += (double) v * v;
          }
        }
      }
      count += (long) tensor[0].length * (tensor[0].length == 0 ? 0 : tensor[0][0].length);
      return this;
    }

    /**
     * Builds the normaliser. A constant channel gets scale 1 and is only shifted.
     *
     * @throws IllegalStateException if nothing was added
     */
    public Normalizer build() {
      if (count == 0) {
        throw new IllegalStateException("no values were added to the normaliser fitter");
      }
      int channels = min.length;
      float[] scale = new float[channels];
      float[] offset = new float[channels];
      for (int c = 0; c < channels; c++) {
        double center;
        double half;
        if (mode == Mode.MIN_MAX) {
          center = (min[c] + max[c]) / 2;
          half = (max[c] - min[c]) / 2;
        } else {
          center = sum[c] / count;
          half = 3 * Math.sqrt(Math.max(0, sumSq[c] / count - center * center));
        }
        double s = half > 1e-12 ? 1 / half : 1;
        scale[c] = (float) s;
        offset[c] = (float) (-center * s);
      }
      return new Normalizer(mode, scale, offset);
    }
  }
}
