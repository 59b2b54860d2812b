package org.musicgan.audio.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;

/** Loads and checks SoundFont (SF2) and DLS banks for {@link MidiRenderer}. */
final class SoundFonts {
  private SoundFonts() {}

  /**
   * Loads a bank, refusing what Gervill would load but play wrongly: SF3 (Ogg-compressed samples)
   * loads without error and then renders noise or silence.
   */
  static Soundbank load(Path file) throws MidiRenderException {
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new MidiRenderException(file + ": cannot read SoundFont (" + e.getMessage() + ")", e);
    }
    String riff = n >= 12 ? new String(head, 0, 4, StandardCharsets.US_ASCII) : "";
    String kind = n >= 12 ? new String(head, 8, 4, StandardCharsets.US_ASCII) : "";
    if (!riff.equals("RIFF") || !(kind.equals("sfbk") || kind.equals("DLS "))) {
      throw new MidiRenderException(file + ": not a SoundFont 2 (.sf2) or DLS file");
    }
    if (kind.equals("sfbk") && sf2MajorVersion(head, n) >= 3) {
      throw new MidiRenderException(
          file
              + ": is an SF3 SoundFont (Ogg-compressed samples), which the JDK synthesizer"
              + " cannot decode; use an uncompressed .sf2");
    }
    Soundbank bank;
    try {
      bank = MidiSystem.getSoundbank(file.toFile());
    } catch (InvalidMidiDataException | IOException | RuntimeException e) {
      throw new MidiRenderException(file + ": corrupt SoundFont (" + e.getMessage() + ")", e);
    }
    if (bank.getInstruments().length == 0) {
      throw new MidiRenderException(file + ": corrupt SoundFont (it holds no instruments)");
    }
    return bank;
  }

  /** Reads {@code ifil} (the SoundFont version) from the INFO list; 0 if absent. */
  private static int sf2MajorVersion(byte[] b, int n) {
    ByteBuffer buf = ByteBuffer.wrap(b, 0, n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 12; i + 12 <= n; i++) {
      if (b[i] == 'i' && b[i + 1] == 'f' && b[i + 2] == 'i' && b[i + 3] == 'l') {
        return Short.toUnsignedInt(buf.getShort(i + 8));
      }
    }
    return 0;
  }
}
