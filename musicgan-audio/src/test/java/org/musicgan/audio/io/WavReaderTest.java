package org.musicgan.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.InvalidAudioException;
import org.musicgan.audio.testing.AudioAsserts;
import org.musicgan.audio.testing.TestSignals;

class WavReaderTest {
  @TempDir Path dir;

  @Test
  void pcm16AndFloat32RoundTripThroughFiles() throws IOException {
    AudioClip clip = TestSignals.sineClip(440, 8000, 800, 0.8);
    Path pcm = dir.resolve("a.wav");
    Path flt = dir.resolve("b.wav");
    AudioFiles.writeWav(clip, pcm, WavEncoding.PCM_16);
    AudioFiles.writeWav(clip, flt, WavEncoding.FLOAT_32);
    DecodedAudio a = AudioFiles.read(pcm);
    assertEquals("WAV PCM 16-bit", a.encoding());
    assertEquals(8000, a.sampleRate());
    AudioAsserts.assertClose(clip.samples(), a.toMono().samples(), 1.0 / 32768);
    DecodedAudio b = AudioFiles.read(flt);
    assertEquals("WAV IEEE float 32-bit", b.encoding());
    assertArrayEquals(clip.samples(), b.toMono().samples());
    assertEquals(44 + 800 * 2, Files.size(pcm));
  }

