package org.musicgan.audio.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes mono or multi-channel float audio as a canonical 44-byte-header WAV file. */
final class WavWriter {
  private WavWriter() {}

  static byte[] encode(float[][] channels, int sampleRate, WavEncoding encoding) {
    int nch = channels.length;
    int frames = channels[0].length;
    int bytesPerSample = encoding == WavEncoding.PCM_16 ? 2 : 4;
    long dataSize = (long) frames * nch * bytesPerSample;
    if (dataSize > 0xFFFF_FFFFL - 36) {
      throw new IllegalArgumentException("audio too long for a WAV file: " + dataSize + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate(44 + (int) dataSize).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataSize));
    buf.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16);
    buf.putShort((short) (encoding == WavEncoding.PCM_16 ? 1 : 3));
    buf.putShort((short) nch).putInt(sampleRate).putInt(sampleRate * nch * bytesPerSample);
    buf.putShort((short) (nch * bytesPerSample)).putShort((short) (bytesPerSample * 8));
    buf.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataSize);
    for (int f = 0; f < frames; f++) {
      for (float[] channel : channels) {
        float s = channel[f];
        if (encoding == WavEncoding.PCM_16) {
          float clipped = Math.max(-1f, Math.min(1f, s));
          buf.putShort((short) Math.max(-32768, Math.min(32767, Math.round(clipped * 32768f))));
        } else {
          buf.putFloat(s);
        }
      }
    }
    return buf.array();
  }
}
