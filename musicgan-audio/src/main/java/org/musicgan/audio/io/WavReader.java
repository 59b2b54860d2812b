package org.musicgan.audio.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.musicgan.audio.InvalidAudioException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes RIFF/WAVE bytes: PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE, with chunks in any order (a {@code LIST} or {@code fact} before {@code
 * fmt}, {@code data} before {@code fmt}) and RIFF's pad byte after odd-sized chunks.
 *
 * <p>Every size the header declares is checked against the bytes that are really there before
 * anything is allocated, so a lying header gives an {@link InvalidAudioException}, never an
 * OutOfMemoryError.
 */
final class WavReader {
  private static final Logger LOG = LoggerFactory.getLogger(WavReader.class);

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final int MAX_CHANNELS = 256;

  private WavReader() {}

  static DecodedAudio decode(byte[] bytes, String source) throws InvalidAudioException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12) {
      throw new InvalidAudioException(source, "too short for a RIFF/WAVE header");
    }
    Format fmt = null;
    int dataOffset = -1;
    long dataSize = -1;
    int pos = 12;
    while (pos + 8 <= bytes.length) {
      String id = new String(bytes, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      long available = bytes.length - (long) body;
      if (id.equals("fmt ")) {
        if (size > available) {
          throw new InvalidAudioException(
              source, "fmt chunk declares " + size + " bytes, file ends");
        }
        fmt = parseFormat(buf, body, (int) size, source);
      } else if (id.equals("data")) {
        if (size > available) {
          throw new InvalidAudioException(
              source,
              "data chunk declares "
                  + size
                  + " bytes but only "
                  + available
                  + " follow (truncated?)");
        }
        dataOffset = body;
        dataSize = size;
      }
      long next = body + size + (size & 1);
      if (next > bytes.length) {
        break;
      }
      pos = (int) next;
    }
    if (fmt == null) {
      throw new InvalidAudioException(source, "no fmt chunk");
    }
    if (dataOffset < 0) {
      throw new InvalidAudioException(source, "no data chunk");
    }
    return new DecodedAudio(
        readSamples(buf, dataOffset, dataSize, fmt, source), fmt.sampleRate, fmt.describe());
  }

  private record Format(int tag, int channels, int sampleRate, int blockAlign, int bits) {
    int bytesPerSample() {
      return bits / 8;
    }

    String describe() {
      return "WAV " + (tag == FORMAT_FLOAT ? "IEEE float " : "PCM ") + bits + "-bit";
    }
  }

  private static Format parseFormat(ByteBuffer buf, int at, int size, String source)
      throws InvalidAudioException {
    if (size < 16) {
      throw new InvalidAudioException(source, "fmt chunk is " + size + " bytes, need at least 16");
    }
    int tag = Short.toUnsignedInt(buf.getShort(at));
    int channels = Short.toUnsignedInt(buf.getShort(at + 2));
    long rate = Integer.toUnsignedLong(buf.getInt(at + 4));
    int blockAlign = Short.toUnsignedInt(buf.getShort(at + 12));
    int bits = Short.toUnsignedInt(buf.getShort(at + 14));
    if (tag == FORMAT_EXTENSIBLE) {
      if (size < 40) {
        throw new InvalidAudioException(
            source, "WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size + " bytes, need 40");
      }
      tag = Short.toUnsignedInt(buf.getShort(at + 24));
    }
    if (tag != FORMAT_PCM && tag != FORMAT_FLOAT) {
      throw new InvalidAudioException(
          source,
          String.format(
              "unsupported WAV encoding 0x%04X (only PCM and IEEE float are decoded)", tag));
    }
    if (channels == 0 || channels > MAX_CHANNELS) {
      throw new InvalidAudioException(source, "fmt chunk declares " + channels + " channels");
    }
    if (rate == 0 || rate > 1_000_000) {
      throw new InvalidAudioException(source, "fmt chunk declares sample rate " + rate + " Hz");
    }
    boolean bitsOk =
        tag == FORMAT_PCM
            ? bits == 8 || bits == 16 || bits == 24 || bits == 32
            : bits == 32 || bits == 64;
    if (!bitsOk) {
      throw new InvalidAudioException(
          source,
          bits + "-bit " + (tag == FORMAT_PCM ? "PCM" : "float") + " samples are not supported");
    }
    if (blockAlign != channels * (bits / 8)) {
      throw new InvalidAudioException(
          source,
          "block align "
              + blockAlign
              + " does not match "
              + channels
              + " channels of "
              + bits
              + " bits");
    }
    return new Format(tag, channels, (int) rate, blockAlign, bits);
  }

  private static float[][] readSamples(
      ByteBuffer buf, int offset, long size, Format fmt, String source) {
    long frames = size / fmt.blockAlign;
    if (size % fmt.blockAlign != 0) {
      LOG.warn(
          "{}: data chunk ends in a partial frame; {} trailing bytes ignored",
          source,
          size % fmt.blockAlign);
    }
    float[][] out = new float[fmt.channels][(int) frames];
    int bps = fmt.bytesPerSample();
    int p = offset;
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < fmt.channels; c++) {
        out[c][f] = sample(buf, p, fmt.tag, fmt.bits);
        p += bps;
      }
    }
    return out;
  }

  private static float sample(ByteBuffer buf, int p, int tag, int bits) {
    if (tag == FORMAT_FLOAT) {
      return bits == 32 ? buf.getFloat(p) : (float) buf.getDouble(p);
    }
    return switch (bits) {
      case 8 -> ((buf.get(p) & 0xFF) - 128) / 128f;
      case 16 -> buf.getShort(p) / 32768f;
      case 24 -> {
        int v = (buf.get(p) & 0xFF) | ((buf.get(p + 1) & 0xFF) << 8) | (buf.get(p + 2) << 16);
        yield v / 8388608f;
      }
      default -> (float) (buf.getInt(p) / 2147483648.0);
    };
  }
}
