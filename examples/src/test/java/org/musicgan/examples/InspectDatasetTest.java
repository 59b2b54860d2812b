package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDatasetTest {
  @TempDir Path dir;

  @Test
  void detectsAMidiTreeAndReportsJunk() throws Exception {
    Path melodies =
        Path.of(System.getProperty("musicgan.shared", "../shared"), "data/nottingham/melody");
    assumeTrue(Files.isDirectory(melodies), "no " + melodies);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String kind =
        InspectDataset.runExample(melodies, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals("midi", kind);
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains(": 1034 MIDI files"), report);
    assertTrue(report.contains("problems: 0"), report);
  }

  @Test
  void detectsASingleNoteSet() throws Exception {
    Files.writeString(
        dir.resolve("notes.csv"), "file,pitch,program,velocity,sample_rate,seconds\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals("single-notes", InspectDataset.runExample(dir, new PrintStream(bytes)));
    assertTrue(bytes.toString().contains(": 0 notes"));
  }
}
