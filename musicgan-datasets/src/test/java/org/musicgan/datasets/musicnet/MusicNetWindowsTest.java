package org.musicgan.datasets.musicnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.testing.TestSignals;

class MusicNetWindowsTest {
  @TempDir Path dir;

  private void recording(String split, int id, String labelRows) throws Exception {
    Files.createDirectories(dir.resolve(split + "_labels"));
    AudioFiles.writeWav(
        TestSignals.sineClip(440, 44100, 44100, 0.1),
        dir.resolve(split + "_data/" + id + ".wav"),
        WavEncoding.FLOAT_32);
    Files.writeString(
        dir.resolve(split + "_labels/" + id + ".csv"),
        "start_time,end_time,instrument,note,start_beat,end_beat,note_value\n" + labelRows);
  }

  @Test
  void windowsFollowTheSeedsRecipeWithHalfOpenBoundaries() throws Exception {
    // window = 0.1 s = 4410 samples here; recording 1 uses piano (1) only
    String rows =
        // window 0 [0, 4410): 4 notes, one ends exactly at 4410 (still inside: it started before)
        "0,1000,1,60,0,1,Quarter\n100,2000,1,62,0,1,Quarter\n200,3000,1,64,0,1,Quarter\n"
            + "300,4410,1,65,0,1,Quarter\n"
            // window 1 [4410, 8820): only 3 sounding; the note starting at 8820 is outside
            + "4410,5000,1,60,0,1,Quarter\n5000,6000,1,62,0,1,Quarter\n6000,7000,1,64,0,1,Quarter\n"
            + "8820,9000,1,67,0,1,Quarter\n"
            // window 2 [8820, 13230): 4 sounding
            + "9000,9500,1,60,0,1,Quarter\n9500,10000,1,62,0,1,Quarter\n10000,13230,1,64,0,1,Quarter\n";
    recording("train", 1, rows);
    // recording 2 uses harpsichord (7), the least common instrument here: dropped with 1 instrument
    recording("train", 2, "0,9000,7,60,0,1,Quarter\n");
    recording("test", 3, "0,20,1,60,0,1,Quarter\n");
    MusicNetWindows w = new MusicNetWindows(1, 0.1, 4, 2);
    MusicNetWindows.Result r = w.cut(MusicNet.open(dir));
    assertEquals(List.of(1), r.keptInstruments());
    assertEquals(1, r.counters().get("recordings_with_other_instruments"));
    assertEquals(
        List.of(0L, 8820L), r.windows().stream().map(MusicNetWindows.Window::startSample).toList());
    assertEquals(4, r.windows().get(0).sounding());
    assertEquals(1, r.counters().get("windows_too_few_notes"));
    // no metadata: the schema holds only the activity flags, 2 pieces x 1 instrument
    assertEquals(
        List.of("piece00/instrument001", "piece01/instrument001"), r.schema().entryNames());
    assertEquals(
        4410,
        r.windows()
            .get(0)
            .slice(MusicNet.open(dir).audio(r.windows().get(0).recording()))
            .length());
  }

  @Test
  void conditionHasOneHotMetadataAndPieceActivity() throws Exception {
    recording(
        "train",
        1727,
        "0,4410,1,60,0,1,Quarter\n0,4410,1,64,0,1,Quarter\n0,2000,1,67,0,1,Quarter\n0,2000,1,72,0,1,Quarter\n");
    Files.writeString(
        dir.resolve("musicnet_metadata.csv"),
        "id,composer,composition,movement,ensemble,source,transcriber,catalog_name,seconds\n"
            + "1727,Schubert,Piano Quintet in A major,2. Andante,Piano Quintet,European Archive,x,D667,447\n");
    MusicNetWindows.Result r = new MusicNetWindows(4, 0.1, 4, 4).cut(MusicNet.open(dir));
    assertEquals(1, r.windows().size());
    String described = r.schema().describe(r.windows().get(0).condition());
    assertEquals(
        "composer=Schubert, composition=Piano Quintet in A major, ensemble=Piano Quintet, "
            + "piece00/instrument001=1.0, piece01/instrument001=1.0, piece02/instrument001=1.0, "
            + "piece03/instrument001=1.0",
        described);
  }
}
