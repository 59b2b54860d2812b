package org.musicgan.audio.representation;

import org.musicgan.audio.dsp.StftConfig;

/**
 * The named representation presets: every representation at Stage I (64x64) and Stage II (256x256).
 * All clips are 4 seconds (to the sample, or within 0.1% where the STFT geometry forces a rate).
 *
 * <table>
 *   <caption>Geometry</caption>
 *   <tr><th>preset</th><th>rate (Hz)</th><th>samples</th><th>nFft</th><th>hop</th>
 *       <th>tensor</th></tr>
 *   <tr><td>RAW_WAVEFORM_STAGE_I</td><td>3072</td><td>12288</td><td>-</td><td>-</td>
 *       <td>3x64x64</td></tr>
 *   <tr><td>RAW_WAVEFORM_STAGE_II</td><td>49152</td><td>196608</td><td>-</td><td>-</td>
 *       <td>3x256x256</td></tr>
 *   <tr><td>COMPLEX_IMAGE_STAGE_I</td><td>1500</td><td>6000</td><td>190</td><td>95</td>
 *       <td>3x64x64</td></tr>
 *   <tr><td>COMPLEX_IMAGE_STAGE_II</td><td>24500</td><td>98000</td><td>766</td><td>383</td>
 *       <td>3x256x256</td></tr>
 *   <tr><td>MAGNITUDE_PHASE_[LOG_][DEMOD_]STAGE_I</td><td>1000</td><td>4000</td><td>126</td><td>63</td>
 *       <td>2x64x64</td></tr>
 *   <tr><td>MAGNITUDE_PHASE_[LOG_][DEMOD_]STAGE_II</td><td>16300</td><td>65200</td><td>510</td>
 *       <td>255</td><td>2x256x256</td></tr>
 *   <tr><td>LOG_MAGNITUDE_IF_[MEL_]STAGE_I</td><td>1008</td><td>4032</td><td>128</td><td>64</td>
 *       <td>2x64x64</td></tr>
 *   <tr><td>LOG_MAGNITUDE_IF_[MEL_]STAGE_II</td><td>16320</td><td>65280</td><td>512</td>
 *       <td>256</td><td>2x256x256</td></tr>
 * </table>
 */
public enum RepresentationPreset {
  /** {@link RawWaveform}, 3x64x64. */
  RAW_WAVEFORM_STAGE_I,
  /** {@link RawWaveform}, 3x256x256. */
  RAW_WAVEFORM_STAGE_II,
  /** {@link ComplexImage}, 3x64x64. */
  COMPLEX_IMAGE_STAGE_I,
  /** {@link ComplexImage}, 3x256x256. */
  COMPLEX_IMAGE_STAGE_II,
  /** {@link MagnitudePhase}, linear amplitude, 2x64x64. */
  MAGNITUDE_PHASE_STAGE_I,
  /** {@link MagnitudePhase}, linear amplitude, 2x256x256. */
  MAGNITUDE_PHASE_STAGE_II,
  /** {@link MagnitudePhase}, log amplitude, 2x64x64. */
  MAGNITUDE_PHASE_LOG_STAGE_I,
  /** {@link MagnitudePhase}, log amplitude, 2x256x256. */
  MAGNITUDE_PHASE_LOG_STAGE_II,
  /** {@link MagnitudePhase}, log amplitude, demodulated phase, 2x64x64. */
  MAGNITUDE_PHASE_LOG_DEMOD_STAGE_I,
  /** {@link MagnitudePhase}, log amplitude, demodulated phase, 2x256x256. */
  MAGNITUDE_PHASE_LOG_DEMOD_STAGE_II,
  /** {@link LogMagnitudeInstantaneousFrequency}, linear frequency axis, 2x64x64. */
  LOG_MAGNITUDE_IF_STAGE_I,
  /** {@link LogMagnitudeInstantaneousFrequency}, linear frequency axis, 2x256x256. */
  LOG_MAGNITUDE_IF_STAGE_II,
  /** {@link LogMagnitudeInstantaneousFrequency}, mel frequency axis, 2x64x64. */
  LOG_MAGNITUDE_IF_MEL_STAGE_I,
  /** {@link LogMagnitudeInstantaneousFrequency}, mel frequency axis, 2x256x256. */
  LOG_MAGNITUDE_IF_MEL_STAGE_II;

