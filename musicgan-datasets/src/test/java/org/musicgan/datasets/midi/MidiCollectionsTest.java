package org.musicgan.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.datasets.DatasetFormatException;

class MidiCollectionsTest {
  @TempDir Path dir;

  static final byte[] SMF = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96};

  static byte[] rmid() {
    byte[] b = new byte[20 + SMF.length];
    System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
    System.arraycopy("RMIDdata".getBytes(), 0, b, 8, 8);
    System.arraycopy(SMF, 0, b, 20, SMF.length);
    return b;
  }

  private void put(String rel, byte[] bytes) throws Exception {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  @Test
  void midiManStyleTreeGivesGenresArtistsAndReportsJunk() throws Exception {
    put("Classical_Piano_piano-midi.de_MIDIRip/bach/bach_846_format0.mid", SMF);
    put("Metal_Rock_rock.freemidis.net_MIDIRip/song.MID", SMF);
    put("TV_Themes_www.tv-timewarp.co.uk_MIDIRip/bod/Bod.mid", rmid());
    put("G/G/garbage-androgyny.mid", SMF);
    put("J/J/justin_bieber-baby.mid", new byte[] {'I', 'D', '3', 3, 0});
    put("junk/readme.mid", "file does not exist".getBytes());
    put("junk/sample.mid", "RIFF\0\0\0\0WAVEfmt ".getBytes());
    put("junk/empty.midi", new byte[0]);
    put("notes.txt", "ignored".getBytes());
    MidiFolder f = MidiFolder.scan(dir);
    assertEquals(4, f.entries().size());
    MidiFolder.Entry bach = f.entries().get(0);
    assertEquals(
        "Classical_Piano_piano-midi.de_MIDIRip/bach/bach_846_format0.mid", bach.relativePath());
    assertEquals(Optional.of("Classical Piano"), bach.genre());
    assertEquals(Optional.of("garbage"), f.entries().get(1).artist());
    assertEquals(Optional.of("Metal Rock"), f.entries().get(2).genre());
    MidiFolder.Entry bod = f.entries().get(3);
    assertEquals(MidiFileKind.RMID, bod.kind());
    assertEquals(Optional.of("TV Themes"), bod.genre());
    List<MidiFileKind> junk = f.problems().stream().map(MidiFolder.Problem::kind).toList();
    assertEquals(
        List.of(MidiFileKind.MP3, MidiFileKind.EMPTY, MidiFileKind.UNKNOWN, MidiFileKind.WAV),
        junk);
    assertTrue(
        f.problems().get(0).toString().endsWith("justin_bieber-baby.mid: not a MIDI file (mp3)"));
  }

  @Test
  void lakhBestMatchAndShardedPaths() throws Exception {
    Files.writeString(
        dir.resolve("match_scores.json"),
        "{\"TRRNARX128F4264AEB\": {\"cd3b9c8bb118575bcd712cffdba85fce\": 0.7040202098544246}, "
            + "\"TRWMHMP128EF34293F\": {\"1a2b3c4d5e6f708192a3b4c5d6e7f809\": 0.61, "
            + "\"ffeeddccbbaa99887766554433221100\": 0.93}}");
    LakhMidi lmd = LakhMidi.open(dir);
    assertEquals(2, lmd.scores().size());
    assertEquals(
        Optional.of("ffeeddccbbaa99887766554433221100"), lmd.bestMatch("TRWMHMP128EF34293F"));
    assertEquals(Optional.empty(), lmd.bestMatch("TRAAAAA128F4264AEB"));
    assertEquals("N/C/Z/TRNCZVX128F92F9018", LakhMidi.msdIdToDirs("TRNCZVX128F92F9018"));
    assertEquals(
        dir.resolve("lmd_matched/R/N/A/TRRNARX128F4264AEB/cd3b9c8bb118575bcd712cffdba85fce.mid"),
        lmd.midiPath("TRRNARX128F4264AEB", "cd3b9c8bb118575bcd712cffdba85fce"));
    assertEquals(
        dir.resolve("lmd_matched_h5/R/N/A/TRRNARX128F4264AEB.h5"),
        lmd.h5Path("TRRNARX128F4264AEB"));
  }

  @Test
  void doomWadMusicLumps() throws Exception {
    // header, three lumps (MIDI music, MUS music, a map lump), then the directory
    byte[] mus = {'M', 'U', 'S', 0x1A};
    byte[] map = {1, 2, 3};
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(12 + SMF.length + mus.length + map.length + 48)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int directory = 12 + SMF.length + mus.length + map.length;
    b.put("IWAD".getBytes()).putInt(3).putInt(directory).put(SMF).put(mus).put(map);
    String[] names = {"D_E1M1", "D_INTRO", "E1M1"};
    int[][] spans = {
      {12, SMF.length}, {12 + SMF.length, mus.length}, {12 + SMF.length + mus.length, map.length}
    };
    for (int i = 0; i < 3; i++) {
      b.putInt(spans[i][0]).putInt(spans[i][1]);
      byte[] name = java.util.Arrays.copyOf(names[i].getBytes(), 8);
      b.put(name);
    }
    Path wad = dir.resolve("test.wad");
    Files.write(wad, b.array());
    var lumps = DoomWad.midiLumps(wad);
    assertEquals(1, lumps.size());
    assertEquals("D_E1M1", lumps.get(0).name());
    assertEquals(SMF.length, lumps.get(0).midi().length);
    Files.write(wad, java.util.Arrays.copyOf(b.array(), 40)); // directory cut off
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> DoomWad.midiLumps(wad))
            .getMessage()
            .contains("lies outside the file"));
  }

  @Test
  void malformedScoresAreNamed() throws Exception {
    Path json = dir.resolve("match_scores.json");
    Files.writeString(json, "{\"TRRNARX128F4264AEB\": {\"not-an-md5\": 0.7}}");
    var e = assertThrows(DatasetFormatException.class, () -> LakhMidi.open(dir));
    assertTrue(e.getMessage().contains("expected \"<md5>\": score"), e.getMessage());
    Files.writeString(json, "{\"TRRNARX128F4264AEB\": {\"cd3b9c8bb118575bcd712cffdba85fce\": 0.7");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> LakhMidi.open(dir))
            .getMessage()
            .contains("malformed JSON"));
    Files.delete(json);
    assertThrows(DatasetFormatException.class, () -> LakhMidi.open(dir));
  }
}
