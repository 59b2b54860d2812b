package org.musicgan.audio.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.audio.testing.RepresentationRoundTrip;
import org.musicgan.audio.testing.TestSignals;

class SpectrogramPlotTest {
  @TempDir Path dir;

  private static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }

  @Test
  void clipSpectrogramPngInLinearAndDb() throws IOException {
    AudioClip clip = new AudioClip(TestSignals.chirp(100, 3000, 8000, 16000, 0.5), 8000);
    for (SpectrogramPlot.Scale scale : SpectrogramPlot.Scale.values()) {
      Path png = dir.resolve("chirp-" + scale + ".png");
      SpectrogramPlot.writePng(clip, StftConfig.halfOverlap(256), scale, png);
      BufferedImage img = ImageIO.read(png.toFile());
      assertEquals(900, img.getWidth());
      assertEquals(500, img.getHeight());
      assertTrue(colours(img) > 30, "picture looks blank: " + colours(img) + " colours");
    }
  }

  @Test
  void representationTensorOnePanelPerChannel() throws IOException {
    AudioRepresentation rep = RepresentationPreset.COMPLEX_IMAGE_STAGE_I.create();
    float[][][] t = rep.encode(RepresentationRoundTrip.testClip(rep, 2));
    Path png = dir.resolve("complex.png");
    SpectrogramPlot.writePng(rep, t, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(3 * 520, img.getWidth());
    assertTrue(colours(img) > 30);
  }
}
