package org.musicgan.melody.rnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.musicgan.melody.events.InvalidMidiFileException;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MelodyExtractor;
import org.musicgan.melody.events.MidiIo;
import org.musicgan.melody.events.NoteSequence;
import org.musicgan.melody.events.QuantizationException;
import org.musicgan.melody.events.Quantizer;
import org.musicgan.melody.events.TimeChangeSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Magenta's {@code melody_rnn_pipeline} for a folder of MIDI files: split files into train and eval
 * (by a hash of the file name, so the split is stable), quantise at 4 steps per quarter, extract
 * melodies (min 7 bars, max 512 steps, 5 pitch classes, polyphonic tracks rejected), optionally
 * transpose, and squash each into the config's range and key. Every file or melody dropped is
 * counted.
 */
public final class MelodyRnnPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(MelodyRnnPipeline.class);

  /** Training and evaluation melodies, squashed, plus what was dropped. */
  public record Result(
      List<Melody> train, List<Melody> eval, MelodyExtractor.Stats stats, int files) {}

  private final MelodyRnnConfig config;
  private final double evalRatio;
  private final int[] transpositions;

  /**
   * Creates the pipeline.
   *
   * @param config the model configuration (pitch range and key)
   * @param evalRatio fraction of files held out, in [0, 1)
   * @param transpositions semitone shifts applied to training melodies (Magenta's default: {0})
   */
  public MelodyRnnPipeline(MelodyRnnConfig config, double evalRatio, int... transpositions) {
    if (!(evalRatio >= 0 && evalRatio < 1)) {
      throw new IllegalArgumentException("evalRatio must be in [0, 1), found " + evalRatio);
    }
    this.config = config;
    this.evalRatio = evalRatio;
    this.transpositions = transpositions.length == 0 ? new int[] {0} : transpositions.clone();
  }

  /** Runs the pipeline over every {@code .mid}/{@code .midi} file under {@code folder}. */
  public Result run(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException(folder + ": not a folder of MIDI files");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".mid") || n.endsWith(".midi");
                  })
              .sorted()
              .toList();
    }
    MelodyExtractor.Stats stats = new MelodyExtractor.Stats();
    List<Melody> train = new ArrayList<>();
    List<Melody> eval = new ArrayList<>();
    for (Path file : files) {
      boolean isEval = isEval(folder.relativize(file).toString());
      for (Melody m : melodiesOf(file, stats, isEval)) {
        (isEval ? eval : train).add(m);
      }
    }
    LOG.info(
        "{}: {} files, {} train / {} eval melodies, {}",
        folder,
        files.size(),
        train.size(),
        eval.size(),
        stats);
    return new Result(train, eval, stats, files.size());
  }

  private boolean isEval(String relativeName) {
    // a stable pseudo-random number in [0, 1) from the name (FNV-1a)
    long h = 0xcbf29ce484222325L;
    for (char c : relativeName.toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    return ((h >>> 11) * 0x1.0p-53) < evalRatio;
  }

  private List<Melody> melodiesOf(Path file, MelodyExtractor.Stats stats, boolean isEval)
      throws IOException {
    NoteSequence ns;
    try {
      ns = MidiIo.read(file);
    } catch (InvalidMidiFileException e) {
      LOG.warn("{}", e.getMessage());
      stats.increment("files_unreadable");
      return List.of();
    }
    // Magenta's TimeChangeSplitter, then the Quantizer, on each piece
    List<Melody> melodies = new ArrayList<>();
    for (NoteSequence piece : TimeChangeSplitter.split(ns)) {
      try {
        NoteSequence qs = Quantizer.quantizeNoteSequence(piece, config.stepsPerQuarter());
        melodies.addAll(
            MelodyExtractor.extractMelodies(qs, MelodyExtractor.Options.TRAINING, stats));
      } catch (QuantizationException e) {
        stats.increment("sequences_skipped_" + e.kind().name().toLowerCase(Locale.ROOT));
      }
    }
    List<Melody> out = new ArrayList<>();
    int[] shifts = isEval ? new int[] {0} : transpositions;
    for (Melody m : melodies) {
      for (int shift : shifts) {
        Melody t = m.copy();
        t.transpose(shift);
        t.squash(config.minNote(), config.maxNote(), config.transposeToKey());
        out.add(t);
      }
    }
    return out;
  }
}
