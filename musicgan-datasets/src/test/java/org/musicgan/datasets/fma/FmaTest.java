package org.musicgan.datasets.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.datasets.DatasetFormatException;

class FmaTest {
  @TempDir Path dir;

  static Path metadata() throws URISyntaxException {
    return Path.of(FmaTest.class.getResource("tracks.csv").toURI()).getParent();
  }

  @Test
  void tracksWithMultiRowHeaderQuotedNewlinesAndListLiterals() throws Exception {
    Fma fma = Fma.open(metadata(), null);
    assertEquals(4, fma.tracks().size());
    FmaTrack food = fma.tracks().get(0);
    assertEquals(2, food.id());
    assertEquals("Food", food.title());
    assertEquals("AWOL", food.artist());
    assertEquals(Optional.of("Hip-Hop"), food.genreTop());
    assertEquals(List.of(21), food.genres());
    assertEquals(FmaTrack.Subset.SMALL, food.subset());
    assertEquals(256000, food.bitRate());
    assertEquals("000/000002.mp3", food.audioPath());
    // the bio with two physical lines did not shift the columns of track 3
    assertEquals("Electric Ave", fma.tracks().get(1).title());
    FmaTrack freeway = fma.tracks().get(2);
    assertEquals(List.of(76, 103), freeway.genres());
    assertEquals(List.of(17, 103, 76, 10), freeway.genresAll());
    assertEquals(Optional.empty(), freeway.genreTop());
    assertEquals(-1, fma.tracks().get(3).bitRate());
    assertEquals("000/000140.mp3", fma.tracks().get(3).audioPath());
  }

  @Test
  void subsetsNestAndTracksWithoutGenreTopAreReported() throws Exception {
    Fma fma = Fma.open(metadata(), null);
    assertEquals(2, fma.tracks(FmaTrack.Subset.SMALL).size());
    assertEquals(3, fma.tracks(FmaTrack.Subset.MEDIUM).size());
    assertEquals(4, fma.tracks(FmaTrack.Subset.LARGE).size());
    assertEquals(
        List.of(10),
        fma.withoutGenreTop(FmaTrack.Subset.LARGE).stream().map(FmaTrack::id).toList());
    assertEquals(3, fma.genreTracks(FmaTrack.Subset.LARGE).size());
  }

  @Test
  void genresAndEchonestTempo() throws Exception {
    Fma fma = Fma.open(metadata(), null);
    assertEquals(new FmaGenre(8, 868, 0, "Old-Time / Historic", 8), fma.genres().get(8));
    assertEquals(Optional.of(165.922), fma.tempo(fma.tracks().get(0)));
    assertEquals(Optional.empty(), fma.tempo(fma.tracks().get(2))); // empty cell
    assertEquals(Optional.empty(), fma.tempo(fma.tracks().get(3))); // not in echonest
  }

  @Test
  void audioPathsFollowTheShardedLayout() throws Exception {
    Path audio = dir.resolve("fma_small");
    Files.createDirectories(audio.resolve("000"));
    Files.write(audio.resolve("000/000002.mp3"), new byte[] {1});
    Fma fma = Fma.open(metadata(), audio);
    assertEquals(Optional.of(audio.resolve("000/000002.mp3")), fma.audio(fma.tracks().get(0)));
    assertEquals(Optional.empty(), fma.audio(fma.tracks().get(1)));
  }

  @Test
  void windowsCarryGenreAndTempo() throws Exception {
    Path audio = dir.resolve("fma_small");
    Files.createDirectories(audio.resolve("000"));
    try (var in = getClass().getResourceAsStream("/org/musicgan/audio/io/tone440-44k1-mono.mp3")) {
      Files.copy(in, audio.resolve("000/000002.mp3"));
    }
    Fma fma = Fma.open(metadata(), audio);
    FmaWindows windows = new FmaWindows(0.1);
    var schema = windows.schema(fma, FmaTrack.Subset.SMALL);
    assertEquals(List.of("genre=Hip-Hop", "tempo"), schema.entryNames());
    var w = windows.windows(fma, schema, fma.tracks().get(0));
    assertEquals(5, w.size()); // 0.5 s of tone plus decoder padding, cut into 0.1 s windows
    assertEquals(4410, w.get(0).clip().length());
    assertEquals("genre=Hip-Hop, tempo=165.9", schema.describe(w.get(0).condition()));
    assertThrows(IOException.class, () -> windows.windows(fma, schema, fma.tracks().get(1)));
  }

  @Test
  void pythonListLiterals() {
    assertEquals(List.of(), PythonListLiteral.parse("[]"));
    assertEquals(List.of(21L), PythonListLiteral.parse("[21]"));
    assertEquals(
        List.of("rock 'n' roll", "era 1"), PythonListLiteral.parse("[\"rock 'n' roll\", 'era 1']"));
    assertEquals(List.of("it's"), PythonListLiteral.parse("['it\\'s']"));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> PythonListLiteral.parse("[1, __import__('os')]"));
    assertTrue(e.getMessage().contains("expected a number or a quoted string"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PythonListLiteral.parse("[1, 2"));
  }

  @Test
  void badRowsAreNamedWithFileAndLine() throws Exception {
    List<String> lines = Files.readAllLines(metadata().resolve("tracks.csv"));
    Path bad = dir.resolve("tracks.csv");
    // line 9 is the last track (140): break its genres list
    lines.set(8, lines.get(8).replace(",[17],[17],", ",[1x],[17],"));
    Files.write(bad, lines);
    var e = assertThrows(DatasetFormatException.class, () -> Fma.readTracks(bad));
    assertEquals(9, e.line());
    assertTrue(e.getMessage().contains("malformed list literal"), e.getMessage());
    Files.writeString(bad, "a,b\n1,2\n");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> Fma.readTracks(bad))
            .getMessage()
            .contains("expected 2 column-name rows and a track_id row"));
    assertThrows(IOException.class, () -> Fma.open(dir.resolve("nowhere"), null));
  }
}
