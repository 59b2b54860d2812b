package org.musicgan.melody.rnn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.musicgan.melody.encoding.EventSequenceEncoderDecoder;
import org.musicgan.melody.events.Melody;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The melody RNN network and its step pieces (Magenta's {@code events_rnn_graph} on DL4J): LSTM
 * layers with TF's forget-gate bias of 1, dropout on each layer's output (DL4J's {@code dropOut} on
 * the next layer's input), a softmax output over the encoder's classes, cross-entropy over the
 * unpadded steps, Adam, and each parameter's gradient clipped to an L2 norm of {@code clipNorm}
 * (tf_slim clips each variable; DL4J's per-parameter-type clip is the same split except that TF
 * keeps the input and recurrent kernels in one variable). The network's DL4J {@code LSTM} layers
 * run as {@code FastLstmLayer} (same configuration and parameters, a faster training path).
 */
public final class MelodyRnnModel {
  private final MelodyRnnConfig config;
  private final EventSequenceEncoderDecoder encoder;
  private final MultiLayerNetwork network;

  MelodyRnnModel(MelodyRnnConfig config, MultiLayerNetwork network) {
    this.config = config;
    this.encoder = config.createEncoder();
    this.network = network;
    FastLstmLayer.install(network); // same parameters and configuration, faster training
  }

  /** A freshly initialised model. */
  public static MelodyRnnModel create(MelodyRnnConfig config, long seed) {
    EventSequenceEncoderDecoder enc = config.createEncoder();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(new Adam(config.learningRate()))
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .gradientNormalization(GradientNormalization.ClipL2PerParamType)
            .gradientNormalizationThreshold(config.clipNorm())
            .list();
    List<Integer> sizes = config.rnnLayerSizes();
    int in = enc.inputSize();
    for (int i = 0; i < sizes.size(); i++) {
      if (i == 0 && config.attnLength() > 0) {
        // Magenta wraps the first layer only in the attention cell (no dropout on its input)
        list.layer(new AttentionLstm(in, sizes.get(0), config.attnLength()));
        in = sizes.get(0);
        continue;
      }
      LSTM.Builder lstm =
          new LSTM.Builder()
              .nIn(in)
              .nOut(sizes.get(i))
              .activation(Activation.TANH)
              .forgetGateBiasInit(1.0);
      if (i > 0 && config.dropoutKeepProb() < 1) {
        lstm.dropOut(config.dropoutKeepProb());
      }
      list.layer(lstm.build());
      in = sizes.get(i);
    }
    RnnOutputLayer.Builder out =
        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .nIn(in)
            .nOut(enc.numClasses());
    if (config.dropoutKeepProb() < 1) {
      out.dropOut(config.dropoutKeepProb());
    }
    MultiLayerConfiguration conf = list.layer(out.build()).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return new MelodyRnnModel(config, net);
  }

  /** The configuration. */
  public MelodyRnnConfig config() {
    return config;
  }

  /** The encoder. */
  public EventSequenceEncoderDecoder encoder() {
    return encoder;
  }

  /** The DL4J network (for saving and inspection). */
  public MultiLayerNetwork network() {
    return network;
  }

  /**
   * Encodes melodies into one padded batch: features {@code [n, inputSize, T]}, one-hot labels
   * {@code [n, classes, T]} and a mask {@code [n, T]} where {@code T} is the longest melody minus
   * one.
   */
  public DataSet batch(List<Melody> melodies) {
    int maxT = 1;
    for (Melody m : melodies) {
      maxT = Math.max(maxT, m.length() - 1);
    }
    int n = melodies.size();
    int inSize = encoder.inputSize();
    int classes = encoder.numClasses();
    float[] features = new float[n * inSize * maxT];
    float[] labels = new float[n * classes * maxT];
    float[] mask = new float[n * maxT];
    for (int b = 0; b < n; b++) {
      EventSequenceEncoderDecoder.Encoded e = encoder.encode(melodies.get(b));
      for (int t = 0; t < e.labels().length; t++) {
        float[] x = e.inputs().get(t);
        for (int i = 0; i < inSize; i++) {
          features[(b * inSize + i) * maxT + t] = x[i];
        }
        labels[(b * classes + e.labels()[t]) * maxT + t] = 1f;
        mask[b * maxT + t] = 1f;
      }
    }
    INDArray f = Nd4j.create(features, new long[] {n, inSize, maxT}, 'c');
    INDArray l = Nd4j.create(labels, new long[] {n, classes, maxT}, 'c');
    INDArray m = Nd4j.create(mask, new long[] {n, maxT}, 'c');
    return new DataSet(f, l, m, m);
  }

  /** One training step on a batch; returns the mean cross-entropy per unmasked step. */
  public double fit(DataSet batch) {
    network.fit(batch);
    // DL4J's score sums the loss over time steps and averages over the batch
    double steps = batch.getLabelsMaskArray().sumNumber().doubleValue();
    return network.score() * batch.getFeatures().size(0) / Math.max(1, steps);
  }

  /** Loss, accuracy and perplexity over melodies, without dropout. */
  public record Metrics(double loss, double accuracy, double perplexity, long steps) {}

  /** Evaluates per-event log-likelihood and accuracy (teacher forcing) on melodies. */
  public Metrics evaluate(List<Melody> melodies, int batchSize) {
    double nll = 0;
    long correct = 0;
    long steps = 0;
    for (int from = 0; from < melodies.size(); from += batchSize) {
      DataSet ds = batch(melodies.subList(from, Math.min(melodies.size(), from + batchSize)));
      INDArray probs =
          network.output(
              ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
      INDArray labels = ds.getLabels();
      INDArray mask = ds.getLabelsMaskArray();
      long n = labels.size(0);
      long t = labels.size(2);
      INDArray labelIdx = labels.argMax(1); // [n, T]
      INDArray predIdx = probs.argMax(1);
      INDArray pTrue = probs.mul(labels).sum(1); // [n, T]
      for (int b = 0; b < n; b++) {
        for (int s = 0; s < t; s++) {
          if (mask.getFloat(b, s) == 0) {
            continue;
          }
          nll -= Math.log(Math.max(pTrue.getDouble(b, s), 1e-12));
          correct += labelIdx.getLong(b, s) == predIdx.getLong(b, s) ? 1 : 0;
          steps++;
        }
      }
    }
    double loss = steps == 0 ? Double.NaN : nll / steps;
    return new Metrics(
        loss, steps == 0 ? Double.NaN : correct / (double) steps, Math.exp(loss), steps);
  }

  /**
   * Extends a primer to {@code numSteps} events by sampling (Magenta's {@code generate_melody} with
   * beam size 1): the primer is squashed into range, run through the network, then each new event
   * is sampled from {@code softmax(logits / temperature)} and fed back; finally the squash's
   * transposition is undone.
   *
   * @throws IllegalArgumentException if the primer is empty or not shorter than {@code numSteps}
   */
  public Melody generate(Melody primer, int numSteps, double temperature, RandomGenerator rng) {
    return generate(primer, numSteps, temperature, 1, 1, 1, rng);
  }

  /**
   * Extends a primer with Magenta's beam search (see {@link BeamSearch}); beam size, branch factor
   * and steps per iteration of 1 give plain sampling.
   */
  public Melody generate(
      Melody primer,
      int numSteps,
      double temperature,
      int beamSize,
      int branchFactor,
      int stepsPerIteration,
      RandomGenerator rng) {
    if (primer.length() == 0) {
      throw new IllegalArgumentException("primer melody must not be empty");
    }
    if (primer.length() >= numSteps) {
      throw new IllegalArgumentException(
          "primer has " + primer.length() + " steps, numSteps must be larger, found " + numSteps);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, found " + temperature);
    }
    if (beamSize < 1 || branchFactor < 1 || stepsPerIteration < 1) {
      throw new IllegalArgumentException(
          "beamSize, branchFactor and stepsPerIteration must be >= 1, found "
              + beamSize
              + ", "
              + branchFactor
              + ", "
              + stepsPerIteration);
    }
    Melody melody = primer.copy();
    int amount = melody.squash(config.minNote(), config.maxNote(), config.transposeToKey());
    Melody out =
        BeamSearch.run(
            network,
            encoder,
            melody,
            numSteps - melody.length(),
            temperature,
            beamSize,
            branchFactor,
            stepsPerIteration,
            rng);
    out.transpose(-amount);
    return out;
  }

  /** {@code softmax(log(p) / T)}: the softmax of the logits divided by the temperature. */
  static float[] tempered(float[] p, double temperature) {
    double[] w = new double[p.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      w[i] = Math.log(Math.max(p[i], 1e-30)) / temperature;
      max = Math.max(max, w[i]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      w[i] = Math.exp(w[i] - max);
      sum += w[i];
    }
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) (w[i] / sum);
    }
    return out;
  }
}
