package org.musicgan.audio.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.testing.AudioAsserts;
import org.musicgan.audio.testing.RepresentationRoundTrip;

class NormalizerTest {
  @TempDir Path dir;

  private static float[] flat(float[][][] t) {
    int n = 0;
    for (float[][] c : t) {
      n += c.length * c[0].length;
    }
    float[] out = new float[n];
    int i = 0;
    for (float[][] c : t) {
      for (float[] row : c) {
        System.arraycopy(row, 0, out, i, row.length);
        i += row.length;
      }
    }
    return out;
  }

  @Test
  void minMaxMapsTheFittedDataOntoMinusOneToOne() {
    AudioRepresentation rep = RepresentationPreset.MAGNITUDE_PHASE_STAGE_I.create();
    Normalizer.Fitter fitter = Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2);
    float[][][] a = rep.encode(RepresentationRoundTrip.testClip(rep, 1));
    float[][][] b = rep.encode(RepresentationRoundTrip.testClip(rep, 2).scaled(0.5f));
    Normalizer n = fitter.add(a).add(b).build();
    for (float[][][] t : new float[][][][] {a, b}) {
      float[][][] y = n.normalize(t);
      for (float v : flat(y)) {
        assertTrue(v >= -1.0001f && v <= 1.0001f, "value " + v);
      }
      AudioAsserts.assertRelativeClose(flat(t), flat(n.denormalize(y)), 1e-6);
    }
    float[] ya = flat(n.normalize(a));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : ya) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(1, max, 1e-5); // the louder clip holds the maxima
  }

  @Test
  void meanStdPutsMostValuesInRange() {
    AudioRepresentation rep = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    float[][][] t = rep.encode(RepresentationRoundTrip.testClip(rep, 3));
    Normalizer n = Normalizer.fitter(Normalizer.Mode.MEAN_STD, 2).add(t).build();
    float[] y = flat(n.normalize(t));
    int inside = 0;
    double mean = 0;
    for (float v : y) {
      inside += Math.abs(v) <= 1 ? 1 : 0;
      mean += v;
    }
    assertTrue(inside > 0.95 * y.length, inside + " of " + y.length + " in [-1, 1]");
    assertEquals(0, mean / y.length, 1e-3);
  }

  @Test
  void savesAndLoadsExactly() throws IOException {
    float[][][] t = {{{1f, 5f}, {2f, 3f}}, {{-7f, 7f}, {0f, 1f}}};
    Normalizer n = Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2).add(t).build();
    Path file = dir.resolve("norm.properties");
    n.save(file);
    Normalizer back = Normalizer.load(file);
    assertEquals(n.toString(), back.toString());
    AudioAsserts.assertClose(flat(n.normalize(t)), flat(back.normalize(t)), 0);
    AudioAsserts.assertClose(
        new float[] {-1f, 1f, -0.5f, 0f, -1f, 1f, 0f, 1f / 7}, flat(n.normalize(t)), 1e-6);
  }

  @Test
  void badInputIsNamed() throws IOException {
    byte[] junk =
        "format=musicgan-normalizer-1\nmode=MIN_MAX\nchannels=2\n".getBytes(StandardCharsets.UTF_8);
    var e =
        assertThrows(
            IOException.class,
            () -> Normalizer.read(new ByteArrayInputStream(junk), "n.properties"));
    assertTrue(e.getMessage().startsWith("n.properties: malformed normaliser"), e.getMessage());
    Path other = dir.resolve("x.properties");
    Files.writeString(other, "hello=world\n");
    assertTrue(
        assertThrows(IOException.class, () -> Normalizer.load(other))
            .getMessage()
            .contains("not a normaliser"));
    Normalizer n = Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2).add(new float[2][1][1]).build();
    assertThrows(IllegalArgumentException.class, () -> n.normalize(new float[3][1][1]));
    assertThrows(
        IllegalStateException.class, () -> Normalizer.fitter(Normalizer.Mode.MIN_MAX, 1).build());
  }
}
