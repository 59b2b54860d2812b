package org.musicgan.datasets.msd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.datasets.DatasetFormatException;

/** The fixture is made by {@code make_msd_fixture.py} in the test resources (h5py, zlib). */
class MillionSongFileTest {
  @TempDir Path dir;

  @Test
  void readsCompoundTablesByMemberName() throws Exception {
    Path h5 = Path.of(MillionSongFileTest.class.getResource("msd_fixture.h5").toURI());
    List<MsdSong> songs = MillionSongFile.read(h5);
    assertEquals(3, songs.size());
    MsdSong s = songs.get(0);
    assertEquals("TRAKWGL12903CB8529", s.trackId());
    assertEquals("SOQMMHC12AB0180CB8", s.songId());
    assertEquals("Nice Dream", s.title());
    assertEquals("The Meatmen", s.artistName());
    assertEquals(121.274, s.tempo(), 1e-9);
    assertEquals(5, s.key());
    assertEquals(1, s.mode());
    assertEquals(1985, s.year());
    assertEquals(4, s.timeSignature());
    MsdSong cafe = songs.get(1);
    assertEquals("Caf\u00e9 M\u00fcller", cafe.title()); // UTF-8, NUL padding removed
    assertEquals("Beyonc\u00e9", cafe.artistName());
    assertEquals("", cafe.release());
    assertFalse(cafe.hasYear());
    assertTrue(songs.get(2).hasYear());
  }

  @Test
  void shardingAndBadFiles() throws Exception {
    assertEquals("A/K/W/TRAKWGL12903CB8529.h5", MillionSongFile.trackPath("TRAKWGL12903CB8529"));
    Path junk = dir.resolve("x.h5");
    Files.writeString(junk, "not hdf5");
    var e = assertThrows(DatasetFormatException.class, () -> MillionSongFile.read(junk));
    assertTrue(e.getMessage().startsWith(junk + ": not a readable MSD HDF5 file"), e.getMessage());
    assertThrows(DatasetFormatException.class, () -> MillionSongFile.read(dir.resolve("none.h5")));
  }
}
