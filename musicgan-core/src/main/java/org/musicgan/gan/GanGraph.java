package org.musicgan.gan;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ComputationGraph} that can back-propagate external errors <em>and</em> return the
 * gradient with respect to its inputs, which DL4J 1.0.0-M2.1 computes but clears before returning
 * (the generator step needs dL/d(image) from the discriminator).
 *
 * <p>Only for graphs built with {@link WorkspaceMode#NONE}: with workspaces the input gradients
 * live in a workspace that is closed when back-propagation returns.
 */
final class GanGraph extends ComputationGraph {
  private static final long serialVersionUID = 1L;

  GanGraph(ComputationGraphConfiguration conf) {
    super(conf);
    if (conf.getTrainingWorkspaceMode() != WorkspaceMode.NONE) {
      throw new IllegalArgumentException("GanGraph needs WorkspaceMode.NONE for training");
    }
  }

  /** Runs a training-mode forward pass that keeps every layer's input for a following backprop. */
  Map<String, INDArray> forwardForBackprop(INDArray... inputs) {
    return feedForward(inputs, true, false);
  }

  /**
   * Back-propagates {@code epsilons} (one per network output, gradients of the summed loss) after
   * {@link #forwardForBackprop}; fills the graph's gradient view and returns the gradient with
   * respect to each network input, in input order.
   */
  INDArray[] backpropToInputs(INDArray... epsilons) {
    if (epsilons.length != getNumOutputArrays()) {
      throw new IllegalArgumentException(
          "need " + getNumOutputArrays() + " output errors, got " + epsilons.length);
    }
    calcBackpropGradients(false, false, epsilons);
    java.util.List<String> names = getConfiguration().getNetworkInputs();
    INDArray[] out = new INDArray[names.size()];
    for (int i = 0; i < out.length; i++) {
      INDArray eps = getVertex(names.get(i)).getEpsilon();
      out[i] = eps == null ? null : eps.dup();
    }
    for (GraphVertex v : getVertices()) {
      v.clear();
    }
    return out;
  }

  /** The gradient computed by the last {@link #backpropToInputs}. */
  Gradient lastGradient() {
    return gradient();
  }

  /** A copy of {@code net} (configuration, parameters, updater state) as a {@code GanGraph}. */
  static GanGraph of(ComputationGraph net) {
    GanGraph g = new GanGraph(net.getConfiguration().clone());
    g.init(net.params().dup(), false);
    INDArray state = net.getUpdater(true).getStateViewArray();
    if (state != null) {
      g.getUpdater(true).setStateViewArray(state.dup());
    }
    return g;
  }
}
