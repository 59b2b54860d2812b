package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.melody.events.MidiIo;
import org.musicgan.melody.events.NoteSequence;

class ExtractWadMusicTest {
  @TempDir Path dir;

  /** A WAD with the given lumps, named in order. */
  private static byte[] wad(List<String> names, List<byte[]> lumps) {
    int data = lumps.stream().mapToInt(l -> l.length).sum();
    ByteBuffer b =
        ByteBuffer.allocate(12 + data + 16 * lumps.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put("PWAD".getBytes(StandardCharsets.US_ASCII)).putInt(lumps.size()).putInt(12 + data);
    for (byte[] l : lumps) {
      b.put(l);
    }
    int offset = 12;
    for (int i = 0; i < lumps.size(); i++) {
      b.putInt(offset).putInt(lumps.get(i).length);
      b.put(Arrays.copyOf(names.get(i).getBytes(StandardCharsets.US_ASCII), 8));
      offset += lumps.get(i).length;
    }
    return b.array();
  }

  private static byte[] midi(int pitch) {
    return MidiIo.toMidiBytes(
        NoteSequence.of(
            List.of(NoteSequence.Note.of(pitch, 90, 0.0, 0.5)),
            List.of(new NoteSequence.Tempo(0, 120)),
            List.of(new NoteSequence.TimeSignature(0, 4, 4))));
  }

  @Test
  void writesEachDistinctMidiLumpOnce() throws Exception {
    byte[] a = midi(60);
    byte[] b = midi(67);
    Path w1 = dir.resolve("one.wad");
    Path w2 = dir.resolve("two.WAD");
    Files.write(w1, wad(List.of("D_E1M1", "MAP01", "D_INTRO"), List.of(a, new byte[] {1}, b)));
    Files.write(w2, wad(List.of("D_RUNNIN"), List.of(a.clone()))); // the same music again
    Path out = dir.resolve("midi");
    int n =
        ExtractWadMusic.runExample(
            new String[] {w1.toString(), w2.toString(), "--out", out.toString()});
    assertEquals(2, n);
    try (var files = Files.list(out)) {
      assertEquals(
          List.of("one-D_E1M1.mid", "one-D_INTRO.mid"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertArrayEquals(b, Files.readAllBytes(out.resolve("one-D_INTRO.mid")));
    assertEquals(67, MidiIo.read(out.resolve("one-D_INTRO.mid")).notes().get(0).pitch());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExtractWadMusic.runExample(new String[] {w1.toString()}));
    assertEquals("usage: ExtractWadMusic file.wad [more.wad] --out folder", e.getMessage());
  }
}
