package org.musicgan.datasets.midi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.datasets.DatasetFormatException;

/**
 * Reads the MIDI music of a Doom WAD file, such as Debian's {@code freedoom} package ({@code
 * /usr/share/games/doom/freedoom1.wad}, BSD-licensed music): a 12-byte header ({@code IWAD} or
 * {@code PWAD}, lump count, directory offset) and 16-byte directory entries (offset, size, 8-byte
 * name). Music lumps are named {@code D_*}; those whose bytes start with {@code MThd} are MIDI
 * (others are MUS, which is not converted).
 */
public final class DoomWad {
  private DoomWad() {}

  /**
   * One MIDI music lump.
   *
   * @param name the lump name, e.g. {@code D_E1M1}
   * @param midi the Standard MIDI File bytes
   */
  public record Lump(String name, byte[] midi) {}

  /**
   * Extracts the MIDI music lumps.
   *
   * @throws DatasetFormatException naming the file for a bad header or a directory entry that
   *     points outside it
   */
  public static List<Lump> midiLumps(Path wad) throws IOException {
    long size = Files.size(wad);
    if (size > Integer.MAX_VALUE) {
      throw new DatasetFormatException(wad, 0, "file too large for a WAD");
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wad)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.limit() < 12) {
      throw new DatasetFormatException(wad, 0, "too short for a WAD header");
    }
    String magic = new String(b.array(), 0, 4, StandardCharsets.US_ASCII);
    if (!magic.equals("IWAD") && !magic.equals("PWAD")) {
      throw new DatasetFormatException(wad, 0, "not a WAD file (starts with \"" + magic + "\")");
    }
    int count = b.getInt(4);
    int dir = b.getInt(8);
    if (count < 0 || dir < 0 || (long) dir + 16L * count > b.limit()) {
      throw new DatasetFormatException(
          wad, 0, "directory of " + count + " lumps at " + dir + " lies outside the file");
    }
    List<Lump> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int entry = dir + 16 * i;
      int offset = b.getInt(entry);
      int length = b.getInt(entry + 4);
      String name =
          new String(b.array(), entry + 8, 8, StandardCharsets.US_ASCII).replace("\0", "");
      if (!name.startsWith("D_")) {
        continue;
      }
      if (offset < 0 || length < 0 || (long) offset + length > b.limit()) {
        throw new DatasetFormatException(wad, 0, "lump " + name + " lies outside the file");
      }
      byte[] data = new byte[length];
      b.get(offset, data);
      if (MidiFileKind.sniff(data, Math.min(64, length)).isMidi()) {
        out.add(new Lump(name, data));
      }
    }
    return out;
  }
}
