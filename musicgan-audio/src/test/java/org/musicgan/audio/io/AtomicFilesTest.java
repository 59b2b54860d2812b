package org.musicgan.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void failedWriteLeavesOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("out.wav");
    Files.writeString(target, "old content");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write("half of the new".getBytes());
                  throw new IOException("disk full");
                }));
    assertEquals("old content", Files.readString(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void writeReplacesAndCreatesParents() throws IOException {
    Path target = dir.resolve("a/b/c.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    AtomicFiles.write(target, new byte[] {4});
    assertEquals(1, Files.size(target));
    // readable by others like any file the process creates (temp files are owner-only)
    assertEquals(
        Files.getPosixFilePermissions(Files.writeString(dir.resolve("plain"), "x")),
        Files.getPosixFilePermissions(target));
  }
}
