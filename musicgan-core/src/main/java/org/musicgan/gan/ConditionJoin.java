package org.musicgan.gan;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The discriminator's join of its image code with the tiled condition: inputs {@code code} [b, C1,
 * H, W] and {@code condition} [k b, C2, H, W], output [k b, C1 + C2, H, W] with the code repeated
 * {@code k} times along the batch (block {@code j} of the output pairs the code with condition rows
 * {@code j b ... (j + 1) b - 1}). With {@code k = 1} it is DL4J's {@code MergeVertex}. In the
 * backward pass the code's gradient is the sum over the {@code k} blocks.
 *
 * <p>It lets {@link StackGanTrainer} score the real pairs and the mismatched ("wrong") pairs of the
 * same images in one pass: the image encoder, three quarters of the discriminator's work, runs once
 * on the images, and only the head sees both conditions (with {@link FastBatchNormalizationLayer}'s
 * statistics groups, so each kind of pair is normalised on its own, as in two separate passes).
 */
public class ConditionJoin extends GraphVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public ConditionJoin clone() {
    return new ConditionJoin();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConditionJoin;
  }

  @Override
  public int hashCode() {
    return ConditionJoin.class.hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int idx,
      INDArray paramsView,
      boolean initializeParams,
      DataType networkDatatype) {
    return new ConditionJoinVertex(graph, name, idx, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs)
      throws InvalidInputTypeException {
    if (vertexInputs.length != 2
        || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional a)
        || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional c)) {
      throw new InvalidInputTypeException("ConditionJoin needs two convolutional inputs");
    }
    if (a.getHeight() != c.getHeight() || a.getWidth() != c.getWidth()) {
      throw new InvalidInputTypeException(
          "ConditionJoin: code is "
              + a.getHeight()
              + "x"
              + a.getWidth()
              + ", condition "
              + c.getHeight()
              + "x"
              + c.getWidth());
    }
    return InputType.convolutional(a.getHeight(), a.getWidth(), a.getChannels() + c.getChannels());
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return new LayerMemoryReport.Builder(
            null, ConditionJoin.class, inputTypes[0], getOutputType(-1, inputTypes))
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }
}
