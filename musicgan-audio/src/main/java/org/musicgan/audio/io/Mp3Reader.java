package org.musicgan.audio.io;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
import org.musicgan.audio.InvalidAudioException;

/**
 * Decodes MPEG-1/2/2.5 Layer I/II/III audio (MP3, FMA's format) with JLayer.
 *
 * <p>The decoder's own delay (about 529 samples) and the encoder's padding are not trimmed: the
 * decoded clip starts and ends with a few milliseconds of silence, as with most decoders.
 */
final class Mp3Reader {
  /** Guard against a stream that keeps yielding frames far beyond its byte length. */
  private static final int MAX_SAMPLES_PER_BYTE = 64;

  private Mp3Reader() {}

  static DecodedAudio decode(byte[] bytes, String source) throws InvalidAudioException {
    Bitstream stream = new Bitstream(new ByteArrayInputStream(bytes));
    Decoder decoder = new Decoder();
    float[][] out = null;
    int frames = 0;
    int sampleRate = 0;
    int channels = 0;
    String layer = "";
    long limit = (long) bytes.length * MAX_SAMPLES_PER_BYTE;
    try {
      Header header;
      while ((header = stream.readFrame()) != null) {
        SampleBuffer buffer = (SampleBuffer) decoder.decodeFrame(header, stream);
        if (out == null) {
          sampleRate = buffer.getSampleFrequency();
          channels = buffer.getChannelCount();
          layer = header.version_string() + " Layer " + header.layer_string();
          out = new float[channels][Math.max(4096, bytes.length / 8)];
        }
        if (buffer.getSampleFrequency() != sampleRate || buffer.getChannelCount() != channels) {
          throw new InvalidAudioException(
              source, "sample rate or channel count changes in the middle of the stream");
        }
        short[] pcm = buffer.getBuffer();
        int n = buffer.getBufferLength() / channels;
        if ((long) frames + n > limit) {
          throw new InvalidAudioException(source, "decodes to more samples than its size allows");
        }
        if (frames + n > out[0].length) {
          int grown = Math.max(frames + n, out[0].length * 2);
          for (int c = 0; c < channels; c++) {
            out[c] = Arrays.copyOf(out[c], grown);
          }
        }
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < channels; c++) {
            out[c][frames + i] = pcm[i * channels + c] / 32768f;
          }
        }
        frames += n;
        stream.closeFrame();
      }
    } catch (JavaLayerException e) {
      throw new InvalidAudioException(source, "corrupt MPEG audio: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // JLayer signals some corrupt streams with index errors rather than its own exceptions.
      throw new InvalidAudioException(source, "corrupt MPEG audio (" + e + ")", e);
    } finally {
      closeQuietly(stream);
    }
    if (out == null || frames == 0) {
      throw new InvalidAudioException(source, "no MPEG audio frames found");
    }
    for (int c = 0; c < channels; c++) {
      out[c] = Arrays.copyOf(out[c], frames);
    }
    return new DecodedAudio(out, sampleRate, "MP3 " + layer);
  }

  private static void closeQuietly(Bitstream stream) {
    try {
      stream.close();
    } catch (JavaLayerException ignored) {
      // nothing was written; the bytes are in memory
    }
  }
}
