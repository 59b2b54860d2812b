package org.musicgan.audio.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte, including odd and broken ones. */
final class WavFixtures {
  private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

  WavFixtures chunk(String id, byte[] body) {
    chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    chunks.writeBytes(le32(body.length));
    chunks.writeBytes(body);
    if (body.length % 2 == 1) {
      chunks.write(0);
    }
    return this;
  }

  /** A chunk whose declared size is not its real size. */
  WavFixtures lyingChunk(String id, long declared, byte[] body) {
    chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    chunks.writeBytes(le32((int) declared));
    chunks.writeBytes(body);
    return this;
  }

  byte[] build() {
    byte[] body = chunks.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
    b.put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
    return b.array();
  }

  static byte[] fmt(int tag, int channels, int rate, int bits) {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    int align = channels * bits / 8;
    b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * align);
    b.putShort((short) align).putShort((short) bits);
    return b.array();
  }

  static byte[] fmtExtensible(int subFormat, int channels, int rate, int bits) {
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    int align = channels * bits / 8;
    b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * align);
    b.putShort((short) align).putShort((short) bits).putShort((short) 22);
    b.putShort((short) bits).putInt(channels == 1 ? 4 : 3);
    // KSDATAFORMAT_SUBTYPE GUID: first two bytes carry the format tag
    b.putShort((short) subFormat)
        .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA});
    b.put(new byte[] {0, 0x38, (byte) 0x9B, 0x71});
    return b.array();
  }

  static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
