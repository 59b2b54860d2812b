package org.musicgan.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.InvalidAudioException;
import org.musicgan.audio.testing.TestSignals;

/**
 * The fixtures were made with sox and LAME: {@code sox -n -r 44100 -c 1 -b 16 t.wav synth 0.5 sine
 * 440 vol 0.5 && lame -b 64 t.wav tone440-44k1-mono.mp3}, and likewise a 660 Hz stereo tone at
 * 22,050 Hz (MPEG-2) with {@code -b 48}.
 */
class Mp3ReaderTest {
  static byte[] fixture(String name) throws IOException {
    try (InputStream in = Mp3ReaderTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void decodesMpeg1MonoTone() throws IOException {
    DecodedAudio a = AudioFiles.decode(fixture("tone440-44k1-mono.mp3"), "tone.mp3");
    assertEquals(44100, a.sampleRate());
    assertEquals(1, a.channelCount());
    assertTrue(a.encoding().startsWith("MP3 MPEG-1 Layer III"), a.encoding());
    // 0.5 s plus encoder delay/padding (at most two 1152-sample frames each side)
    assertTrue(a.frames() >= 22050 && a.frames() <= 22050 + 4 * 1152, "frames " + a.frames());
    float[] x = a.channels()[0];
    assertEquals(440, TestSignals.estimateF0(x, 44100), 2.0);
    assertEquals(0.5, TestSignals.amplitude(Arrays.copyOfRange(x, 3000, 19000)), 0.03);
  }

  @Test
  void decodesMpeg2StereoTone() throws IOException {
    DecodedAudio a = AudioFiles.decode(fixture("tone660-22k05-stereo.mp3"), "tone.mp3");
    assertEquals(22050, a.sampleRate());
    assertEquals(2, a.channelCount());
    assertEquals(660, TestSignals.estimateF0(a.toMono().samples(), 22050), 3.0);
  }

  @Test
  void garbageAfterId3HeaderIsATypedError() {
    byte[] bytes = new byte[2000];
    bytes[0] = 'I';
    bytes[1] = 'D';
    bytes[2] = '3';
    bytes[3] = 3;
    for (int i = 10; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    var e = assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(bytes, "bad.mp3"));
    assertEquals("bad.mp3", e.source());
  }

  @Test
  void truncatedMp3DecodesWhatIsThereOrFailsTyped() throws IOException {
    byte[] whole = fixture("tone440-44k1-mono.mp3");
    for (int cut : new int[] {5, 100, 417, 1000, whole.length - 7}) {
      byte[] part = Arrays.copyOf(whole, cut);
      try {
        DecodedAudio a = AudioFiles.decode(part, "cut.mp3");
        assertTrue(a.frames() > 0);
      } catch (InvalidAudioException expected) {
        assertEquals("cut.mp3", expected.source());
      }
    }
  }
}