  /** The preset's stable name, e.g. {@code "magnitude-phase-log/stage-i"}. */
  public String presetName() {
    String s = name().toLowerCase(java.util.Locale.ROOT);
    int cut = s.lastIndexOf("_stage_");
    return s.substring(0, cut).replace('_', '-') + "/" + s.substring(cut + 1).replace('_', '-');
  }

  /** Whether this is a Stage II (256x256) preset. */
  public boolean stageII() {
    return name().endsWith("_STAGE_II");
  }

  /** The same representation at the other stage (Stage I for a Stage II preset and back). */
  public RepresentationPreset otherStage() {
    String n = name();
    return valueOf(stageII() ? n.replace("_STAGE_II", "_STAGE_I") : n + "I");
  }

  /** Creates the representation. */
  public AudioRepresentation create() {
    String n = presetName();
    return switch (this) {
      case RAW_WAVEFORM_STAGE_I -> new RawWaveform(n, 3072, 64);
      case RAW_WAVEFORM_STAGE_II -> new RawWaveform(n, 49152, 256);
      case COMPLEX_IMAGE_STAGE_I ->
          new ComplexImage(n, 1500, 6000, new StftConfig(190, 95), 64, 64);
      case COMPLEX_IMAGE_STAGE_II ->
          new ComplexImage(n, 24500, 98000, new StftConfig(766, 383), 256, 256);
      case MAGNITUDE_PHASE_STAGE_I ->
          new MagnitudePhase(n, 1000, 4000, new StftConfig(126, 63), false);
      case MAGNITUDE_PHASE_STAGE_II ->
          new MagnitudePhase(n, 16300, 65200, new StftConfig(510, 255), false);
      case MAGNITUDE_PHASE_LOG_STAGE_I ->
          new MagnitudePhase(n, 1000, 4000, new StftConfig(126, 63), true);
      case MAGNITUDE_PHASE_LOG_STAGE_II ->
          new MagnitudePhase(n, 16300, 65200, new StftConfig(510, 255), true);
      case MAGNITUDE_PHASE_LOG_DEMOD_STAGE_I ->
          new MagnitudePhase(n, 1000, 4000, new StftConfig(126, 63), true, true);
      case MAGNITUDE_PHASE_LOG_DEMOD_STAGE_II ->
          new MagnitudePhase(n, 16300, 65200, new StftConfig(510, 255), true, true);
      case LOG_MAGNITUDE_IF_STAGE_I ->
          new LogMagnitudeInstantaneousFrequency(n, 1008, 4032, new StftConfig(128, 64), false);
      case LOG_MAGNITUDE_IF_STAGE_II ->
          new LogMagnitudeInstantaneousFrequency(n, 16320, 65280, new StftConfig(512, 256), false);
      case LOG_MAGNITUDE_IF_MEL_STAGE_I ->
          new LogMagnitudeInstantaneousFrequency(n, 1008, 4032, new StftConfig(128, 64), true);
      case LOG_MAGNITUDE_IF_MEL_STAGE_II ->
          new LogMagnitudeInstantaneousFrequency(n, 16320, 65280, new StftConfig(512, 256), true);
    };
  }

  /**
   * Finds a preset by its {@link #presetName()}.
   *
   * @throws IllegalArgumentException naming the known presets if none matches
   */
  public static RepresentationPreset byName(String presetName) {
    for (RepresentationPreset p : values()) {
      if (p.presetName().equals(presetName)) {
        return p;
      }
    }
    StringBuilder known = new StringBuilder();
    for (RepresentationPreset p : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(p.presetName());
    }
    throw new IllegalArgumentException(
        "unknown representation preset '" + presetName + "'; known: " + known);
  }
}
