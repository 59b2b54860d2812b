package org.musicgan.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.plot.SpectrogramPlot;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.examples.GanInstrument;
import org.musicgan.examples.RenderTune;
import org.musicgan.gan.StackGanGenerator;
import org.musicgan.melody.rnn.MelodyGenerator;

/**
 * Turns the demo's choices (genre, tempo word, sound, name; each optional) into a rendered song: a
 * melody from the genre's model, played with a SoundFont or with notes a GAN generates ({@link
 * GanInstrument}), as WAV, with its MIDI file and spectrogram.
 *
 * <p>Thread-safe: every thread that calls {@link #make} gets its own generators and synthesiser.
 */
public final class SongMaker {
  /** The seed's three tempo words and the BPM each stands for. */
  public static final Map<String, Integer> TEMPI = Map.of("slow", 80, "medium", 120, "fast", 160);

  /** Names of the General MIDI programs the shipped GAN knows. */
  private static final Map<Integer, String> INSTRUMENTS =
      Map.of(0, "piano", 24, "guitar", 40, "violin", 73, "flute");

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 _.-]+");

  /**
   * One genre: a melody model and the instrument it is played with.
   *
   * @param id short identifier used by the API
   * @param label what the page shows
   * @param description one line about the model and its data
   * @param program General MIDI program that renders it
   * @param loader loads a fresh generator (called once per worker thread)
   */
  public record Genre(
      String id, String label, String description, int program, GeneratorLoader loader) {}

  /**
   * One way to play the melody.
   *
   * @param id short identifier used by the API
   * @param label what the page shows
   * @param description one line about it
   * @param gan loads the GAN whose notes play the melody; null for the SoundFont synthesiser
   * @param program the GAN's instrument (a General MIDI program it was trained on); -1 without a
   *     GAN
   */
  public record Sound(String id, String label, String description, GanLoader gan, int program) {
    /** Checks that a GAN sound has a program and a SoundFont sound has none. */
    public Sound {
      if ((gan == null) != (program == -1)) {
        throw new IllegalArgumentException(
            "sound " + id + ": a GAN sound needs its program, a SoundFont sound none");
      }
    }
  }

  /** Loads a GAN generator. */
  @FunctionalInterface
  public interface GanLoader {
    /** A fresh generator. */
    StackGanGenerator load() throws IOException;
  }

  /** Loads a melody generator. */
  @FunctionalInterface
  public interface GeneratorLoader {
    /** A fresh generator. */
    MelodyGenerator load() throws IOException;
  }

  /**
   * The settings a song was made with (all resolved: nothing is left to chance afterwards).
   *
   * @param name the sanitised name
   * @param genre genre id
   * @param tempo slow, medium or fast
   * @param sound sound id
   * @param bpm beats per minute
   * @param seed the random seed
   * @param seconds length of the melody in seconds
   */
  public record Settings(
      String name, String genre, String tempo, String sound, int bpm, long seed, double seconds) {}

  /**
   * A finished song.
   *
   * @param settings what it was made with
   * @param notes number of notes in the melody
   * @param transpose semitones the sound moved the melody (a GAN plays it in its own range; the
   *     MIDI file keeps the melody as written)
   * @param durationSeconds length of the audio
   * @param wav 16-bit PCM WAV bytes
   * @param midi standard MIDI file bytes
   * @param png spectrogram picture
   */
  public record Song(
      Settings settings,
      int notes,
      int transpose,
      double durationSeconds,
      byte[] wav,
      byte[] midi,
      byte[] png) {}

  private final Map<String, Genre> genres = new LinkedHashMap<>();
  private final Map<String, Sound> sounds = new LinkedHashMap<>();
  private final double seconds;
  private final ThreadLocal<Map<String, MelodyGenerator>> generators =
      ThreadLocal.withInitial(java.util.HashMap::new);
  private final ThreadLocal<MidiRenderer> renderers = new ThreadLocal<>();

  /** Per thread, one instrument per GAN (the sounds of one GAN share its loader). */
  private final ThreadLocal<Map<GanLoader, GanInstrument>> instruments =
      ThreadLocal.withInitial(java.util.HashMap::new);

  /**
   * A maker for these genres (the first is the default), played by the SoundFont only, and songs of
   * {@code seconds} seconds.
   */
  public SongMaker(List<Genre> genres, double seconds) {
    this(genres, List.of(soundFont()), seconds);
  }

  /**
   * A maker for these genres and sounds (the first of each is the default) and songs of {@code
   * seconds} seconds.
   */
  public SongMaker(List<Genre> genres, List<Sound> sounds, double seconds) {
    if (genres.isEmpty()) {
      throw new IllegalArgumentException("at least one genre is needed");
    }
    if (sounds.isEmpty()) {
      throw new IllegalArgumentException("at least one sound is needed");
    }
    for (Sound s : sounds) {
      if (this.sounds.put(s.id(), s) != null) {
        throw new IllegalArgumentException("duplicate sound id " + s.id());
      }
    }
    if (!(seconds >= 2 && seconds <= 120)) {
      throw new IllegalArgumentException("seconds must be in [2, 120], found " + seconds);
    }
    for (Genre g : genres) {
      if (this.genres.put(g.id(), g) != null) {
        throw new IllegalArgumentException("duplicate genre id " + g.id());
      }
    }
    this.seconds = seconds;
  }

  /** The shipped genre: folk melodies (lookback_rnn on the Nottingham collection), on flute. */
  public static Genre folk() {
    return new Genre(
        "folk",
        "Folk",
        "lookback_rnn trained on 1,034 Nottingham folk melodies",
        73,
        MelodyGenerator::loadDefault);
  }

  /**
   * The second shipped genre: game music (lookback_rnn on the Freedoom soundtrack's MIDI tracks),
   * on a square-wave lead.
   */
  public static Genre game() {
    return new Genre(
        "game",
        "Game",
        "lookback_rnn trained on the 66 MIDI tracks of the Freedoom game soundtrack",
        80,
        () -> MelodyGenerator.loadShipped("lookback_rnn-freedoom"));
  }

  /** Both shipped genres, folk first. */
  public static List<Genre> shipped() {
    return List.of(folk(), game());
  }

  /** The General MIDI synthesiser with a SoundFont: the genre's instrument. */
  public static Sound soundFont() {
    return new Sound(
        "soundfont",
        "Synthesiser",
        "a General MIDI synthesiser with a SoundFont, on the genre's instrument",
        null,
        -1);
  }

  /**
   * One sound per instrument the GAN was trained on: the melody played with notes that it
   * generates. The sounds share one loader, whose first call hands out the generator read here to
   * list the instruments, and whose later calls load a fresh one.
   *
   * @throws IOException if the GAN cannot be loaded
   * @throws IllegalArgumentException if it is not a model of single notes (see {@link
   *     GanInstrument})
   */
  public static List<Sound> ganSounds(GanLoader loader) throws IOException {
    StackGanGenerator read = loader.load();
    GanInstrument probe = new GanInstrument(read);
    java.util.concurrent.atomic.AtomicReference<StackGanGenerator> unused =
        new java.util.concurrent.atomic.AtomicReference<>(read);
    GanLoader shared =
        () -> {
          StackGanGenerator g = unused.getAndSet(null);
          return g != null ? g : loader.load();
        };
    List<Sound> out = new ArrayList<>();
    for (int program : probe.programs()) {
      String name = INSTRUMENTS.getOrDefault(program, "program " + program);
      out.add(
          new Sound(
              "gan-" + name.replaceAll("[^a-z0-9]+", "-"),
              "GAN " + name,
              "every note generated by the Stage I GAN for "
                  + name
                  + " (C3-C4, little above 504 Hz)",
              shared,
              program));
    }
    return out;
  }

  /** The SoundFont, then the shipped GAN's four instruments. */
  public static List<Sound> shippedSounds() {
    List<Sound> out = new ArrayList<>(List.of(soundFont()));
    try {
      out.addAll(ganSounds(StackGanGenerator::loadDefault));
    } catch (IOException e) {
      throw new UncheckedIOException("the shipped GAN bundle cannot be read", e);
    }
    return out;
  }

  /** The sounds, default first. */
  public List<Sound> sounds() {
    return List.copyOf(sounds.values());
  }

  /** The genres, default first. */
  public List<Genre> genres() {
    return List.copyOf(genres.values());
  }

  /** Song length in seconds. */
  public double seconds() {
    return seconds;
  }

  /** {@link #settings(String, String, String, String, Long)} with the default sound. */
  public Settings settings(String genre, String tempo, String name, Long seed) {
    return settings(genre, tempo, null, name, seed);
  }

  /**
   * Resolves the user's choices: a missing seed is random, a missing genre or tempo is picked from
   * the seed (so the same seed picks the same), a missing sound is the default (the first), a
   * missing name is made up from the rest.
   *
   * @throws IllegalArgumentException for an unknown genre, tempo or sound
   */
  public Settings settings(String genre, String tempo, String sound, String name, Long seed) {
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
    java.util.Random pick = new java.util.Random(s);
    List<String> ids = List.copyOf(genres.keySet());
    String g = blank(genre) ? ids.get(pick.nextInt(ids.size())) : genre.trim();
    if (!genres.containsKey(g)) {
      throw new IllegalArgumentException(
          "unknown genre '" + g + "' (choose one of " + genres.keySet() + ")");
    }
    String[] words = {"slow", "medium", "fast"};
    String t = blank(tempo) ? words[pick.nextInt(3)] : tempo.trim().toLowerCase(Locale.ROOT);
    Integer bpm = TEMPI.get(t);
    if (bpm == null) {
      throw new IllegalArgumentException("tempo must be slow, medium or fast, found '" + t + "'");
    }
    String sd = blank(sound) ? sounds.keySet().iterator().next() : sound.trim();
    if (!sounds.containsKey(sd)) {
      throw new IllegalArgumentException(
          "unknown sound '" + sd + "' (choose one of " + sounds.keySet() + ")");
    }
    String n = sanitizeName(name).orElse(g + "-" + t + "-" + s);
    return new Settings(n, g, t, sd, bpm, s, seconds);
  }

  /**
   * A song name safe to show and to use as a file name: letters, digits, space, {@code _ . -} only
   * (anything else becomes {@code -}), no leading dots, at most 60 characters; empty if nothing is
   * left.
   */
  public static Optional<String> sanitizeName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String s = UNSAFE.matcher(name).replaceAll("-").trim();
    s = s.replaceAll("-{2,}", "-").replaceAll("^[.\\- ]+", "").replaceAll("[.\\- ]+$", "");
    if (s.length() > 60) {
      s = s.substring(0, 60).trim();
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** The name as a download file name: spaces become {@code _}. */
  public static String fileStem(String sanitizedName) {
    return sanitizedName.replace(' ', '_');
  }

  /** Generates and renders a song (takes seconds; call it from a worker thread). */
  public Song make(Settings s) {
    Genre genre = genres.get(s.genre());
    Sound sound = sounds.get(s.sound());
    try {
      MelodyGenerator gen = generators.get().get(genre.id());
      if (gen == null) {
        gen = genre.loader().load();
        generators.get().put(genre.id(), gen);
      }
      MelodyGenerator.Result melody =
          gen.generate(
              MelodyGenerator.Request.defaults()
                  .withQpm(s.bpm())
                  .withSeconds(s.seconds())
                  .withSeed(s.seed())
                  .withProgram(genre.program()));
      AudioClip raw;
      int transpose = 0;
      if (sound.gan() == null) {
        MidiRenderer renderer = renderers.get();
        if (renderer == null) {
          renderer = MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS);
          renderers.set(renderer);
        }
        raw = melody.render(renderer);
      } else {
        GanInstrument instrument = instruments.get().get(sound.gan());
        if (instrument == null) {
          instrument = new GanInstrument(sound.gan().load());
          instruments.get().put(sound.gan(), instrument);
        }
        GanInstrument.Performance played =
            instrument.playInRange(melody.sequence().notes(), sound.program(), s.seed());
        raw = played.clip();
        transpose = played.transpose();
      }
      AudioClip clip = RenderTune.forListening(raw);
      BufferedImage picture =
          SpectrogramPlot.render(
              clip, StftConfig.halfOverlap(2048), SpectrogramPlot.Scale.DB, s.name());
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(picture, "png", png);
      return new Song(
          s,
          melody.sequence().notes().size(),
          transpose,
          clip.durationSeconds(),
          AudioFiles.toWavBytes(clip, WavEncoding.PCM_16),
          melody.midiBytes(),
          png.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
