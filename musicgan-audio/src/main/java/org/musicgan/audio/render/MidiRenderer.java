package org.musicgan.audio.render;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.musicgan.audio.AudioClip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders MIDI to audio offline (faster than real time, no sound card) with the JDK's software
 * synthesizer, Gervill, and a SoundFont.
 *
 * <pre>{@code
 * MidiRenderer renderer = MidiRenderer.withSoundFont(Path.of("/usr/share/sounds/sf2/sf_GMbank.sf2"));
 * AudioClip clip = renderer.render(MidiSystem.getSequence(new File("tune.mid")));
 * }</pre>
 *
 * <p>The output is mono (the synthesizer's stereo mixed down) and never clips: if the mix peaks
 * above 0.99 it is scaled down to 0.99.
 *
 * <p><b>JVM flag.</b> Offline rendering goes through Gervill's {@code AudioSynthesizer}, which
 * lives in the JDK-internal package {@code com.sun.media.sound}; the JVM must export it: {@code
 * --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (or {@code =org.musicgan.audio} on
 * the module path), or {@code Add-Exports: java.desktop/com.sun.media.sound} in an executable jar's
 * manifest. Without it, rendering throws a {@link MidiRenderException} that says so.
 */
public final class MidiRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(MidiRenderer.class);
  private static final String GERVILL = "com.sun.media.sound";
  private static final float MAX_PEAK = 0.99f;

  /** Upper bound on rendered length, against MIDI files with absurd tick counts. */
  private static final double MAX_SECONDS = 3600;

  private final Soundbank soundbank;
  private final String bankName;

  private MidiRenderer(Soundbank soundbank, String bankName) {
    this.soundbank = soundbank;
    this.bankName = bankName;
  }

  /**
   * A renderer that plays with the given SoundFont 2 (or DLS) bank.
   *
   * @throws MidiRenderException if the file is not a usable SF2/DLS bank (SF3 is refused)
   */
  public static MidiRenderer withSoundFont(Path soundFont) throws MidiRenderException {
    return new MidiRenderer(SoundFonts.load(soundFont), soundFont.toString());
  }

  /** A renderer that uses the JDK's built-in (generated) General MIDI bank. */
  public static MidiRenderer withBuiltInBank() {
    return new MidiRenderer(null, "built-in bank");
  }

  /**
   * A renderer with the first SoundFont that exists among {@code candidates}, or the built-in bank
   * if none does.
   */
  public static MidiRenderer withFirstAvailable(List<Path> candidates) throws MidiRenderException {
    for (Path p : candidates) {
      if (java.nio.file.Files.isRegularFile(p)) {
        return withSoundFont(p);
      }
    }
    LOG.info("no SoundFont found among {}; using the JDK's built-in bank", candidates);
    return withBuiltInBank();
  }

  /** Describes the bank in use: the SoundFont's path, or "built-in bank". */
  public String bankName() {
    return bankName;
  }

  /** Reads a MIDI file and renders it at 44.1 kHz with a 1-second tail. */
  public AudioClip render(Path midiFile) throws IOException {
    Sequence sequence;
    try {
      sequence = MidiSystem.getSequence(midiFile.toFile());
    } catch (InvalidMidiDataException | RuntimeException e) {
      throw new MidiRenderException(
          midiFile + ": not a readable MIDI file (" + e.getMessage() + ")");
    }
    return render(sequence, 44100, 1.0);
  }

  /** Renders at 44.1 kHz with a 1-second tail for release and reverb. */
  public AudioClip render(Sequence sequence) throws MidiRenderException {
    return render(sequence, 44100, 1.0);
  }

  /**
   * Renders a sequence.
   *
   * @param sequence the MIDI to play (all tracks; tempo changes are honoured)
   * @param sampleRate output rate in Hz
   * @param tailSeconds silence rendered after the last event, for release and reverb
   * @return mono audio, peak at most 0.99
   */
  public AudioClip render(Sequence sequence, int sampleRate, double tailSeconds)
      throws MidiRenderException {
    if (sampleRate < 8000 || sampleRate > 192000) {
      throw new IllegalArgumentException(
          "sampleRate must be in [8000, 192000], found " + sampleRate);
    }
    if (!(tailSeconds >= 0)) {
      throw new IllegalArgumentException("tailSeconds must be >= 0, found " + tailSeconds);
    }
    List<TimedMessage> events = timedEvents(sequence);
    double seconds = (events.isEmpty() ? 0 : events.get(events.size() - 1).micros / 1e6);
    seconds += tailSeconds;
    if (seconds > MAX_SECONDS) {
      throw new MidiRenderException(
          "sequence lasts " + Math.round(seconds) + " s, more than " + (int) MAX_SECONDS + " s");
    }
    AudioFormat format =
        new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, 2, 8, sampleRate, false);
    Synthesizer synth = newSynthesizer();
    try (AudioInputStream stream = openStream(synth, format)) {
      if (soundbank != null) {
        Soundbank builtIn = synth.getDefaultSoundbank();
        if (builtIn != null) {
          synth.unloadAllInstruments(builtIn);
        }
        if (!synth.loadAllInstruments(soundbank)) {
          throw new MidiRenderException(bankName + ": the synthesizer refused the SoundFont");
        }
      }
      Receiver receiver = synth.getReceiver();
      for (TimedMessage e : events) {
        receiver.send(e.message, e.micros);
      }
      int frames = (int) Math.ceil(seconds * sampleRate);
      float[][] stereo = readFrames(stream, frames);
      return limit(new AudioClip(mix(stereo), sampleRate));
    } catch (IOException | javax.sound.midi.MidiUnavailableException e) {
      throw new MidiRenderException("rendering failed: " + e.getMessage(), e);
    } finally {
      synth.close();
    }
  }

  private static AudioClip limit(AudioClip clip) {
    float peak = clip.peak();
    if (peak > MAX_PEAK) {
      LOG.debug("render peaked at {}; scaled down to {}", peak, MAX_PEAK);
      return clip.scaled(MAX_PEAK / peak);
    }
    return clip;
  }

  private static float[] mix(float[][] stereo) {
    float[] mono = new float[stereo[0].length];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = 0.5f * (stereo[0][i] + stereo[1][i]);
    }
    return mono;
  }

  private static float[][] readFrames(AudioInputStream stream, int frames) throws IOException {
    float[][] out = new float[2][frames];
    byte[] buf = new byte[8 * 4096];
    int done = 0;
    while (done < frames) {
      int want = Math.min(4096, frames - done) * 8;
      int got = stream.readNBytes(buf, 0, want);
      if (got <= 0) {
        break;
      }
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, got).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < got / 8; i++) {
        out[0][done + i] = bb.getFloat();
        out[1][done + i] = bb.getFloat();
      }
      done += got / 8;
    }
    return out;
  }

  private static Synthesizer newSynthesizer() throws MidiRenderException {
    requireGervillExport();
    try {
      Class<?> soft = Class.forName(GERVILL + ".SoftSynthesizer");
      return (Synthesizer) soft.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new MidiRenderException("the JDK's software synthesizer is not available: " + e, e);
    }
  }

  private static AudioInputStream openStream(Synthesizer synth, AudioFormat format)
      throws MidiRenderException {
    Map<String, Object> info = new HashMap<>();
    info.put("interpolation", "sinc");
    info.put("max polyphony", 256);
    // No limiter: we scale the finished mix instead, which cannot distort it.
    info.put("auto gain control", false);
    try {
      Method open =
          Class.forName(GERVILL + ".AudioSynthesizer")
              .getMethod("openStream", AudioFormat.class, Map.class);
      return (AudioInputStream) open.invoke(synth, format, info);
    } catch (InvocationTargetException e) {
      throw new MidiRenderException("cannot open the synthesizer: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new MidiRenderException("cannot open the synthesizer: " + e, e);
    }
  }

  private static void requireGervillExport() throws MidiRenderException {
    Optional<Module> desktop = ModuleLayer.boot().findModule("java.desktop");
    Module self = MidiRenderer.class.getModule();
    if (desktop.isEmpty() || !desktop.get().isExported(GERVILL, self)) {
      throw new MidiRenderException(
          "MIDI rendering needs the JVM flag --add-exports java.desktop/"
              + GERVILL
              + "="
              + (self.isNamed() ? self.getName() : "ALL-UNNAMED")
              + " (or 'Add-Exports: java.desktop/"
              + GERVILL
              + "' in the jar manifest)");
    }
  }

  record TimedMessage(long micros, MidiMessage message) {}

  /** All non-meta events of all tracks in time order, with their times in microseconds. */
  static List<TimedMessage> timedEvents(Sequence sequence) throws MidiRenderException {
    List<MidiEvent> all = new ArrayList<>();
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        all.add(track.get(i));
      }
    }
    all.sort(Comparator.comparingLong(MidiEvent::getTick));
    List<TimedMessage> out = new ArrayList<>();
    if (sequence.getResolution() <= 0) {
      throw new MidiRenderException(
          "sequence has resolution " + sequence.getResolution() + " ticks");
    }
    TempoMap tempo = TempoMap.of(sequence);
    for (MidiEvent e : all) {
      if (!(e.getMessage() instanceof MetaMessage)) {
        out.add(new TimedMessage(Math.round(tempo.microseconds(e.getTick())), e.getMessage()));
      }
    }
    return out;
  }
}
