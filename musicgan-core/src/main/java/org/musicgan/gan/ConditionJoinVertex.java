package org.musicgan.gan;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The vertex of {@link ConditionJoin}. */
final class ConditionJoinVertex extends BaseGraphVertex {
  ConditionJoinVertex(ComputationGraph graph, String name, int idx, DataType dataType) {
    super(graph, name, idx, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer getLayer() {
    return null;
  }

  /** How many condition rows there are per code row. */
  private int repeats() {
    long b = inputs[0].size(0);
    long kb = inputs[1].size(0);
    if (inputs[0].rank() != 4 || inputs[1].rank() != 4 || kb % b != 0) {
      throw new IllegalStateException(
          getVertexName()
              + ": condition batch "
              + kb
              + " is not a multiple of the code batch "
              + b
              + " (ranks "
              + inputs[0].rank()
              + ", "
              + inputs[1].rank()
              + ")");
    }
    return (int) (kb / b);
  }

  private static INDArrayIndex[] at(long r0, long r1, long c0, long c1) {
    return new INDArrayIndex[] {
      NDArrayIndex.interval(r0, r1),
      NDArrayIndex.interval(c0, c1),
      NDArrayIndex.all(),
      NDArrayIndex.all()
    };
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("Cannot do forward pass: inputs not set");
    }
    int k = repeats();
    INDArray code = inputs[0];
    INDArray cond = inputs[1];
    long b = code.size(0);
    long c1 = code.size(1);
    long c2 = cond.size(1);
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            code.dataType(),
            new long[] {k * b, c1 + c2, code.size(2), code.size(3)},
            'c');
    for (int j = 0; j < k; j++) {
      out.get(at(j * b, (j + 1) * b, 0, c1)).assign(code);
    }
    out.get(at(0, k * b, c1, c1 + c2)).assign(cond);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("Cannot do backward pass: errors not set");
    }
    int k = repeats();
    long b = inputs[0].size(0);
    long c1 = inputs[0].size(1);
    long c2 = inputs[1].size(1);
    INDArray dCode = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(at(0, b, 0, c1)), 'c');
    for (int j = 1; j < k; j++) {
      dCode.addi(epsilon.get(at(j * b, (j + 1) * b, 0, c1)));
    }
    INDArray dCond =
        workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(at(0, k * b, c1, c1 + c2)), 'c');
    return new Pair<>(null, new INDArray[] {dCode, dCond});
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException(getVertexName() + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
    return new Pair<>(null, currentMaskState);
  }

  @Override
  public String toString() {
    return "ConditionJoinVertex(name=\"" + getVertexName() + "\")";
  }
}
