package org.musicgan.datasets.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.representation.AudioRepresentation;

/**
 * Encoded tensors on disk, one little-endian float32 file per (representation, example key), so
 * that later epochs and later runs skip decoding and encoding. Files are written atomically; a file
 * of the wrong size is treated as missing and rewritten.
 */
public final class TensorCache {
  private final Path folder;
  private final AudioRepresentation representation;
  private int hits;
  private int misses;

  /** A cache in {@code folder} for one representation. */
  public TensorCache(Path folder, AudioRepresentation representation) {
    this.folder = folder;
    this.representation = representation;
  }

  /** Encoded tensor of an example, from the cache or freshly encoded (and then stored). */
  public float[][][] get(AudioExample example) throws IOException {
    int c = representation.channels();
    int h = representation.height();
    int w = representation.width();
    Path file = folder.resolve(fileName(example.key()));
    long bytes = 4L * c * h * w;
    if (Files.isRegularFile(file) && Files.size(file) == bytes) {
      hits++;
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      float[][][] t = new float[c][h][w];
      for (float[][] ch : t) {
        for (float[] row : ch) {
          buf.asFloatBuffer().get(row);
          buf.position(buf.position() + 4 * row.length);
        }
      }
      return t;
    }
    misses++;
    float[][][] t = representation.encode(representation.fit(example.load()));
    ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (float[][] ch : t) {
      for (float[] row : ch) {
        for (float v : row) {
          buf.putFloat(v);
        }
      }
    }
    AtomicFiles.write(file, buf.array());
    return t;
  }

  private String fileName(String key) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((representation.name() + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16) + ".f32";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tensors read from disk so far. */
  public int hits() {
    return hits;
  }

  /** Tensors encoded so far. */
  public int misses() {
    return misses;
  }
}
