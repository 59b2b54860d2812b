package org.musicgan.audio.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.testing.AudioAsserts;
import org.musicgan.audio.testing.RepresentationRoundTrip;
import org.musicgan.audio.testing.TestSignals;

/** Every preset through the same checks, one report line each. */
class RepresentationPresetTest {

  @ParameterizedTest
  @EnumSource(RepresentationPreset.class)
  void geometryIsFourSecondsAndStageSized(RepresentationPreset preset) {
    AudioRepresentation rep = preset.create();
    assertEquals(preset.presetName(), rep.name());
    int side = preset.stageII() ? 256 : 64;
    assertEquals(side, rep.height());
    assertEquals(side, rep.width());
    assertTrue(rep.channels() == 2 || rep.channels() == 3);
    assertEquals(4.0, rep.clipSeconds(), 0.004);
    float[][][] t = rep.encode(RepresentationRoundTrip.testClip(rep, 1));
    assertEquals(rep.channels(), t.length);
    assertEquals(side, t[0].length);
    assertEquals(side, t[0][0].length);
    assertEquals(preset, RepresentationPreset.byName(preset.presetName()));
  }

  @ParameterizedTest
  @EnumSource(RepresentationPreset.class)
  void roundTripWithinItsPromise(RepresentationPreset preset) {
    AudioRepresentation rep = preset.create();
    AudioClip clip = RepresentationRoundTrip.testClip(rep, 11);
    AudioClip back = RepresentationRoundTrip.roundTrip(rep, clip);
    assertEquals(clip.length(), back.length());
    assertEquals(clip.sampleRate(), back.sampleRate());
    double err = AudioAsserts.maxAbsDiff(clip.samples(), back.samples());
    if (rep.lossless()) {
      assertTrue(err < 1e-4, rep.name() + " round-trip error " + err);
    } else if (rep instanceof LogMagnitudeInstantaneousFrequency lif && !lif.mel()) {
      // exact except for the dropped DC bin: compare with the clip whose DC bin is zeroed
      var spec = lif.stft().forward(clip.samples());
      for (int f = 0; f < spec.frames(); f++) {
        spec.set(0, f, 0, 0);
      }
      float[] noDc = lif.stft().inverse(spec, clip.length());
      double dcErr = AudioAsserts.maxAbsDiff(noDc, back.samples());
      assertTrue(dcErr < 1e-3, rep.name() + " round-trip error without DC " + dcErr);
    } else {
      // mel: the pitch of a steady tone survives the approximate inverse
      double hz = rep.sampleRate() * 0.2;
      AudioClip tone = TestSignals.sineClip(hz, rep.sampleRate(), rep.clipSamples(), 0.5);
      float[] y = RepresentationRoundTrip.roundTrip(rep, tone).samples();
      assertEquals(hz, TestSignals.zeroCrossingFrequency(y, rep.sampleRate()), hz * 0.02);
    }
  }

