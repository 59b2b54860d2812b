package org.musicgan.audio.testing;

import org.musicgan.audio.AudioClip;
import org.musicgan.audio.representation.AudioRepresentation;

/** Round trips through a representation. Shipped in the test-jar. */
public final class RepresentationRoundTrip {
  private RepresentationRoundTrip() {}

  /** {@code decode(encode(clip))}. */
  public static AudioClip roundTrip(AudioRepresentation rep, AudioClip clip) {
    return rep.decode(rep.encode(clip));
  }

  /** Largest absolute sample error of a round trip (full scale = 1). */
  public static double maxError(AudioRepresentation rep, AudioClip clip) {
    return AudioAsserts.maxAbsDiff(clip.samples(), roundTrip(rep, clip).samples());
  }

  /** A 4-second-ish test clip at the representation's rate and length. */
  public static AudioClip testClip(AudioRepresentation rep, long seed) {
    return TestSignals.mixture(rep.sampleRate(), rep.clipSamples(), seed);
  }
}
