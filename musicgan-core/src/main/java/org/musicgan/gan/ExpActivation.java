package org.musicgan.gan;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@code exp(x)}, for sigma = exp(log sigma) in conditioning augmentation. */
public class ExpActivation extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return Transforms.exp(in, false);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray dldz = Transforms.exp(in, true).muli(epsilon);
    return new Pair<>(dldz, null);
  }

  @Override
  public String toString() {
    return "exp";
  }
}
