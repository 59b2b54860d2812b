package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.synth.SingleNoteSet;

/** The evaluation on the shipped model, with sine tones standing in for the rendered notes. */
class GanEvaluationTest {

  @Test
  void everyDecodedClipGoesThroughTheHookBeforeItIsMeasured() throws Exception {
    StackGanGenerator gan = StackGanGenerator.loadDefault();
    List<SingleNoteSet.Item> real = new ArrayList<>();
    for (int program : new int[] {0, 24, 40, 73}) {
      for (int pitch : new int[] {48, 50, 52, 53, 55, 57, 59, 60}) {
        double hz = 440 * Math.pow(2, (pitch - 69) / 12.0);
        float[] x = new float[4 * 16000];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        real.add(new SingleNoteSet.Item(pitch, program, 100, new AudioClip(x, 16000)));
      }
    }
    NoteGanData.Prepared data =
        NoteGanData.prepare(real, RepresentationPreset.byName(gan.manifest().preset()));
    assertEquals(gan.schema(), data.schema());

    GanEvaluation.Result plain = GanEvaluation.evaluate(gan, data, real, 3.0, 1, 1);
    assertEquals(1.0, plain.realPitchAccuracy(), "sine tones keep their pitch");
    assertTrue(plain.pitchAccuracy() > 0.5, "the shipped model: " + plain.pitchAccuracy());
    // Stage I clips end at 504 Hz: no band to measure the harmonic contrast in
    assertTrue(Double.isNaN(plain.harmonicContrast()));
    assertTrue(Double.isNaN(plain.realHarmonicContrast()));
    // clips at 16 kHz have the band; white noise there has no partials to stand out
    java.util.Random r = new java.util.Random(4);
    java.util.function.Function<java.util.function.UnaryOperator<AudioClip>, GanEvaluation.Result>
        hooked = hook -> GanEvaluation.evaluate(gan, data, real, 3.0, 1, 1, hook);
    GanEvaluation.Result noise =
        hooked.apply(
            clip -> {
              float[] x = new float[4 * 16000];
              for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 * r.nextGaussian());
              }
              return new AudioClip(x, 16000);
            });
    assertEquals(0, noise.harmonicContrast(), 0.1);
    assertEquals(0, noise.realHarmonicContrast(), 0.1);

    AtomicInteger calls = new AtomicInteger();
    GanEvaluation.Result silenced =
        hooked.apply(
            clip -> {
              calls.incrementAndGet();
              return new AudioClip(new float[clip.length()], clip.sampleRate());
            });
    assertEquals(2 * 32, calls.get(), "32 real notes and 32 generated clips");
    assertEquals(0.0, silenced.realPitchAccuracy());
    assertEquals(0.0, silenced.pitchAccuracy());
  }
}
