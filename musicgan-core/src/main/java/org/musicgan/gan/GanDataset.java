package org.musicgan.gan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalised training tensors and their condition vectors, held in memory, with deterministic
 * batches: the batch of step {@code s} depends only on {@code (seed, s)} (epochs are shuffled
 * permutations), so a resumed run sees the batches the original run would have seen.
 *
 * <p>Each batch also carries "wrong" conditions for StackGAN's mismatched pairs: for every example
 * the condition of a random example whose condition differs (TF StackGAN draws a real image of a
 * different class). A dataset with a single distinct condition has no wrong pairs.
 */
public final class GanDataset {
  private final float[] data;
  private final float[][] conditions;
  private final int[] conditionClass;
  private final int distinct;
  private final int channels;
  private final int height;
  private final int width;

  private GanDataset(List<float[][][]> tensors, List<float[]> conds) {
    if (tensors.isEmpty() || tensors.size() != conds.size()) {
      throw new IllegalArgumentException(
          "need as many conditions as tensors (> 0), found "
              + tensors.size()
              + " tensors and "
              + conds.size()
              + " conditions");
    }
    float[][][] first = tensors.get(0);
    channels = first.length;
    height = first[0].length;
    width = first[0][0].length;
    int per = channels * height * width;
    data = new float[tensors.size() * per];
    conditions = new float[conds.size()][];
    conditionClass = new int[conds.size()];
    Map<String, Integer> classes = new HashMap<>();
    int n = conds.get(0).length;
    for (int i = 0; i < tensors.size(); i++) {
      float[][][] t = tensors.get(i);
      if (t.length != channels || t[0].length != height || t[0][0].length != width) {
        throw new IllegalArgumentException(
            "tensor " + i + " is not " + channels + "x" + height + "x" + width);
      }
      int o = i * per;
      for (float[][] ch : t) {
        for (float[] row : ch) {
          System.arraycopy(row, 0, data, o, width);
          o += width;
        }
      }
      if (conds.get(i).length != n) {
        throw new IllegalArgumentException(
            "condition " + i + " has " + conds.get(i).length + " entries, expected " + n);
      }
      conditions[i] = conds.get(i).clone();
      conditionClass[i] =
          classes.computeIfAbsent(Arrays.toString(conditions[i]), k -> classes.size());
    }
    distinct = classes.size();
  }

  /** A dataset of normalised {@code C x H x W} tensors and their condition vectors. */
  public static GanDataset of(List<float[][][]> tensors, List<float[]> conditions) {
    return new GanDataset(tensors, conditions);
  }

  /** Number of examples. */
  public int size() {
    return conditions.length;
  }

  /** Length of the condition vectors. */
  public int conditionSize() {
    return conditions[0].length;
  }

  /** Tensor channels. */
  public int channels() {
    return channels;
  }

  /** Number of distinct condition vectors. */
  public int distinctConditions() {
    return distinct;
  }

  /** The condition vector of example {@code i} (a copy). */
  public float[] condition(int i) {
    return conditions[i].clone();
  }

  /** The distinct condition vectors, in first-seen order. */
  public List<float[]> distinctConditionList() {
    List<float[]> out = new ArrayList<>();
    boolean[] seen = new boolean[distinct];
    for (int i = 0; i < conditions.length; i++) {
      if (!seen[conditionClass[i]]) {
        seen[conditionClass[i]] = true;
        out.add(conditions[i].clone());
      }
    }
    return out;
  }

  /**
   * One batch.
   *
   * @param real [b, C, H, W]
   * @param condition [b, n]
   * @param wrongCondition [b, n], or null when the dataset has one distinct condition
   * @param indices the examples drawn
   */
  public record Batch(INDArray real, INDArray condition, INDArray wrongCondition, int[] indices) {}

  /** The batch of step {@code step} for a run seeded with {@code seed}. */
  public Batch batch(long step, int size, long seed) {
    int n = size();
    int[] idx = new int[size];
    long position = step * size;
    long epoch = -1;
    int[] perm = null;
    for (int k = 0; k < size; k++) {
      long p = position + k;
      if (p / n != epoch) {
        epoch = p / n;
        perm = permutation(n, new Random(StackGanTrainer.mix(seed ^ 0x5DEECE66DL, epoch)));
      }
      idx[k] = perm[(int) (p % n)];
    }
    int per = channels * height * width;
    float[] x = new float[size * per];
    float[] c = new float[size * conditionSize()];
    float[] w = distinct > 1 ? new float[size * conditionSize()] : null;
    Random wr = new Random(StackGanTrainer.mix(seed ^ 0xB5297A4DL, step));
    for (int k = 0; k < size; k++) {
      System.arraycopy(data, idx[k] * per, x, k * per, per);
      System.arraycopy(conditions[idx[k]], 0, c, k * conditionSize(), conditionSize());
      if (w != null) {
        int j;
        do {
          j = wr.nextInt(n);
        } while (conditionClass[j] == conditionClass[idx[k]]);
        System.arraycopy(conditions[j], 0, w, k * conditionSize(), conditionSize());
      }
    }
    var dt = Nd4j.defaultFloatingPointType();
    return new Batch(
        Nd4j.create(
                x,
                new long[] {size, channels, height, width},
                org.nd4j.linalg.api.buffer.DataType.FLOAT)
            .castTo(dt),
        Nd4j.create(
                c, new long[] {size, conditionSize()}, org.nd4j.linalg.api.buffer.DataType.FLOAT)
            .castTo(dt),
        w == null
            ? null
            : Nd4j.create(
                    w,
                    new long[] {size, conditionSize()},
                    org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .castTo(dt),
        idx);
  }

  private static int[] permutation(int n, Random r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
