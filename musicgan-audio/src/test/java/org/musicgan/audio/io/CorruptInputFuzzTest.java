package org.musicgan.audio.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.InvalidAudioException;
import org.musicgan.audio.testing.TestSignals;

/**
 * Mutated WAV and MP3 bytes either decode or fail with {@link InvalidAudioException}: never another
 * exception, never an OutOfMemoryError, never a hang.
 */
class CorruptInputFuzzTest {

  private static void decodeOrTypedError(byte[] bytes, String name) {
    try {
      DecodedAudio a = AudioFiles.decode(bytes, name);
      assertTrue(a.frames() >= 0);
    } catch (InvalidAudioException expected) {
      assertTrue(expected.getMessage().startsWith(name + ": "), expected.getMessage());
    }
  }

  private static byte[] mutate(byte[] original, SplittableRandom rng) {
    byte[] b = original.clone();
    int edits = 1 + rng.nextInt(8);
    for (int e = 0; e < edits; e++) {
      b[rng.nextInt(Math.min(b.length, 200))] = (byte) rng.nextInt(256);
    }
    int cut = rng.nextInt(4) == 0 ? rng.nextInt(b.length) : b.length;
    return java.util.Arrays.copyOf(b, cut);
  }

  @Test
  void mutatedWavHeaders() {
    byte[] wav =
        AudioFiles.toWavBytes(TestSignals.sineClip(440, 8000, 2000, 0.5), WavEncoding.PCM_16);
    SplittableRandom rng = new SplittableRandom(1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < 2000; i++) {
            decodeOrTypedError(mutate(wav, rng), "fuzz.wav");
          }
        });
  }

  @Test
  void mutatedMp3Streams() throws Exception {
    byte[] mp3 = Mp3ReaderTest.fixture("tone440-44k1-mono.mp3");
    SplittableRandom rng = new SplittableRandom(2);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int i = 0; i < 300; i++) {
            decodeOrTypedError(mutate(mp3, rng), "fuzz.mp3");
          }
        });
  }
}
