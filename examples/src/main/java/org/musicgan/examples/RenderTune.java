package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.plot.SpectrogramPlot;
import org.musicgan.audio.render.MidiRenderer;

/**
 * Renders a tune to a WAV file and its spectrogram to a PNG: the built-in "Twinkle Twinkle Little
 * Star" (melody on a flute, bass on a piano) or any MIDI file given with {@code --midi}.
 *
 * <p>It uses Debian's General MIDI SoundFont ({@code /usr/share/sounds/sf2/sf_GMbank.sf2}, package
 * {@code csound-soundfont}) when it is installed, else the JDK's built-in bank.
 *
 * <pre>
 * java -jar examples/target/musicgan-examples.jar [--out twinkle.wav] [--midi song.mid]
 *     [--soundfont bank.sf2]
 * </pre>
 */
public final class RenderTune {
  /** Where the default SoundFont is looked for. */
  /**
   * A rendered clip brought to -1 dBFS (peak 0.89) for listening: the synthesizer leaves plenty of
   * headroom. A silent clip is returned as it is.
   */
  public static AudioClip forListening(AudioClip raw) {
    return raw.peak() > 0 ? raw.scaled(0.89f / raw.peak()) : raw;
  }

  /** A generated clip limited to -1 dBFS: louder ones are scaled down, quieter ones left alone. */
  public static AudioClip limited(AudioClip clip) {
    return clip.scaled(Math.min(1f, 0.89f / Math.max(1e-6f, clip.peak())));
  }

  public static final List<Path> DEFAULT_SOUNDFONTS =
      List.of(
          Path.of("/usr/share/sounds/sf2/sf_GMbank.sf2"),
          Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
          Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"));

  /** Twinkle Twinkle Little Star, as MIDI pitches; 0 marks the end of a phrase. */
  private static final int[] TWINKLE = {
    60, 60, 67, 67, 69, 69, 67, 0, 65, 65, 64, 64, 62, 62, 60, 0,
    67, 67, 65, 65, 64, 64, 62, 0, 67, 67, 65, 65, 64, 64, 62, 0,
    60, 60, 67, 67, 69, 69, 67, 0, 65, 65, 64, 64, 62, 62, 60, 0
  };

  private static final int[] BASS = {48, 53, 48, 43, 48, 43, 48, 43, 48, 53, 48, 43};

  private RenderTune() {}

  /** What one run produced. */
  public record Result(Path wav, Path png, AudioClip clip, String bank) {}

  /** Entry point; see the class comment for the options. */
  public static void main(String[] args) {
    try {
      Result r = runExample(args);
      System.out.printf(
          "Wrote %s (%.1f s, %d Hz, peak %.2f) and %s, rendered with %s.%n"
              + "This renders a tune with a SoundFont; the trained melody and GAN models are not"
              + " in this build yet.%n",
          r.wav(),
          r.clip().durationSeconds(),
          r.clip().sampleRate(),
          r.clip().peak(),
          r.png(),
          r.bank());
    } catch (IllegalArgumentException | IOException | InvalidMidiDataException e) {
      System.err.println("render-tune: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Runs the example.
   *
   * @param args {@code --out FILE.wav}, {@code --midi FILE.mid}, {@code --soundfont FILE.sf2}
   * @return the files written and the audio
   */
  public static Result runExample(String[] args) throws IOException, InvalidMidiDataException {
    Path out = Path.of("twinkle.wav");
    Path midi = null;
    Path soundFont = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--out" -> out = Path.of(require(args[i], value));
        case "--midi" -> midi = Path.of(require(args[i], value));
        case "--soundfont" -> soundFont = Path.of(require(args[i], value));
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + " (options: --out, --midi, --soundfont)");
      }
      i++;
    }
    if (!out.getFileName().toString().endsWith(".wav")) {
      throw new IllegalArgumentException("--out must name a .wav file, found " + out);
    }
    MidiRenderer renderer =
        soundFont != null
            ? MidiRenderer.withSoundFont(soundFont)
            : MidiRenderer.withFirstAvailable(DEFAULT_SOUNDFONTS);
    AudioClip raw = midi != null ? renderer.render(midi) : renderer.render(twinkle());
    AudioClip clip = forListening(raw);
    AudioFiles.writeWav(clip, out, WavEncoding.PCM_16);
    String name = out.getFileName().toString();
    Path png = out.resolveSibling(name.substring(0, name.length() - 4) + ".png");
    SpectrogramPlot.writePng(clip, StftConfig.halfOverlap(2048), SpectrogramPlot.Scale.DB, png);
    return new Result(out, png, clip, renderer.bankName());
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** The built-in tune at 100 bpm: flute melody, piano bass on every half note. */
  static Sequence twinkle() throws InvalidMidiDataException {
    int ppq = 480;
    Sequence seq = new Sequence(Sequence.PPQ, ppq);
    Track track = seq.createTrack();
    int tempo = 60_000_000 / 100;
    byte[] t = {(byte) (tempo >> 16), (byte) (tempo >> 8), (byte) tempo};
    track.add(new MidiEvent(new MetaMessage(0x51, t, 3), 0));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 73, 0), 0));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 1, 0, 0), 0));
    long tick = 0;
    for (int i = 0; i < TWINKLE.length; i++) {
      int pitch = TWINKLE[i];
      if (pitch != 0) {
        long length = i + 1 < TWINKLE.length && TWINKLE[i + 1] == 0 ? 2L * ppq : ppq;
        note(track, 0, pitch, 90, tick, tick + length - 40);
        tick += length;
      }
    }
    for (int i = 0; i * 2L * ppq < tick; i++) {
      int pitch = BASS[i % BASS.length];
      note(track, 1, pitch, 70, i * 2L * ppq, (i + 1) * 2L * ppq - 20);
    }
    return seq;
  }

  private static void note(Track track, int channel, int pitch, int velocity, long on, long off)
      throws InvalidMidiDataException {
    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity), on));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0), off));
  }
}
