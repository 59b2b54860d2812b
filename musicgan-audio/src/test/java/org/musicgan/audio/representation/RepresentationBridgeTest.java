package org.musicgan.audio.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.HarmonicContrast;
import org.musicgan.audio.dsp.PitchEstimator;

class RepresentationBridgeTest {

  /** C3 with its second and third harmonics, 4 s at {@code rate}, fading in and out. */
  private static AudioClip tone(int rate, int samples) {
    double f0 = PitchEstimator.midiToHz(48);
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      double t = i / (double) rate;
      double env = Math.min(1, Math.min(t / 0.05, (samples - i) / (0.05 * rate)));
      double v = 0;
      for (int h = 1; h <= 3; h++) {
        v += Math.sin(2 * Math.PI * h * f0 * t) / h;
      }
      x[i] = (float) (0.3 * env * v);
    }
    return new AudioClip(x, rate);
  }

  private static Normalizer fitted(float[][][] t) {
    return Normalizer.fitter(Normalizer.Mode.MEAN_STD, t.length).add(t).build();
  }

  /** The row of channel 0 with the largest mean over the middle columns. */
  private static int loudestRow(float[][][] t) {
    int best = 0;
    for (int r = 1; r < t[0].length; r++) {
      if (rowMean(t, r) > rowMean(t, best)) {
        best = r;
      }
    }
    return best;
  }

  @Test
  void carriesAStageITensorOntoTheStageIIGridOfTheSameSound() {
    AudioRepresentation one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    AudioRepresentation two = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_II.create();
    float[][][] low = one.encode(tone(one.sampleRate(), one.clipSamples()));
    float[][][] direct = two.encode(tone(two.sampleRate(), two.clipSamples()));
    Normalizer n1 = fitted(low);
    Normalizer n2 = fitted(direct);
    RepresentationBridge bridge = new RepresentationBridge(one, n1, two, n2);
    float[][][] out = bridge.apply(n1.normalize(low));
    assertEquals(2, out.length);
    assertEquals(256, out[0].length);
    assertEquals(256, out[0][0].length);
    // the fundamental sits on the Stage II row of 130.8 Hz (31.9 Hz bins: bin 4.1, row 3 as the DC
    // bin is dropped), as when the tone is encoded at Stage II directly
    assertEquals(loudestRow(n2.normalize(direct)), loudestRow(out));
    assertEquals(3, loudestRow(out));
    // and the sound it stands for has the tone's pitch
    AudioClip back = two.decode(n2.denormalize(out));
    double hz = new PitchEstimator(100, 300, 3).estimate(back, 0.5, 3.5);
    double cents = 1200 * Math.log(hz / PitchEstimator.midiToHz(48)) / Math.log(2);
    assertTrue(Math.abs(cents) < 10, "f0 " + hz + " Hz, " + cents + " cents off C3");
    // above the source's Nyquist frequency (504 Hz, row 14.8) there is nothing: 60 dB down
    float[][][] logMag = n2.denormalize(out);
    double peak = Double.NEGATIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < 256; r++) {
      for (int c = 32; c < 224; c++) {
        if (r < 16) {
          peak = Math.max(peak, logMag[0][r][c]);
        } else if (r > 20) {
          high = Math.max(high, logMag[0][r][c]);
        }
      }
    }
    assertTrue(peak - high > Math.log(1000), "peak " + peak + ", above the band " + high);
  }

  /** The mean over the middle columns of channel 0, row {@code r}. */
  private static double rowMean(float[][][] t, int r) {
    int w = t[0][r].length;
    double s = 0;
    for (int c = w / 4; c < 3 * w / 4; c++) {
      s += t[0][r][c];
    }
    return s / (w / 2);
  }

  /** The row of {@code hz} nearest to {@code f}. */
  private static int rowOf(double[] hz, double f) {
    int best = 0;
    for (int r = 1; r < hz.length; r++) {
      if (Math.abs(hz[r] - f) < Math.abs(hz[best] - f)) {
        best = r;
      }
    }
    return best;
  }

  @Test
  void withHarmonicsTheToneCarriesOnAboveTheSourceBandAtMultiplesOfItsFundamental() {
    AudioRepresentation one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    AudioRepresentation two = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_II.create();
    float[][][] low = one.encode(tone(one.sampleRate(), one.clipSamples()));
    Normalizer n1 = fitted(low);
    Normalizer n2 = fitted(two.encode(tone(two.sampleRate(), two.clipSamples())));
    RepresentationBridge plain = new RepresentationBridge(one, n1, two, n2);
    RepresentationBridge excited = new RepresentationBridge(one, n1, two, n2, 0.5);
    assertEquals(0.5, excited.harmonics(), 0);
    float[][][] without = n2.denormalize(plain.apply(n1.normalize(low)));
    float[][][] with = n2.denormalize(excited.apply(n1.normalize(low)));
    double f0 = PitchEstimator.midiToHz(48);
    double[] hz = two.cellHz()[0];
    // harmonics 5 to 12 (654 Hz to 1.57 kHz, above the source's 504 Hz): each row of k f0 at least
    // 20 dB above the row halfway to the next harmonic, and 40 dB above the plain bridge's
    for (int k = 5; k <= 12; k++) {
      int on = rowOf(hz, k * f0);
      int off = rowOf(hz, (k + 0.5) * f0);
      double lnTen = Math.log(10);
      assertTrue(rowMean(with, on) - rowMean(with, off) > lnTen, "harmonic " + k + " vs halfway");
      assertTrue(
          rowMean(with, on) - rowMean(without, on) > 2 * lnTen, "harmonic " + k + " vs plain");
    }
    // the pitch is unchanged
    double back = new PitchEstimator(100, 300, 3).estimate(two.decode(with), 0.5, 3.5);
    double cents = 1200 * Math.log(back / f0) / Math.log(2);
    assertTrue(Math.abs(cents) < 10, "f0 " + back + " Hz, " + cents + " cents off C3");
    assertThrows(
        IllegalArgumentException.class, () -> new RepresentationBridge(one, n1, two, n2, -1));
  }

  @Test
  void everySpectralCellKnowsItsFrequency() {
    for (RepresentationPreset p : RepresentationPreset.values()) {
      AudioRepresentation rep = p.create();
      if (rep instanceof RawWaveform) {
        assertThrows(UnsupportedOperationException.class, rep::cellHz, p.presetName());
        continue;
      }
      // a 200 Hz sine (well inside every preset's band): its largest cell sits at 200 Hz
      float[] x = new float[rep.clipSamples()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 200 * i / rep.sampleRate()));
      }
      float[][][] t = rep.encode(new AudioClip(x, rep.sampleRate()));
      double[][] hz = rep.cellHz();
      int bestC = 0;
      int bestR = 0;
      double best = Double.NEGATIVE_INFINITY;
      boolean signed = rep instanceof ComplexImage; // re/im cells: compare magnitudes
      for (int c = 0; c < (signed ? t.length : 1); c++) {
        for (int r = 0; r < t[c].length; r++) {
          double v = signed ? Math.abs(t[c][r][t[c][r].length / 2]) : t[c][r][t[c][r].length / 2];
          if (v > best) {
            best = v;
            bestC = c;
            bestR = r;
          }
        }
      }
      double binHz =
          rep.sampleRate() / (double) ((SpectralRepresentation) rep).stft().config().nFft();
      double spacing =
          bestR + 1 < hz[bestC].length ? hz[bestC][bestR + 1] - hz[bestC][bestR] : binHz;
      assertEquals(
          200, hz[bestC][bestR], Math.max(binHz, spacing), p.presetName() + " row " + bestR);
    }
  }

  @Test
  void theSourceBandEndsAtTheSourceNyquistFrequency() {
    AudioRepresentation one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    AudioRepresentation two = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_II.create();
    Normalizer n1 = fitted(one.encode(tone(one.sampleRate(), one.clipSamples())));
    Normalizer n2 = fitted(two.encode(tone(two.sampleRate(), two.clipSamples())));
    boolean[][] band = new RepresentationBridge(one, n1, two, n2).sourceBand();
    // 504 Hz x roll-off 0.9476 = 477.6 Hz; Stage II row r is bin r + 1 of 31.875 Hz: rows 0..13
    for (boolean[] ch : band) {
      for (int r = 0; r < ch.length; r++) {
        assertEquals(r <= 13, ch[r], "row " + r);
      }
    }
  }

  @Test
  void rephasingRebuildsAScrambledPhaseBeforeTheHarmonicsAreAdded() {
    AudioRepresentation one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    AudioRepresentation two = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_II.create();
    float[][][] low = one.encode(tone(one.sampleRate(), one.clipSamples()));
    // the same magnitudes with the instantaneous frequency scrambled: partials that wobble
    java.util.Random r = new java.util.Random(3);
    float[][][] scrambled = {low[0], new float[low[1].length][]};
    for (int row = 0; row < low[1].length; row++) {
      scrambled[1][row] = low[1][row].clone();
      for (int c = 1; c < low[1][row].length; c++) {
        scrambled[1][row][c] += (float) (0.3 * r.nextGaussian());
      }
    }
    Normalizer n1 = fitted(low);
    Normalizer n2 = fitted(two.encode(tone(two.sampleRate(), two.clipSamples())));
    RepresentationBridge plain = new RepresentationBridge(one, n1, two, n2, 0.5);
    RepresentationBridge rephased = new RepresentationBridge(one, n1, two, n2, 0.5, 64);
    assertEquals(64, rephased.rephase());
    double f0 = PitchEstimator.midiToHz(48);
    AudioClip noisy = two.decode(n2.denormalize(plain.apply(n1.normalize(scrambled))));
    AudioClip fixed = two.decode(n2.denormalize(rephased.apply(n1.normalize(scrambled))));
    AudioClip clean = two.decode(n2.denormalize(plain.apply(n1.normalize(low))));
    double noisyContrast = HarmonicContrast.of(noisy, f0, 504, 7000, 0.5, 3.5);
    double fixedContrast = HarmonicContrast.of(fixed, f0, 504, 7000, 0.5, 3.5);
    double cleanContrast = HarmonicContrast.of(clean, f0, 504, 7000, 0.5, 3.5);
    assertTrue(
        fixedContrast > noisyContrast + 1,
        "rephased " + fixedContrast + ", scrambled " + noisyContrast + ", clean " + cleanContrast);
    // the pitch is kept
    double back = new PitchEstimator(100, 300, 3).estimate(fixed, 0.5, 3.5);
    assertEquals(0, 1200 * Math.log(back / f0) / Math.log(2), 10);
    assertThrows(
        IllegalArgumentException.class, () -> new RepresentationBridge(one, n1, two, n2, 0.5, -1));
    AudioRepresentation raw = RepresentationPreset.RAW_WAVEFORM_STAGE_I.create();
    Normalizer nr = fitted(raw.encode(tone(raw.sampleRate(), raw.clipSamples())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RepresentationBridge(raw, nr, two, n2, 0, 8));
    assertTrue(e.getMessage().contains("spectral"), e.getMessage());
  }

  @Test
  void rejectsANormaliserOfAnotherChannelCount() {
    AudioRepresentation one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    AudioRepresentation complex = RepresentationPreset.COMPLEX_IMAGE_STAGE_II.create();
    Normalizer two = fitted(one.encode(tone(one.sampleRate(), one.clipSamples())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RepresentationBridge(one, two, complex, two));
    assertTrue(e.getMessage().contains("complex-image/stage-ii has 3 channels"), e.getMessage());
  }
}
