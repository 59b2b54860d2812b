package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.gan.StackGanGenerator;
import org.musicgan.melody.rnn.MelodyGenerator;

/**
 * Embedding MusicGAN in another application: load a model once, then turn requests into WAV bytes
 * (to return from a web handler, put in a message, store in a database). Two models: the shipped
 * melody model, and any GAN bundle trained with {@code musicgan train-gan}. Runs in seconds.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.EmbedLibrary \
 *     [runs/notes/model.gan.zip pitch=60 instrument=73]
 * </pre>
 */
public final class EmbedLibrary {
  private final MelodyGenerator melodies;
  private final MidiRenderer synth;

  /** Loads the shipped melody model and a SoundFont synthesiser (do this once). */
  public EmbedLibrary() throws IOException {
    this.melodies = MelodyGenerator.loadDefault();
    this.synth = MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS);
  }

  /** A melody of {@code seconds} at {@code bpm}, as 16-bit WAV bytes; the same seed, same song. */
  public byte[] melodyWav(double seconds, double bpm, long seed) throws IOException {
    MelodyGenerator.Result song =
        melodies.generate(
            MelodyGenerator.Request.defaults()
                .withSeconds(seconds)
                .withQpm(bpm)
                .withSeed(seed)
                .withProgram(73));
    return AudioFiles.toWavBytes(RenderTune.forListening(song.render(synth)), WavEncoding.PCM_16);
  }

  /** A GAN clip for the user's choices (feature name → value), as 16-bit WAV bytes. */
  public static byte[] ganWav(StackGanGenerator gan, Map<String, String> choices, long seed) {
    return AudioFiles.toWavBytes(
        RenderTune.limited(gan.generate(choices, seed)), WavEncoding.PCM_16);
  }

  /** Entry point: writes embedded-melody.wav (and embedded-gan.wav with a bundle). */
  public static void main(String[] args) throws IOException {
    EmbedLibrary lib = new EmbedLibrary();
    byte[] wav = lib.melodyWav(8, 120, 42);
    Files.write(Path.of("embedded-melody.wav"), wav);
    System.out.printf("embedded-melody.wav: %d bytes%n", wav.length);
    if (args.length > 0) {
      StackGanGenerator gan = StackGanGenerator.load(Path.of(args[0]));
      Map<String, String> choices = new java.util.LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        String[] kv = args[i].split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("choices look like pitch=60, found " + args[i]);
        }
        choices.put(kv[0], kv[1]);
      }
      byte[] g = ganWav(gan, choices, 42);
      Files.write(Path.of("embedded-gan.wav"), g);
      System.out.printf("embedded-gan.wav: %d bytes for %s%n", g.length, choices);
    }
  }
}
