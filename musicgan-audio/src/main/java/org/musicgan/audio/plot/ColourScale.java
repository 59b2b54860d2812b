package org.musicgan.audio.plot;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/** A perceptually ordered dark-to-bright colour ramp (close to matplotlib's magma). */
final class ColourScale implements PaintScale {
  private static final int[][] STOPS = {
    {0, 0, 4}, {59, 15, 112}, {140, 41, 129}, {222, 73, 104}, {254, 159, 109}, {252, 253, 191}
  };
  private final double lower;
  private final double upper;

  ColourScale(double lower, double upper) {
    this.lower = lower;
    this.upper = upper > lower ? upper : lower + 1;
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    double v = Double.isFinite(value) ? value : lower;
    double x = Math.max(0, Math.min(1, (v - lower) / (upper - lower))) * (STOPS.length - 1);
    int i = Math.min(STOPS.length - 2, (int) x);
    double f = x - i;
    int[] a = STOPS[i];
    int[] b = STOPS[i + 1];
    return new Color(
        (int) Math.round(a[0] + f * (b[0] - a[0])),
        (int) Math.round(a[1] + f * (b[1] - a[1])),
        (int) Math.round(a[2] + f * (b[2] - a[2])));
  }
}
