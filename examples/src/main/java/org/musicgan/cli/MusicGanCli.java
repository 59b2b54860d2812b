package org.musicgan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.StftConfig;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.plot.SpectrogramPlot;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.examples.EvaluateMelodyRnn;
import org.musicgan.examples.EvaluateNoteGan;
import org.musicgan.examples.GanInstrument;
import org.musicgan.examples.GenerateMelody;
import org.musicgan.examples.InspectDataset;
import org.musicgan.examples.RenderTune;
import org.musicgan.examples.TrainMelodyRnn;
import org.musicgan.examples.TrainNoteGan;
import org.musicgan.gan.StackGanTrainer;
import org.musicgan.melody.rnn.MelodyBundle;
import org.musicgan.melody.rnn.MelodyGenerator;
import org.musicgan.melody.rnn.MelodyRnnModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code musicgan}: the command line. {@link #run(String...)} returns the exit code. */
@Command(
    name = "musicgan",
    mixinStandardHelpOptions = true,
    version = "musicgan 0.1.0-SNAPSHOT",
    description = "Music generation with neural networks on the JVM.",
    subcommands = {
      MusicGanCli.Generate.class,
      MusicGanCli.TrainMelody.class,
      MusicGanCli.Evaluate.class,
      MusicGanCli.TrainGan.class,
      MusicGanCli.EvaluateGan.class,
      MusicGanCli.Render.class,
      MusicGanCli.Spectrogram.class,
      MusicGanCli.Dataset.class,
      MusicGanCli.Web.class
    })
public final class MusicGanCli implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 on success). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new MusicGanCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": " + oneLine(e));
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    cli.setParameterExceptionHandler(
        (e, argv) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr()
              .println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e) + " (see --help)");
          return 2;
        });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** {@code musicgan generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Generate a melody with the shipped (or a given) model: WAV, MIDI and PNG.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--out", description = "WAV file to write (default: <name>.wav or song.wav)")
    Path out;

    @Option(
        names = "--name",
        description = "song name; names the output file when --out is not given")
    String name;

    @Option(
        names = "--genre",
        description = "genre of the shipped melody models: folk (default) or game")
    String genre = "folk";

    @Option(
        names = "--gan",
        description =
            "generate a clip with this GAN bundle (model.gan.zip, or 'default' for the shipped"
                + " single-note model) instead of a melody")
    Path gan;

    @Option(
        names = "--set",
        description = "a GAN condition choice, e.g. --set pitch=60 --set instrument=73")
    Map<String, String> choices = new java.util.LinkedHashMap<>();

    @Option(names = "--seconds", description = "length in seconds (default: 16)")
    double seconds = 16;

    @Option(
        names = "--tempo",
        description = "slow, medium, fast or a BPM number (default: medium = 120)")
    String tempo = "medium";

    @Option(names = "--temperature", description = "sampling temperature (default: 1.0)")
    double temperature = 1.0;

    @Option(names = "--seed", description = "random seed (default: 0)")
    long seed = 0;

    @Option(names = "--primer", description = "melody events like 60,-2,62,-2 (default: Twinkle)")
    String primer;

    @Option(
        names = "--program",
        description =
            "General MIDI program (default: the genre's: 73 flute for folk, 80 lead for game)")
    Integer program;

    @Option(names = "--beam", description = "beam size (default: 1, plain sampling)")
    int beam = 1;

    @Option(
        names = "--sound",
        description =
            "what plays the melody: soundfont (default, the synthesiser on --program) or the"
                + " shipped GAN's notes: gan-piano, gan-guitar, gan-violin, gan-flute (moved by"
                + " whole octaves into its C3-C4 range)")
    String sound = "soundfont";

    @Option(
        names = "--model",
        description =
            "melody bundle, or a shipped model: lookback_rnn (folk, the default), attention_rnn"
                + " (folk), lookback_rnn-freedoom (game)")
    Path model;

    @Override
    public Integer call() throws IOException {
      if (out == null) {
        out =
            Path.of(
                org.musicgan.web.SongMaker.sanitizeName(name)
                        .map(org.musicgan.web.SongMaker::fileStem)
                        .orElse("song")
                    + ".wav");
      }
      if (gan != null) {
        return generateGan();
      }
      org.musicgan.web.SongMaker.Genre chosen =
          pick(
              org.musicgan.web.SongMaker.shipped(),
              org.musicgan.web.SongMaker.Genre::id,
              genre,
              "genre",
              "the shipped melody models");
      MelodyGenerator.Request request =
          MelodyGenerator.Request.defaults()
              .withQpm(bpm(tempo))
              .withSeconds(seconds)
              .withTemperature(temperature)
              .withSeed(seed)
              .withProgram(program != null ? program : chosen.program())
              .withBeam(
                  beam <= 1 ? MelodyGenerator.Beam.NONE : new MelodyGenerator.Beam(beam, 2, 4));
      if (primer != null) {
        request = request.withPrimer(GenerateMelody.primer(primer));
      }
      // an explicit --model wins; otherwise the genre's own shipped model
      MelodyGenerator generator =
          model != null ? GenerateMelody.generator(model) : chosen.loader().load();
      // the GAN sounds are listed (and the GAN read) only when one is asked for
      org.musicgan.web.SongMaker.Sound voice =
          sound.equals(org.musicgan.web.SongMaker.soundFont().id())
              ? org.musicgan.web.SongMaker.soundFont()
              : pick(
                  org.musicgan.web.SongMaker.shippedSounds(),
                  org.musicgan.web.SongMaker.Sound::id,
                  sound,
                  "sound",
                  "choose one of");
      GenerateMelody.Result r;
      String played = "";
      if (voice.gan() == null) {
        r = GenerateMelody.write(request, out, generator);
      } else {
        GanInstrument instrument = new GanInstrument(voice.gan().load());
        int[] moved = new int[1];
        r =
            GenerateMelody.write(
                request,
                out,
                generator,
                melody -> {
                  GanInstrument.Performance p =
                      instrument.playInRange(melody.sequence().notes(), voice.program(), seed);
                  moved[0] = p.transpose();
                  return p.clip();
                });
        played = String.format(", played by the %s moved %+d semitones", voice.label(), moved[0]);
      }
      System.out.printf(
          "wrote %s (%.1f s%s), %s, %s%n",
          r.wav(), r.clip().durationSeconds(), played, r.midi(), r.png());
      return 0;
    }

    private int generateGan() throws IOException {
      if (!out.getFileName().toString().endsWith(".wav")) {
        throw new IllegalArgumentException("--out must name a .wav file, found " + out);
      }
      org.musicgan.gan.StackGanGenerator g =
          gan.toString().equals("default")
              ? org.musicgan.gan.StackGanGenerator.loadDefault()
              : org.musicgan.gan.StackGanGenerator.load(gan);
      AudioClip clip = RenderTune.limited(g.generate(choices, seed));
      AudioFiles.writeWav(clip, out, WavEncoding.PCM_16);
      String stem = out.getFileName().toString().replaceAll("\\.wav$", "");
      Path png = out.resolveSibling(stem + ".png");
      SpectrogramPlot.writePng(clip, StftConfig.halfOverlap(256), SpectrogramPlot.Scale.DB, png);
      System.out.printf(
          "wrote %s (%.1f s, %s, condition %s), %s%n",
          out, clip.durationSeconds(), g.manifest().preset(), choices, png);
      return 0;
    }
  }

  /**
   * The item whose id is {@code wanted}.
   *
   * @throws IllegalArgumentException naming {@code what} and the ids there are
   */
  static <T> T pick(
      List<T> items,
      java.util.function.Function<T, String> id,
      String wanted,
      String what,
      String listed) {
    return items.stream()
        .filter(x -> id.apply(x).equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown "
                        + what
                        + " '"
                        + wanted
                        + "' ("
                        + listed
                        + ": "
                        + String.join(", ", items.stream().map(id).toList())
                        + ")"));
  }

  /** Maps the seed's tempo words to BPM; numbers pass through. */
  static double bpm(String tempo) {
    Integer word = org.musicgan.web.SongMaker.TEMPI.get(tempo.toLowerCase(java.util.Locale.ROOT));
    if (word != null) {
      return word;
    }
    try {
      return Double.parseDouble(tempo);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--tempo must be slow, medium, fast or a number, found '" + tempo + "'");
    }
  }

  /** {@code musicgan train-melody}. */
  @Command(
      name = "train-melody",
      mixinStandardHelpOptions = true,
      description = "Train a melody RNN on a folder of MIDI files (checkpoint after each epoch).")
  static final class TrainMelody implements Callable<Integer> {
    @Parameters(index = "0", description = "folder of MIDI files")
    Path midi;

    @Option(names = "--config", description = "basic_rnn, mono_rnn, lookback_rnn or attention_rnn")
    String config = "lookback_rnn";

    @Option(names = "--epochs")
    int epochs = 10;

    @Option(names = "--batch", description = "batch size (default: the config's)")
    int batch = 0;

    @Option(names = "--out", description = "bundle file (default: melody.zip)")
    Path out = Path.of("melody.zip");

    @Option(names = "--resume", description = "continue from --out if it exists")
    boolean resume;

    @Override
    public Integer call() throws IOException {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--midi",
                  midi.toString(),
                  "--config",
                  config,
                  "--epochs",
                  Integer.toString(epochs),
                  "--out",
                  out.toString()));
      if (batch > 0) {
        args.addAll(List.of("--batch", Integer.toString(batch)));
      }
      if (resume) {
        args.add("--resume");
      }
      ProgressBar bar = new ProgressBar(System.err, "steps");
      MelodyBundle.Provenance p =
          TrainMelodyRnn.runExample(
              args.toArray(String[]::new),
              (done, total, loss) ->
                  bar.update(done, total, String.format(java.util.Locale.ROOT, "loss %.3f", loss)));
      System.out.printf(
          "%s: %d steps, eval perplexity %.3f, accuracy %.3f%n",
          out, p.steps(), p.evalPerplexity(), p.evalAccuracy());
      return 0;
    }
  }

  /** {@code musicgan web}. */
  @Command(
      name = "web",
      mixinStandardHelpOptions = true,
      description = {
        "Start the web demo on http://127.0.0.1:<port>/ : pick a genre, tempo, sound (the",
        "SoundFont or the shipped GAN's notes) and name, generate, listen, see the spectrogram,",
        "download WAV or MIDI. Ctrl-C stops it."
      })
  static final class Web implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port on 127.0.0.1 (default: 8080)")
    int port = 8080;

    @Option(names = "--seconds", description = "length of each song (default: 12)")
    double seconds = 12;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be in 0..65535, found " + port);
      }
      try (org.musicgan.web.WebDemo demo = org.musicgan.web.WebDemo.start(port, seconds)) {
        System.out.println("MusicGAN web demo: open " + demo.url() + " (Ctrl-C stops it)");
        Thread.currentThread().join();
      }
      return 0;
    }
  }

  /** {@code musicgan train-gan}. */
  @Command(
      name = "train-gan",
      mixinStandardHelpOptions = true,
      description = {
        "Train a conditional Stage I StackGAN on a single-note set rendered with a SoundFont",
        "(condition: pitch + instrument); checkpoints, samples and a loss plot go to --out.",
        "With --data, trains on MusicNet or FMA windows prepared by PrepareDataset."
      })
  static final class TrainGan implements Callable<Integer> {
    @Option(names = "--out", description = "run folder (default: runs/notes)")
    Path out = Path.of("runs/notes");

    @Option(
        names = "--preset",
        description = "representation preset (default: log-magnitude-if/stage-i)")
    String preset = "log-magnitude-if/stage-i";

    @Option(names = "--steps", description = "train until this step (default: 4000)")
    long steps = 4000;

    @Option(names = "--pitches", description = "MIDI pitches, comma-separated")
    String pitches = "48,50,52,53,55,57,59,60";

    @Option(names = "--programs", description = "General MIDI programs, comma-separated")
    String programs = "0,73";

    @Option(names = "--velocities", description = "velocities, comma-separated")
    String velocities = "80,100,120";

    @Option(names = "--batch")
    int batch = 16;

    @Option(names = "--widths", description = "small or paper")
    String widths = "small";

    @Option(names = "--label-smoothing", description = "D's target for real pairs (default: 0.9)")
    double realLabel = 0.9;

    @Option(names = "--instance-noise", description = "instance noise std at step 0 (default: 0.1)")
    double noise = 0.1;

    @Option(
        names = "--no-direct-condition",
        description = "condition G through conditioning augmentation only (plain StackGAN)")
    boolean noDirect;

    @Option(
        names = "--aux-weight",
        description = "weight of D's auxiliary condition classifier loss; 0 = plain StackGAN")
    double auxWeight = 5;

    @Option(
        names = "--augment-shift",
        description = "D sees clips shifted in time by up to this many columns; 0 = off")
    int augmentShift = 8;

    @Option(
        names = "--d-lr-scale",
        description = "D's learning rate relative to G's (default: 0.25)")
    double dScale = 0.25;

    @Option(names = "--seed")
    long seed = 1;

    @Option(
        names = "--reuse-fake",
        description =
            "one generator forward per step: the G step reuses the D step's fake batch (faster;"
                + " default: fresh noise, as TF StackGAN)")
    boolean reuseFake;

    @Option(names = "--resume", description = "continue from <out>/model.gan.zip if it exists")
    boolean resume;

    @Option(
        names = "--data",
        description = "train on a folder made by PrepareDataset (MusicNet/FMA windows) instead")
    Path data;

    @Option(names = "--every", description = "checkpoint and samples every N steps (default: 500)")
    int every = 500;

    @Option(
        names = "--keep-best",
        description =
            "evaluate every checkpoint with N clips per condition and keep the best in"
                + " <out>/best.gan.zip, the scores in <out>/evaluation.csv (default: 0, off)")
    int keepBest;

    @Override
    public Integer call() throws IOException {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--out", out.toString(),
                  "--preset", preset,
                  "--steps", Long.toString(steps),
                  "--pitches", pitches,
                  "--programs", programs,
                  "--velocities", velocities,
                  "--batch", Integer.toString(batch),
                  "--widths", widths,
                  "--label-smoothing", Double.toString(realLabel),
                  "--instance-noise", Double.toString(noise),
                  "--aux-weight", Double.toString(auxWeight),
                  "--augment-shift", Integer.toString(augmentShift),
                  "--d-lr-scale", Double.toString(dScale),
                  "--seed", Long.toString(seed),
                  "--every", Integer.toString(every),
                  "--keep-best", Integer.toString(keepBest)));
      if (resume) {
        args.add("--resume");
      }
      if (noDirect) {
        args.add("--no-direct-condition");
      }
      if (reuseFake) {
        args.add("--reuse-fake");
      }
      if (data != null) {
        args.addAll(List.of("--data", data.toString()));
      }
      ProgressBar bar = new ProgressBar(System.err, "steps");
      StackGanTrainer.FitResult r =
          TrainNoteGan.runExample(
              args.toArray(String[]::new),
              List.of(
                  new StackGanTrainer.Listener() {
                    @Override
                    public void onStep(StackGanTrainer t, org.musicgan.gan.StepStats s) {
                      bar.update(
                          s.step() + 1,
                          steps,
                          String.format(
                              java.util.Locale.ROOT, "D %.3f  G %.3f", s.dLoss(), s.gLoss()));
                    }
                  }));
      System.out.printf(
          "%s: %d steps%s%n",
          out.resolve("model.gan.zip"),
          r.steps(),
          r.collapsed() ? "; collapse reported: " + r.reason() : "");
      return 0;
    }
  }

  /** {@code musicgan evaluate-gan}. */
  @Command(
      name = "evaluate-gan",
      mixinStandardHelpOptions = true,
      description =
          "Pitch accuracy and Fréchet distance of a note GAN bundle (pass its note-set options).")
  static final class EvaluateGan implements Callable<Integer> {
    @Parameters(index = "0", description = "GAN bundle (model.gan.zip)")
    Path bundle;

    @Option(names = "--per", description = "clips generated per condition (default: 8)")
    int per = 8;

    @Option(names = "--pitches")
    String pitches = "48,50,52,53,55,57,59,60";

    @Option(names = "--programs")
    String programs = "0,73";

    @Option(names = "--velocities")
    String velocities = "80,100,120";

    @Option(names = "--baseline", description = "also evaluate an untrained generator")
    boolean baseline;

    @Option(
        names = "--rephase",
        description =
            "magnitude+phase bundles: re-estimate each clip's phase from its magnitudes by this"
                + " many Griffin-Lim iterations before measuring (default: 0, off)")
    int rephase;

    @Override
    public Integer call() throws IOException {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--bundle", bundle.toString(),
                  "--per", Integer.toString(per),
                  "--pitches", pitches,
                  "--programs", programs,
                  "--velocities", velocities));
      if (baseline) {
        args.add("--baseline");
      }
      if (rephase > 0) {
        args.addAll(List.of("--rephase", Integer.toString(rephase)));
      }
      EvaluateNoteGan.runExample(args.toArray(String[]::new)).forEach(System.out::println);
      return 0;
    }
  }

  /** {@code musicgan evaluate}. */
  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = "Held-out log-likelihood, perplexity and accuracy of a melody bundle.")
  static final class Evaluate implements Callable<Integer> {
    @Parameters(index = "0", description = "melody bundle")
    Path bundle;

    @Option(names = "--midi", required = true, description = "the MIDI folder it was trained on")
    Path midi;

    @Override
    public Integer call() throws IOException {
      MelodyRnnModel.Metrics m =
          EvaluateMelodyRnn.runExample(
              new String[] {"--model", bundle.toString(), "--midi", midi.toString()});
      System.out.printf(
          "%d events: log-likelihood %.4f, perplexity %.3f, accuracy %.4f%n",
          m.steps(), -m.loss(), m.perplexity(), m.accuracy());
      return 0;
    }
  }

  /** {@code musicgan render}. */
  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = "Render a MIDI file to WAV with a SoundFont.")
  static final class Render implements Callable<Integer> {
    @Parameters(index = "0", description = "MIDI file")
    Path midi;

    @Option(names = "--soundfont", description = "SF2 bank (default: Debian's GM bank if present)")
    Path soundFont;

    @Option(names = "--out", description = "WAV file (default: the MIDI name with .wav)")
    Path out;

    @Override
    public Integer call() throws IOException {
      MidiRenderer renderer =
          soundFont != null
              ? MidiRenderer.withSoundFont(soundFont)
              : MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS);
      AudioClip clip = renderer.render(midi);
      Path target =
          out != null
              ? out
              : midi.resolveSibling(
                  midi.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".wav");
      AudioFiles.writeWav(clip, target, WavEncoding.PCM_16);
      System.out.printf(
          "wrote %s (%.1f s, %s)%n", target, clip.durationSeconds(), renderer.bankName());
      return 0;
    }
  }

  /** {@code musicgan spectrogram}. */
  @Command(
      name = "spectrogram",
      mixinStandardHelpOptions = true,
      description = "Draw the spectrogram of a WAV or MP3 file as PNG.")
  static final class Spectrogram implements Callable<Integer> {
    @Parameters(index = "0", description = "audio file (WAV or MP3)")
    Path audio;

    @Option(names = "--out", required = true, description = "PNG file")
    Path out;

    @Option(names = "--log", description = "decibel scale")
    boolean log;

    @Option(names = "--n-fft", description = "FFT size (default: 2048)")
    int nFft = 2048;

    @Override
    public Integer call() throws IOException {
      AudioClip clip = AudioFiles.readMono(audio);
      SpectrogramPlot.writePng(
          clip,
          StftConfig.halfOverlap(nFft),
          log ? SpectrogramPlot.Scale.DB : SpectrogramPlot.Scale.LINEAR,
          out);
      System.out.println("wrote " + out);
      return 0;
    }
  }

  /** {@code musicgan dataset}. */
  @Command(
      name = "dataset",
      mixinStandardHelpOptions = true,
      description = "Dataset tools.",
      subcommands = {Dataset.Inspect.class})
  static final class Dataset implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }

    /** {@code musicgan dataset inspect}. */
    @Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Detect a dataset's kind and print its counts, schema and problems.")
    static final class Inspect implements Callable<Integer> {
      @Parameters(index = "0", description = "dataset folder")
      Path root;

      @Override
      public Integer call() throws IOException {
        InspectDataset.runExample(root, System.out);
        return 0;
      }
    }
  }
}
