package org.musicgan.melody.rnn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.musicgan.audio.io.AtomicFiles;

/**
 * A trained melody model in one file: a zip holding the DL4J network with its updater state ({@code
 * network.bin}), the configuration ({@code config.json}) and the provenance ({@code
 * provenance.json}: corpus, license, steps, metrics, seed, versions). Written atomically; training
 * resumes from it.
 */
public final class MelodyBundle {
  static final String FORMAT = "musicgan-melody-bundle-1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Where a model came from and how good it is.
   *
   * @param format bundle format tag
   * @param corpus training data description
   * @param license license of the training data
   * @param trainMelodies melodies trained on
   * @param evalMelodies melodies held out
   * @param steps training steps (batches) done
   * @param epochs epochs done
   * @param evalLoss mean cross-entropy per event on the held-out melodies
   * @param evalAccuracy next-event accuracy on the held-out melodies
   * @param evalPerplexity {@code exp(evalLoss)}
   * @param seed training seed
   * @param musicganVersion library version that wrote it
   * @param java Java version, OS and architecture
   * @param created ISO-8601 time of writing
   */
  public record Provenance(
      String format,
      String corpus,
      String license,
      int trainMelodies,
      int evalMelodies,
      long steps,
      int epochs,
      double evalLoss,
      double evalAccuracy,
      double evalPerplexity,
      long seed,
      String musicganVersion,
      String java,
      String created) {}

  /** A loaded bundle. */
  public record Loaded(MelodyRnnModel model, Provenance provenance) {}

  private MelodyBundle() {}

  /** Writes a model and its provenance to {@code file}, atomically. */
  public static void save(MelodyRnnModel model, Provenance provenance, Path file)
      throws IOException {
    ByteArrayOutputStream net = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.network(), net, true);
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          put(zip, "config.json", JSON.writeValueAsBytes(model.config()));
          put(zip, "provenance.json", JSON.writeValueAsBytes(provenance));
          put(zip, "network.bin", net.toByteArray());
          zip.finish();
        });
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Loads a bundle from a file. */
  public static Loaded load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    }
  }

  /**
   * Loads a bundle from a stream.
   *
   * @param source a name for error messages
   * @throws IOException naming the source and the missing or bad part
   */
  public static Loaded load(InputStream in, String source) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(source + ": not a melody bundle (" + e.getMessage() + ")", e);
    }
    for (String part : new String[] {"config.json", "provenance.json", "network.bin"}) {
      if (!entries.containsKey(part)) {
        throw new IOException(source + ": not a melody bundle (no " + part + ")");
      }
    }
    try {
      MelodyRnnConfig config = JSON.readValue(entries.get("config.json"), MelodyRnnConfig.class);
      Provenance provenance = JSON.readValue(entries.get("provenance.json"), Provenance.class);
      if (!FORMAT.equals(provenance.format())) {
        throw new IOException(source + ": unknown bundle format " + provenance.format());
      }
      MultiLayerNetwork net =
          ModelSerializer.restoreMultiLayerNetwork(
              new ByteArrayInputStream(entries.get("network.bin")), true);
      return new Loaded(new MelodyRnnModel(config, net), provenance);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException(source + ": corrupt melody bundle (" + e.getMessage() + ")", e);
    }
  }
}
