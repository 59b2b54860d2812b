package org.musicgan.datasets.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.audio.testing.TestSignals;
import org.nd4j.linalg.dataset.DataSet;

class ConditionalAudioIteratorTest {
  @TempDir Path dir;

  /** Five tones at 44.1 kHz, condition = one-hot of the tone index; counts audio loads. */
  static List<AudioExample> tones(AtomicInteger loads) {
    List<AudioExample> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int k = i;
      float[] condition = new float[5];
      condition[i] = 1;
      out.add(
          new AudioExample() {
            @Override
            public String key() {
              return "tone/" + k;
            }

            @Override
            public float[] condition() {
              return condition.clone();
            }

            @Override
            public AudioClip load() {
              loads.incrementAndGet();
              return TestSignals.sineClip(100 + 50 * k, 44100, 44100 * 4, 0.5);
            }
          });
    }
    return out;
  }

  @Test
  void batchesAreNormalisedShuffledAndCachedAfterTheFirstEpoch() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    List<AudioExample> examples = tones(loads);
    AudioRepresentation rep = RepresentationPreset.MAGNITUDE_PHASE_STAGE_I.create();
    TensorCache cache = new TensorCache(dir, rep);
    Normalizer norm =
        ConditionalAudioIterator.fitNormalizer(examples, rep, Normalizer.Mode.MIN_MAX, cache);
    assertEquals(5, loads.get());
    ConditionalAudioIterator it = new ConditionalAudioIterator(examples, rep, norm, cache, 2, 7);
    List<Integer> firstEpoch = epoch(it);
    assertEquals(5, loads.get()); // every tensor came from the cache
    it.reset();
    List<Integer> secondEpoch = epoch(it);
    assertEquals(List.of(0, 1, 2, 3, 4), firstEpoch.stream().sorted().toList());
    assertNotEquals(firstEpoch, secondEpoch); // reshuffled (seed 7)
    assertEquals(10, cache.hits());
    // a new run with the same cache folder decodes nothing
    TensorCache again = new TensorCache(dir, rep);
    ConditionalAudioIterator fresh = new ConditionalAudioIterator(examples, rep, norm, again, 5, 7);
    fresh.next();
    assertEquals(5, loads.get());
    assertEquals(5, again.hits());
    // what the cache returns is exactly what encoding gives
    float[][][] cached = again.get(examples.get(3));
    float[][][] encoded = rep.encode(rep.fit(examples.get(3).load()));
    for (int c = 0; c < cached.length; c++) {
      for (int h = 0; h < cached[c].length; h++) {
        assertArrayEquals(encoded[c][h], cached[c][h]);
      }
    }
  }

  private static List<Integer> epoch(ConditionalAudioIterator it) {
    List<Integer> seen = new ArrayList<>();
    int batches = 0;
    while (it.hasNext()) {
      DataSet ds = it.next();
      batches++;
      long n = ds.getFeatures().size(0);
      assertArrayEquals(new long[] {n, 2, 64, 64}, ds.getFeatures().shape());
      assertArrayEquals(new long[] {n, 5}, ds.getLabels().shape());
      assertTrue(ds.getFeatures().maxNumber().doubleValue() <= 1.0001);
      assertTrue(ds.getFeatures().minNumber().doubleValue() >= -1.0001);
      for (int b = 0; b < n; b++) {
        seen.add(ds.getLabels().getRow(b).argMax().getInt(0));
      }
    }
    assertEquals(3, batches); // 2 + 2 + 1
    assertFalse(it.hasNext());
    return seen;
  }
}
