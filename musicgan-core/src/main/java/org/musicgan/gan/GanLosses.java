package org.musicgan.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The StackGAN losses on logits, with the gradients the external-error training loop feeds back.
 *
 * <p>All gradients are of the <em>summed</em> per-example loss (DL4J's updater divides by the batch
 * size), so {@code mean} loss values and {@code sum}-scale gradients go together.
 */
public final class GanLosses {
  private GanLosses() {}

  /**
   * Mean sigmoid cross-entropy of {@code logits} against the constant {@code label}, computed
   * stably on logits: {@code max(z, 0) - z y + log(1 + exp(-|z|))} (TF's
   * sigmoid_cross_entropy_with_logits). Unlike DL4J's LossBinaryXENT it never clips, so a saturated
   * discriminator still passes a full-size gradient.
   */
  public static double sigmoidCrossEntropy(INDArray logits, double label) {
    INDArray z = logits.reshape(logits.length()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    return stableXent(z, z.mul(label)).meanNumber().doubleValue();
  }

  /**
   * Gradient of {@code weight * sum_i xent(z_i, label)} with respect to the logits: {@code weight *
   * (sigmoid(z) - label)}, same shape as {@code logits}.
   */
  public static INDArray sigmoidCrossEntropyGradient(INDArray logits, double label, double weight) {
    return Transforms.sigmoid(logits, true).subi(label).muli(weight);
  }

  /**
   * StackGAN's KL term, {@code mean over batch and dimensions of -log sigma + (sigma^2 + mu^2 -
   * 1)/2} (TF {@code stageI/trainer.py}: a per-dimension mean, not a per-sample sum).
   */
  public static double kl(INDArray mu, INDArray logSigma) {
    INDArray m = mu.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray ls = logSigma.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray kl = ls.neg().addi(Transforms.exp(ls.mul(2), false).subi(1).addi(m.mul(m)).muli(0.5));
    return kl.meanNumber().doubleValue();
  }

  /**
   * Gradients of {@code weight * B * kl(mu, logSigma)} (sum scale over the batch) with respect to
   * mu and log sigma: {@code weight * mu / cDim} and {@code weight * (exp(2 log sigma) - 1) /
   * cDim}.
   */
  public static INDArray[] klGradients(INDArray mu, INDArray logSigma, double weight) {
    double perDim = weight / mu.size(1);
    INDArray dMu = mu.mul(perDim);
    INDArray dLogSigma = Transforms.exp(logSigma.mul(2), false).subi(1).muli(perDim);
    return new INDArray[] {dMu, dLogSigma};
  }

  /**
   * The auxiliary classifier's loss: sigmoid cross-entropy of {@code logits} [b, n] against {@code
   * targets} [b, n] (each in [0, 1]), averaged over batch and dimensions, computed stably on
   * logits.
   */
  public static double auxiliaryCrossEntropy(INDArray logits, INDArray targets) {
    checkSameShape(logits, targets);
    INDArray z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray y = targets.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    return stableXent(z, z.mul(y)).meanNumber().doubleValue();
  }

  /** Element-wise {@code max(z, 0) - z y + log(1 + exp(-|z|))}, given {@code zy = z * y}. */
  private static INDArray stableXent(INDArray z, INDArray zy) {
    return Transforms.relu(z, true)
        .subi(zy)
        .addi(Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false));
  }

  /**
   * Gradient of {@code weight * B * auxiliaryCrossEntropy(logits, targets)} (sum scale over the
   * batch) with respect to the logits: {@code weight * (sigmoid(z) - y) / n}.
   */
  public static INDArray auxiliaryCrossEntropyGradient(
      INDArray logits, INDArray targets, double weight) {
    checkSameShape(logits, targets);
    return Transforms.sigmoid(logits, true)
        .subi(targets.castTo(logits.dataType()))
        .muli(weight / logits.size(1));
  }

  private static void checkSameShape(INDArray logits, INDArray targets) {
    if (logits.rank() != 2 || !java.util.Arrays.equals(logits.shape(), targets.shape())) {
      throw new IllegalArgumentException(
          "auxiliary logits and targets must be the same [b, n] shape, found "
              + java.util.Arrays.toString(logits.shape())
              + " and "
              + java.util.Arrays.toString(targets.shape()));
    }
  }

  /** Mean of {@code sigmoid(logits)}: D's average belief that its inputs are real. */
  public static double meanProbability(INDArray logits) {
    return Transforms.sigmoid(logits, true).meanNumber().doubleValue();
  }

  /** Root mean square of an array (0 for an empty one). */
  static double rms(INDArray x) {
    return x.length() == 0 ? 0 : x.norm2Number().doubleValue() / Math.sqrt(x.length());
  }
}
