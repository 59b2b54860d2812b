package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.datasets.midi.DoomWad;

/**
 * Writes the MIDI music of Doom WAD files (Debian's {@code freedoom}: BSD-licensed game music) into
 * a folder as {@code <wad>-<lump>.mid}, skipping lumps whose bytes another one already has, so that
 * {@code TrainMelodyRnn} can train on it like any MIDI folder.
 *
 * <pre>
 * apt-get download freedoom &amp;&amp; dpkg-deb -x freedoom_*.deb fd
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.ExtractWadMusic \
 *     fd/usr/share/games/doom/freedoom1.wad fd/usr/share/games/doom/freedoom2.wad --out freedoom-midi
 * </pre>
 */
public final class ExtractWadMusic {
  private ExtractWadMusic() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      int n = runExample(args);
      System.out.println("wrote " + n + " MIDI files");
    } catch (IllegalArgumentException e) {
      System.err.println("ExtractWadMusic: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Extracts as the arguments say; returns the number of files written. */
  public static int runExample(String[] args) throws IOException {
    Path out = null;
    java.util.List<Path> wads = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--out needs a folder");
        }
        out = Path.of(args[++i]);
      } else {
        wads.add(Path.of(args[i]));
      }
    }
    if (out == null || wads.isEmpty()) {
      throw new IllegalArgumentException("usage: ExtractWadMusic file.wad [more.wad] --out folder");
    }
    Files.createDirectories(out);
    Set<String> seen = new HashSet<>();
    int written = 0;
    for (Path wad : wads) {
      String stem = wad.getFileName().toString().replaceFirst("(?i)\\.wad$", "");
      for (DoomWad.Lump lump : DoomWad.midiLumps(wad)) {
        if (seen.add(sha256(lump.midi()))) {
          AtomicFiles.write(out.resolve(stem + "-" + lump.name() + ".mid"), lump.midi());
          written++;
        }
      }
    }
    return written;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
