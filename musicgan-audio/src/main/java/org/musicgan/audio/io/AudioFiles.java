package org.musicgan.audio.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.InvalidAudioException;

/**
 * The entry point for audio files: reads WAV and MP3, detecting the format from the bytes (never
 * from the file name), and writes WAV atomically.
 *
 * <pre>{@code
 * AudioClip clip = AudioFiles.readMono(Path.of("track.mp3"));
 * AudioFiles.writeWav(clip, Path.of("track.wav"), WavEncoding.PCM_16);
 * }</pre>
 */
public final class AudioFiles {
  /** Largest file read into memory (arrays are int-indexed). */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64L;

  private AudioFiles() {}

  /**
   * Reads and decodes an audio file, all channels.
   *
   * @throws InvalidAudioException if the file is not audio, is corrupt or is of an unsupported kind
   * @throws IOException if the file cannot be read
   */
  public static DecodedAudio read(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InvalidAudioException(file, "no such file");
    }
    if (size > MAX_FILE_BYTES) {
      throw new InvalidAudioException(file, "file is " + size + " bytes, more than can be decoded");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    }
    return decode(bytes, file.toString());
  }

  /** Reads an audio file and mixes it down to mono. */
  public static AudioClip readMono(Path file) throws IOException {
    return read(file).toMono();
  }

  /**
   * Decodes audio held in memory.
   *
   * @param bytes the file's bytes
   * @param source a name for error messages (a file name or URL)
   */
  public static DecodedAudio decode(byte[] bytes, String source) throws InvalidAudioException {
    AudioFileFormat format = AudioFileFormat.detect(bytes, bytes.length);
    return switch (format) {
      case WAV -> WavReader.decode(bytes, source);
      case MP3 -> Mp3Reader.decode(bytes, source);
      case MIDI ->
          throw new InvalidAudioException(
              source, "is a MIDI file, not audio; render it with MidiRenderer");
      case FLAC, OGG ->
          throw new InvalidAudioException(
              source, format + " audio is recognised but not supported; convert it to WAV or MP3");
      case UNKNOWN ->
          throw new InvalidAudioException(
              source, "not a WAV or MP3 file (starts with " + hexHead(bytes) + ")");
    };
  }

  /** Writes a mono clip as WAV, atomically. */
  public static void writeWav(AudioClip clip, Path file, WavEncoding encoding) throws IOException {
    writeWav(new float[][] {clip.samples()}, clip.sampleRate(), file, encoding);
  }

  /**
   * Writes channels as WAV, atomically (a temporary file is moved over the target).
   *
   * @param channels one array per channel, equal lengths
   */
  public static void writeWav(float[][] channels, int sampleRate, Path file, WavEncoding encoding)
      throws IOException {
    AtomicFiles.write(file, toWavBytes(channels, sampleRate, encoding));
  }

  /** Encodes a mono clip as the bytes of a WAV file (for HTTP responses and the like). */
  public static byte[] toWavBytes(AudioClip clip, WavEncoding encoding) {
    return toWavBytes(new float[][] {clip.samples()}, clip.sampleRate(), encoding);
  }

  private static byte[] toWavBytes(float[][] channels, int sampleRate, WavEncoding encoding) {
    if (channels.length == 0 || channels.length > 65535) {
      throw new IllegalArgumentException("channels must be 1..65535, found " + channels.length);
    }
    for (float[] ch : channels) {
      if (ch.length != channels[0].length) {
        throw new IllegalArgumentException("all channels must have the same length");
      }
    }
    return WavWriter.encode(channels, sampleRate, encoding);
  }

  private static String hexHead(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format("%02X ", bytes[i]));
    }
    return bytes.length == 0 ? "nothing: the file is empty" : sb.toString().trim();
  }
}