  @ParameterizedTest
  @EnumSource(RepresentationPreset.class)
  void wrongClipOrTensorShapeIsRejectedWithItsShape(RepresentationPreset preset) {
    AudioRepresentation rep = preset.create();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> rep.encode(new AudioClip(new float[rep.clipSamples() - 1], rep.sampleRate())));
    assertTrue(e.getMessage().contains("use fit()"), e.getMessage());
    var t = assertThrows(IllegalArgumentException.class, () -> rep.decode(new float[1][2][3]));
    assertTrue(t.getMessage().endsWith("found 1x2x3"), t.getMessage());
  }

  @Test
  void fitResamplesAndPads() {
    AudioRepresentation rep = RepresentationPreset.MAGNITUDE_PHASE_STAGE_I.create();
    AudioClip cd = TestSignals.sineClip(100, 44100, 44100 * 3, 0.5);
    AudioClip fitted = rep.fit(cd);
    assertEquals(1000, fitted.sampleRate());
    assertEquals(4000, fitted.length());
    assertEquals(0f, fitted.sample(3999));
    assertEquals(
        100, TestSignals.zeroCrossingFrequency(fitted.withLength(3000).samples(), 1000), 1);
  }

  @Test
  void complexImageUsesTheSeedsRowLayout() {
    ComplexImage rep = (ComplexImage) RepresentationPreset.COMPLEX_IMAGE_STAGE_I.create();
    AudioClip clip = RepresentationRoundTrip.testClip(rep, 5);
    var spec = rep.stft().forward(clip.samples());
    float[][][] t = rep.encode(clip);
    // row 2i = Re(bin i), row 2i+1 = Im(bin i); channel = row / 64
    for (int bin : new int[] {0, 1, 31, 32, 63, 95}) {
      int reRow = 2 * bin;
      int imRow = 2 * bin + 1;
      assertEquals(spec.re(bin, 10), t[reRow / 64][reRow % 64][10]);
      assertEquals(spec.im(bin, 10), t[imRow / 64][imRow % 64][10]);
    }
  }

  @Test
  void rawWaveformFollowsNhwcReshape() {
    AudioRepresentation rep = RepresentationPreset.RAW_WAVEFORM_STAGE_I.create();
    float[] x = new float[rep.clipSamples()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / (float) x.length;
    }
    float[][][] t = rep.encode(new AudioClip(x, rep.sampleRate()));
    // sample s -> channel s % 3, pixel s / 3 -> row pixel / 64, column pixel % 64
    int s = 3 * (64 * 5 + 7) + 2;
    assertEquals(x[s], t[2][5][7]);
  }

  @Test
  void magnitudePhaseLogChannelIsLogOfMagnitude() {
    MagnitudePhase lin = (MagnitudePhase) RepresentationPreset.MAGNITUDE_PHASE_STAGE_I.create();
    MagnitudePhase log = (MagnitudePhase) RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I.create();
    AudioClip clip = RepresentationRoundTrip.testClip(lin, 9);
    float[][][] a = lin.encode(clip);
    float[][][] b = log.encode(clip);
    assertEquals(Math.log(a[0][10][20] + 1e-6), b[0][10][20], 1e-5);
    assertEquals(a[1][10][20], b[1][10][20]);
  }

  /**
   * A steady tone on odd bin 21's centre: the raw phase flips by pi from frame to frame, the
   * demodulated one stays put; 0.3 bins above the centre it drifts by 0.3 pi per frame.
   */
  @Test
  void demodulatedPhaseOfASteadyToneIsSmooth() {
    MagnitudePhase raw = (MagnitudePhase) RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I.create();
    MagnitudePhase demod =
        (MagnitudePhase) RepresentationPreset.MAGNITUDE_PHASE_LOG_DEMOD_STAGE_I.create();
    assertTrue(demod.demodulated() && !raw.demodulated());
    for (double offset : new double[] {0, 0.3}) {
      AudioClip clip = TestSignals.sineClip((21 + offset) * 1000.0 / 126, 1000, 4000, 0.5);
      float[][][] a = raw.encode(clip);
      float[][][] b = demod.encode(clip);
      for (int t = 4; t < 60; t++) {
        double rawStep = wrapped(a[1][21][t + 1] - a[1][21][t]);
        double demodStep = wrapped(b[1][21][t + 1] - b[1][21][t]);
        assertEquals(Math.PI * offset, demodStep, 1e-3, "offset " + offset + " frame " + t);
        // bin 21's pi k per frame: pi, modulo 2 pi
        assertEquals(Math.PI, Math.abs(wrapped(rawStep - demodStep)), 1e-3);
      }
      assertEquals(a[0][21][30], b[0][21][30]);
    }
  }

  private static double wrapped(double x) {
    return x - 2 * Math.PI * Math.rint(x / (2 * Math.PI));
  }

  @Test
  void instantaneousFrequencyOfASteadyToneIsConstant() {
    AudioRepresentation rep = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    // 252 Hz = bin 32 exactly (1008 / 128 * 32), i.e. row 31 once DC is dropped
    float[][][] t = rep.encode(TestSignals.sineClip(252, 1008, 4032, 0.5));
    float[] row = t[1][31];
    for (int f = 2; f < 62; f++) {
      assertEquals(row[2], row[f], 1e-3, "IF at frame " + f);
    }
    // hop 64 at 252 Hz advances 16 cycles per hop: phase step 0 mod 2 pi
    assertEquals(0, row[10], 1e-3);
  }

  @Test
  void everyPresetHasItsOtherStage() {
    for (RepresentationPreset p : RepresentationPreset.values()) {
      RepresentationPreset q = p.otherStage();
      assertEquals(!p.stageII(), q.stageII(), p.presetName());
      assertEquals(p, q.otherStage());
      assertEquals(
          p.presetName().substring(0, p.presetName().indexOf('/')),
          q.presetName().substring(0, q.presetName().indexOf('/')));
    }
  }
}
