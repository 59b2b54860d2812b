package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;
import org.musicgan.datasets.batch.AudioExample;
import org.musicgan.datasets.fma.Fma;
import org.musicgan.datasets.fma.FmaTrack;
import org.musicgan.datasets.fma.FmaWindows;
import org.musicgan.datasets.musicnet.MusicNet;
import org.musicgan.datasets.musicnet.MusicNetWindows;
import org.musicgan.gan.PreparedGanData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset preparation for the GAN, for the two audio datasets of the seed, read in the layouts
 * their publishers ship: cuts MusicNet recordings (the seed's recipe: the 4 most common
 * instruments, 4-second windows with at least 4 notes, condition = composer, composition, ensemble
 * and instrument activity) or FMA clips (4-second windows, condition = top genre and tempo) into
 * windows, encodes them once with a representation preset and writes a prepared folder that {@code
 * TrainNoteGan --data} and {@code musicgan train-gan --data} train on. An interrupted run continues
 * where it stopped (the tensors already written are reused). A few minutes per thousand windows.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.PrepareDataset \
 *     (--musicnet ROOT | --fma-metadata fma_metadata --fma-audio fma_small [--subset small])
 *     [--preset magnitude-phase-log/stage-i] [--limit 2000] --out prepared/
 * </pre>
 */
public final class PrepareDataset {
  private static final Logger LOG = LoggerFactory.getLogger(PrepareDataset.class);

  private PrepareDataset() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      PreparedGanData.Manifest m = runExample(args);
      System.out.printf(
          "prepared %d examples (%s, %d condition entries)%n",
          m.examples(), m.preset(), new FeatureSchema(m.schema()).size());
    } catch (IllegalArgumentException e) {
      System.err.println("prepare: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Runs the preparation as the options say. */
  public static PreparedGanData.Manifest runExample(String[] args) throws IOException {
    Path musicnet = null;
    Path fmaMeta = null;
    Path fmaAudio = null;
    FmaTrack.Subset subset = FmaTrack.Subset.SMALL;
    RepresentationPreset preset = RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I;
    int limit = 2000;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[++i];
      switch (args[i - 1]) {
        case "--musicnet" -> musicnet = Path.of(v);
        case "--fma-metadata" -> fmaMeta = Path.of(v);
        case "--fma-audio" -> fmaAudio = Path.of(v);
        case "--subset" -> subset = FmaTrack.Subset.valueOf(v.toUpperCase(java.util.Locale.ROOT));
        case "--preset" -> preset = RepresentationPreset.byName(v);
        case "--limit" -> limit = Integer.parseInt(v);
        case "--out" -> out = Path.of(v);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i - 1]
                    + " (options: --musicnet --fma-metadata --fma-audio --subset --preset"
                    + " --limit --out)");
      }
    }
    if (out == null || (musicnet == null) == (fmaMeta == null || fmaAudio == null)) {
      throw new IllegalArgumentException(
          "give --out and either --musicnet ROOT or --fma-metadata DIR --fma-audio DIR");
    }
    List<AudioExample> examples = new ArrayList<>();
    FeatureSchema schema;
    String source;
    if (musicnet != null) {
      MusicNet ds = MusicNet.open(musicnet);
      MusicNetWindows.Result r = MusicNetWindows.SEED.cut(ds);
      LOG.info(
          "MusicNet {}: {} windows, instruments {}, dropped {}",
          musicnet,
          r.windows().size(),
          r.keptInstruments(),
          r.counters());
      for (MusicNetWindows.Window w : r.windows()) {
        if (examples.size() >= limit) {
          break;
        }
        examples.add(AudioExample.of(ds, w));
      }
      schema = r.schema();
      source = "MusicNet windows (seed recipe) from " + musicnet.toAbsolutePath().normalize();
    } else {
      Fma fma = Fma.open(fmaMeta, fmaAudio);
      FmaWindows windows = new FmaWindows(4.0);
      schema = windows.schema(fma, subset);
      int skipped = 0;
      for (FmaTrack t : fma.genreTracks(subset)) {
        if (examples.size() >= limit) {
          break;
        }
        try {
          List<FmaWindows.Window> ws = windows.windows(fma, schema, t);
          for (int k = 0; k < ws.size() && examples.size() < limit; k++) {
            examples.add(AudioExample.of(ws.get(k), k));
          }
        } catch (IOException e) {
          // FMA ships a few empty or truncated MP3s: skip the track, say so
          skipped++;
          LOG.warn("skipping FMA track {}: {}", t.id(), e.getMessage());
        }
      }
      LOG.info("FMA {}: {} windows, {} tracks skipped", subset, examples.size(), skipped);
      source = "FMA " + subset + " 4-second windows from " + fmaAudio.toAbsolutePath().normalize();
    }
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no windows found to prepare");
    }
    int total = examples.size();
    return PreparedGanData.write(
        out,
        examples,
        preset,
        schema,
        source,
        n -> {
          if (n % 100 == 0 || n == total) {
            LOG.info("prepared {}/{}", n, total);
          }
        });
  }
}
