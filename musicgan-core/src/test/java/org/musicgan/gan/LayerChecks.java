package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the fast layers' tests: one-layer graphs whose output vertex is "conv". */
final class LayerChecks {
  private LayerChecks() {}

  /** The fast graph's output, the output error used, and its parameter gradient. */
  record Result(INDArray y, INDArray eps, INDArray grad) {}

  /**
   * Gives both graphs the same random parameters and compares their outputs for {@code x}, their
   * input gradients and parameter gradients for a random output error, to {@code tol}.
   */
  static Result sameAsReference(GanGraph fast, GanGraph ref, INDArray x, double tol) {
    INDArray p = Nd4j.rand(x.dataType(), fast.params().shape()).subi(0.5);
    fast.params().assign(p);
    ref.params().assign(p);
    INDArray yFast = fast.forwardForBackprop(x).get("conv");
    INDArray yRef = ref.forwardForBackprop(x).get("conv");
    assertEquals(0, yFast.sub(yRef).amaxNumber().doubleValue(), tol);
    INDArray eps = Nd4j.rand(x.dataType(), yFast.shape()).subi(0.5);
    INDArray dxFast = fast.backpropToInputs(eps)[0];
    INDArray gFast = fast.lastGradient().gradient().dup();
    INDArray dxRef = ref.backpropToInputs(eps)[0];
    INDArray gRef = ref.lastGradient().gradient().dup();
    assertEquals(0, dxFast.sub(dxRef).amaxNumber().doubleValue(), tol);
    assertEquals(0, gFast.sub(gRef).amaxNumber().doubleValue(), tol);
    return new Result(yFast, eps, gFast);
  }

  /**
   * Compares every {@code stride}-th parameter gradient of {@code sum(eps * y)} with central
   * differences (double precision).
   */
  static void centralDifferences(GanGraph g, INDArray x, Result r, long stride) {
    double hStep = 1e-6;
    INDArray params = g.params();
    for (long i = 0; i < params.length(); i += stride) {
      double v = params.getDouble(i);
      params.putScalar(i, v + hStep);
      double plus = g.forwardForBackprop(x).get("conv").mul(r.eps()).sumNumber().doubleValue();
      params.putScalar(i, v - hStep);
      double minus = g.forwardForBackprop(x).get("conv").mul(r.eps()).sumNumber().doubleValue();
      params.putScalar(i, v);
      double numeric = (plus - minus) / (2 * hStep);
      assertTrue(
          Math.abs(numeric - r.grad().getDouble(i)) < 1e-6 * (1 + Math.abs(numeric)),
          "param " + i + ": " + r.grad().getDouble(i) + " vs " + numeric);
    }
  }

  /**
   * The layer keeps its training forward pass's im2col for backprop: checks that backprop still
   * differentiates at the input the layer holds when that is not the input of its last training
   * forward pass ({@code x1}), against a plain forward and backward pass at {@code x2}.
   */
  static void backpropFollowsTheHeldInput(GanGraph g, INDArray x1, INDArray x2) {
    g.initGradientsView();
    var layer = (FastConvolutionLayer) g.getLayer("conv");
    var ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
    INDArray y = layer.activate(x2, true, ws);
    INDArray eps = Nd4j.rand(x2.dataType(), y.shape()).subi(0.5);
    var expected = layer.backpropGradient(eps, ws);
    INDArray dx = expected.getSecond().dup();
    INDArray grad = expected.getFirst().gradient().dup();
    // a training pass at x1 (kept), then x2 set without a forward pass, then x1 again
    layer.activate(x1, true, ws);
    layer.setInput(x2, ws);
    var second = layer.backpropGradient(eps, ws);
    assertEquals(0, second.getSecond().sub(dx).amaxNumber().doubleValue(), 0);
    assertEquals(0, second.getFirst().gradient().sub(grad).amaxNumber().doubleValue(), 0);
    layer.activate(x1, true, ws);
    var third = layer.backpropGradient(eps, ws);
    assertTrue(third.getFirst().gradient().sub(grad).amaxNumber().doubleValue() > 1e-6);
  }
}
