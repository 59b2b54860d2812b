package org.musicgan.datasets.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J batches for the conditional GAN: features are normalised representation tensors {@code
 * [batch, channels, height, width]}, labels the condition vectors {@code [batch, conditionSize]}.
 * The order is shuffled with a seed at every {@link #reset()}; tensors come from a {@link
 * TensorCache}, so only the first epoch decodes audio. Fit the {@link Normalizer} on the training
 * split with {@link #fitNormalizer} and pass it to both iterators.
 */
public final class ConditionalAudioIterator implements DataSetIterator {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ConditionalAudioIterator.class);

  private final transient List<AudioExample> examples;
  private final transient AudioRepresentation representation;
  private final transient Normalizer normalizer;
  private final transient TensorCache cache;
  private final int batchSize;
  private final int conditionSize;
  private final Random rng;
  private final List<Integer> order = new ArrayList<>();
  private int cursor;
  private transient DataSetPreProcessor preProcessor;

  /**
   * Creates the iterator.
   *
   * @param examples the examples (all with conditions of one size)
   * @param representation how audio becomes a tensor
   * @param normalizer maps tensors to [-1, 1]
   * @param cache the tensor cache
   * @param batchSize examples per batch (the last batch may be smaller)
   * @param seed shuffling seed
   */
  public ConditionalAudioIterator(
      List<AudioExample> examples,
      AudioRepresentation representation,
      Normalizer normalizer,
      TensorCache cache,
      int batchSize,
      long seed) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
    }
    this.examples = List.copyOf(examples);
    this.representation = representation;
    this.normalizer = normalizer;
    this.cache = cache;
    this.batchSize = batchSize;
    this.conditionSize = examples.get(0).condition().length;
    for (AudioExample e : examples) {
      if (e.condition().length != conditionSize) {
        throw new IllegalArgumentException(
            e.key()
                + ": condition has "
                + e.condition().length
                + " entries, expected "
                + conditionSize);
      }
    }
    this.rng = new Random(seed);
    reset();
  }

  /** Fits a normaliser over the (training) examples' tensors, filling the cache on the way. */
  public static Normalizer fitNormalizer(
      List<AudioExample> train,
      AudioRepresentation representation,
      Normalizer.Mode mode,
      TensorCache cache)
      throws IOException {
    Normalizer.Fitter fitter = Normalizer.fitter(mode, representation.channels());
    int done = 0;
    for (AudioExample e : train) {
      fitter.add(cache.get(e));
      if (++done % 100 == 0 || done == train.size()) {
        LOG.info("normaliser: {}/{} examples encoded or read from the cache", done, train.size());
      }
    }
    return fitter.build();
  }

  @Override
  public DataSet next(int num) {
    int n = Math.min(num, order.size() - cursor);
    if (n <= 0) {
      throw new java.util.NoSuchElementException("no more batches; call reset()");
    }
    int c = representation.channels();
    int h = representation.height();
    int w = representation.width();
    float[] features = new float[n * c * h * w];
    float[] labels = new float[n * conditionSize];
    for (int b = 0; b < n; b++) {
      AudioExample e = examples.get(order.get(cursor + b));
      float[][][] t;
      try {
        t = normalizer.normalize(cache.get(e));
      } catch (IOException ex) {
        throw new UncheckedIOException(e.key() + ": " + ex.getMessage(), ex);
      }
      int p = b * c * h * w;
      for (float[][] ch : t) {
        for (float[] row : ch) {
          System.arraycopy(row, 0, features, p, w);
          p += w;
        }
      }
      System.arraycopy(e.condition(), 0, labels, b * conditionSize, conditionSize);
    }
    cursor += n;
    DataSet ds =
        new DataSet(
            Nd4j.create(features, new long[] {n, c, h, w}, 'c'),
            Nd4j.create(labels, new long[] {n, conditionSize}, 'c'));
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  @Override
  public boolean hasNext() {
    return cursor < order.size();
  }

  @Override
  public int inputColumns() {
    return representation.channels() * representation.height() * representation.width();
  }

  @Override
  public int totalOutcomes() {
    return conditionSize;
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return true;
  }

  @Override
  public void reset() {
    order.clear();
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, rng);
    cursor = 0;
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  @Override
  public List<String> getLabels() {
    return null;
  }
}