  @Test
  void pcm8IsUnsignedAndPcm24IsSignExtended() throws IOException {
    byte[] pcm8 =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 1, 8000, 8))
            .chunk("data", WavFixtures.bytes(0, 128, 255))
            .build();
    assertArrayEquals(
        new float[] {-1f, 0f, 127 / 128f}, AudioFiles.decode(pcm8, "x").channels()[0]);
    byte[] pcm24 =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 1, 8000, 24))
            .chunk("data", WavFixtures.bytes(0, 0, 0x80, 0xFF, 0xFF, 0x7F, 0, 0, 0x40))
            .build();
    assertArrayEquals(
        new float[] {-1f, 8388607 / 8388608f, 0.5f}, AudioFiles.decode(pcm24, "x").channels()[0]);
  }

  @Test
  void pcm32AndFloat64StereoDeinterleave() throws IOException {
    ByteBuffer d32 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    d32.putInt(Integer.MIN_VALUE).putInt(1 << 30).putInt(0).putInt(-(1 << 29));
    byte[] pcm32 =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 2, 44100, 32))
            .chunk("data", d32.array())
            .build();
    DecodedAudio a = AudioFiles.decode(pcm32, "x");
    assertArrayEquals(new float[] {-1f, 0f}, a.channels()[0]);
    assertArrayEquals(new float[] {0.5f, -0.25f}, a.channels()[1]);

    ByteBuffer d64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    d64.putDouble(0.125).putDouble(-0.75);
    byte[] f64 =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(3, 1, 44100, 64))
            .chunk("data", d64.array())
            .build();
    assertArrayEquals(new float[] {0.125f, -0.75f}, AudioFiles.decode(f64, "x").channels()[0]);
  }

  @Test
  void extensibleFloat32LikeMusicNet() throws IOException {
    ByteBuffer d =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-1f);
    byte[] wav =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmtExtensible(3, 1, 44100, 32))
            .chunk("data", d.array())
            .build();
    DecodedAudio a = AudioFiles.decode(wav, "x");
    assertEquals("WAV IEEE float 32-bit", a.encoding());
    assertArrayEquals(new float[] {0.25f, -1f}, a.channels()[0]);
  }

  @Test
  void oddChunkLayouts() throws IOException {
    // LIST with an odd size (pad byte) before fmt, data before fmt, a trailing unknown chunk.
    byte[] wav =
        new WavFixtures()
            .chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'})
            .chunk("data", WavFixtures.bytes(0x00, 0x40, 0x00, 0xC0))
            .chunk("fact", WavFixtures.le32(2))
            .chunk("fmt ", WavFixtures.fmt(1, 1, 22050, 16))
            .chunk("junk", new byte[3])
            .build();
    DecodedAudio a = AudioFiles.decode(wav, "x");
    assertEquals(22050, a.sampleRate());
    assertArrayEquals(new float[] {0.5f, -0.5f}, a.channels()[0]);
  }

  @Test
  void truncatedDataChunkNamesFileAndSizes() {
    byte[] wav =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 1, 8000, 16))
            .lyingChunk("data", 1000, new byte[10])
            .build();
    var e = assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(wav, "song.wav"));
    assertEquals(
        "song.wav: data chunk declares 1000 bytes but only 10 follow (truncated?)", e.getMessage());
  }

  @Test
  void hugeDeclaredSizeIsAnErrorNotAnOutOfMemory() {
    byte[] wav =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 2, 44100, 16))
            .lyingChunk("data", 0xFFFF_FFF0L, new byte[8])
            .build();
    var e = assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(wav, "big.wav"));
    assertTrue(e.getMessage().startsWith("big.wav: data chunk declares 4294967280 bytes"));
  }

  @Test
  void zeroChannelsAndBadHeaders() {
    byte[] zero =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 0, 8000, 16))
            .chunk("data", new byte[4])
            .build();
    assertEquals(
        "z.wav: fmt chunk declares 0 channels",
        assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(zero, "z.wav"))
            .getMessage());
    byte[] noData = new WavFixtures().chunk("fmt ", WavFixtures.fmt(1, 1, 8000, 16)).build();
    assertEquals(
        "n.wav: no data chunk",
        assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(noData, "n.wav"))
            .getMessage());
    byte[] adpcm =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(2, 1, 8000, 16))
            .chunk("data", new byte[4])
            .build();
    assertEquals(
        "a.wav: unsupported WAV encoding 0x0002 (only PCM and IEEE float are decoded)",
        assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(adpcm, "a.wav"))
            .getMessage());
    byte[] bits12 =
        new WavFixtures()
            .chunk("fmt ", WavFixtures.fmt(1, 1, 8000, 12))
            .chunk("data", new byte[4])
            .build();
    assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(bits12, "b.wav"));
    byte[] headerOnly = java.util.Arrays.copyOf(zero, 10);
    assertThrows(InvalidAudioException.class, () -> AudioFiles.decode(headerOnly, "h.wav"));
  }

  @Test
  void nonAudioBytesAreNamed() throws IOException {
    Path text = dir.resolve("notes.wav");
    Files.writeString(text, "hello, this is not audio");
    var e = assertThrows(InvalidAudioException.class, () -> AudioFiles.read(text));
    assertEquals(text.toString(), e.source());
    assertEquals("not a WAV or MP3 file (starts with 68 65 6C 6C 6F 2C 20 74)", e.problem());
    Path empty = dir.resolve("empty.wav");
    Files.write(empty, new byte[0]);
    assertTrue(
        assertThrows(InvalidAudioException.class, () -> AudioFiles.read(empty))
            .getMessage()
            .endsWith("the file is empty)"));
    Path midi = dir.resolve("tune.wav");
    Files.write(midi, new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6});
    assertTrue(
        assertThrows(InvalidAudioException.class, () -> AudioFiles.read(midi))
            .getMessage()
            .contains("is a MIDI file"));
    assertThrows(InvalidAudioException.class, () -> AudioFiles.read(dir.resolve("missing.wav")));
  }

  @Test
  void formatIsDetectedFromBytesNotName() throws IOException {
    AudioClip clip = TestSignals.sineClip(100, 8000, 80, 0.5);
    Path misnamed = dir.resolve("really-a-wav.mp3");
    AudioFiles.writeWav(clip, misnamed, WavEncoding.FLOAT_32);
    assertArrayEquals(clip.samples(), AudioFiles.readMono(misnamed).samples());
  }
}
