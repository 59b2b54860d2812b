package org.musicgan.datasets.musicnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.testing.TestSignals;
import org.musicgan.datasets.DatasetFormatException;

class MusicNetTest {
  @TempDir Path dir;

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(MusicNetTest.class.getResource(name).toURI());
  }

  @Test
  void bothMetadataVariantsReadTheSame() throws Exception {
    Map<Integer, MusicNetMetadata> crlf =
        MusicNet.readMetadata(fixture("metadata-crlf-unquoted.csv"));
    Map<Integer, MusicNetMetadata> lf = MusicNet.readMetadata(fixture("metadata-lf-quoted.csv"));
    assertEquals(List.of(1727, 1819, 2195), List.copyOf(crlf.keySet()));
    assertEquals(crlf.keySet(), lf.keySet());
    MusicNetMetadata mozart = crlf.get(1819);
    assertEquals("Neal O\u2019Doan", mozart.transcriber());
    assertEquals("Pairs Clarinet-Horn-Bassoon", mozart.ensemble());
    assertEquals(263, mozart.seconds());
    assertEquals("K375", lf.get(1819).catalogName());
    // the quoted variant keeps the comma; the unquoted one has a period there
    assertEquals("WTK I, No 3: Prelude and Fugue in C-sharp major", lf.get(2195).composition());
    assertEquals("WTK I. No. 3: Prelude and Fugue in C-sharp major", crlf.get(2195).composition());
    assertEquals("D667", crlf.get(1727).catalogName()); // no stray \r on the last column
    assertEquals(447, crlf.get(1727).seconds());
  }

  @Test
  void labelsAreSampleIndicesWithOneBasedProgramsAndBeatDurations() throws Exception {
    List<MusicNetLabel> labels = MusicNet.readLabels(fixture("labels-1819.csv"));
    assertEquals(4, labels.size());
    MusicNetLabel first = labels.get(0);
    assertEquals(new MusicNetLabel(28126, 46046, 72, 70, 11.0, 0.990625, "Quarter"), first);
    assertEquals(71, first.midiProgram()); // clarinet, 0-based for javax.sound.midi
    assertEquals(28126 / 44100.0, first.startSeconds(), 1e-12);
    assertEquals("Dotted Sixteenth", labels.get(3).noteValue());
    // half-open intervals: touching is not overlapping
    assertTrue(first.overlaps(46045, 50000));
    assertFalse(first.overlaps(46046, 50000));
    assertFalse(first.overlaps(0, 28126));
    assertTrue(first.overlaps(0, 28127));
  }

  @Test
  void opensATreeAndJoinsMetadata() throws Exception {
    Path root = dir.resolve("musicnet");
    writeRecording(root, "train", 1727);
    writeRecording(root, "test", 1819);
    Files.copy(fixture("metadata-lf-quoted.csv"), root.resolve("musicnet_metadata.csv"));
    MusicNet mn = MusicNet.open(dir); // finds the nested folder
    assertEquals(2, mn.recordings().size());
    assertEquals(1, mn.recordings(MusicNetRecording.Split.TEST).size());
    MusicNetRecording r = mn.recordings().get(1);
    assertEquals(1819, r.id());
    assertEquals("Mozart", r.metadata().orElseThrow().composer());
    AudioClip clip = mn.audio(r);
    assertEquals(44100, clip.sampleRate());
    assertEquals(4, mn.labels(r).size());
  }

  private void writeRecording(Path root, String split, int id) throws Exception {
    Files.createDirectories(root.resolve(split + "_labels"));
    AudioFiles.writeWav(
        TestSignals.sineClip(440, 44100, 4410, 0.5),
        root.resolve(split + "_data/" + id + ".wav"),
        WavEncoding.FLOAT_32);
    Files.copy(fixture("labels-1819.csv"), root.resolve(split + "_labels/" + id + ".csv"));
  }

  @Test
  void badRowsNameFileAndLine() throws IOException {
    Path csv = dir.resolve("1.csv");
    Files.writeString(
        csv,
        "start_time,end_time,instrument,note,start_beat,end_beat,note_value\n"
            + "10,20,1,60,0.0,1.0,Quarter\n"
            + "30,2x,1,60,1.0,1.0,Quarter\n");
    var e = assertThrows(DatasetFormatException.class, () -> MusicNet.readLabels(csv));
    assertEquals(csv + ":3: end_time is not an integer: \"2x\"", e.getMessage());
    assertEquals(3, e.line());
    Files.writeString(
        csv,
        "start_time,end_time,instrument,note,start_beat,end_beat,note_value\n10,20,0,60,0,1,Q\n");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> MusicNet.readLabels(csv))
            .getMessage()
            .contains(":2: instrument must be a 1-based program"));
    Files.writeString(csv, "onset,offset\n1,2\n");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> MusicNet.readLabels(csv))
            .getMessage()
            .startsWith(csv + ":1: header is [onset, offset]"));
    Files.writeString(
        csv, "start_time,end_time,instrument,note,start_beat,end_beat,note_value\n1,2,3\n");
    assertEquals(
        csv + ":2: row has 3 fields, expected 7",
        assertThrows(DatasetFormatException.class, () -> MusicNet.readLabels(csv)).getMessage());
    Files.write(csv, new byte[] {(byte) 0xC3, 0x28});
    assertEquals(
        csv + ": not UTF-8 text",
        assertThrows(DatasetFormatException.class, () -> MusicNet.readLabels(csv)).getMessage());
  }

  @Test
  void missingLabelsOrWrongFolderAreNamed() throws Exception {
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> MusicNet.open(dir))
            .getMessage()
            .contains("not a MusicNet folder"));
    AudioFiles.writeWav(
        TestSignals.sineClip(440, 44100, 100, 0.5),
        dir.resolve("train_data/5.wav"),
        WavEncoding.FLOAT_32);
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> MusicNet.open(dir))
            .getMessage()
            .contains("has no label file"));
  }
}
