package org.musicgan.gan;

import java.util.List;

/**
 * The Fréchet distance between two sets of feature vectors, each modelled as a Gaussian: {@code
 * |mu1 - mu2|^2 + tr(C1 + C2 - 2 (C1 C2)^(1/2))} (the FID formula, here on log-spectral features
 * rather than Inception activations). {@code tr (C1 C2)^(1/2)} is computed as {@code tr (S C2
 * S)^(1/2)} with {@code S = C1^(1/2)}, both symmetric, by Jacobi eigen-decomposition; covariances
 * are the unbiased sample covariances. Small sets bias the distance upwards: compare numbers made
 * with the same set sizes only.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /** The distance between the feature sets {@code a} and {@code b} (rows are samples). */
  public static double between(List<double[]> a, List<double[]> b) {
    if (a.size() < 2 || b.size() < 2) {
      throw new IllegalArgumentException("need at least 2 samples per set");
    }
    int d = a.get(0).length;
    double[] mu1 = mean(a, d);
    double[] mu2 = mean(b, d);
    double[][] c1 = covariance(a, mu1);
    double[][] c2 = covariance(b, mu2);
    double diff = 0;
    for (int i = 0; i < d; i++) {
      diff += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
    }
    double[][] s = sqrtPsd(c1);
    double[][] m = multiply(multiply(s, c2), s);
    symmetrize(m);
    double trSqrt = 0;
    for (double ev : eigen(m, null)) {
      trSqrt += Math.sqrt(Math.max(ev, 0));
    }
    double tr = 0;
    for (int i = 0; i < d; i++) {
      tr += c1[i][i] + c2[i][i];
    }
    return diff + tr - 2 * trSqrt;
  }

  static double[] mean(List<double[]> x, int d) {
    double[] mu = new double[d];
    for (double[] v : x) {
      if (v.length != d) {
        throw new IllegalArgumentException("feature vectors differ in length");
      }
      for (int i = 0; i < d; i++) {
        mu[i] += v[i] / x.size();
      }
    }
    return mu;
  }

  static double[][] covariance(List<double[]> x, double[] mu) {
    int d = mu.length;
    double[][] c = new double[d][d];
    for (double[] v : x) {
      for (int i = 0; i < d; i++) {
        double di = v[i] - mu[i];
        for (int j = i; j < d; j++) {
          c[i][j] += di * (v[j] - mu[j]);
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        c[i][j] /= x.size() - 1;
        c[j][i] = c[i][j];
      }
    }
    return c;
  }

  /** The symmetric square root of a positive semi-definite matrix (negative eigenvalues -> 0). */
  static double[][] sqrtPsd(double[][] a) {
    int n = a.length;
    double[][] v = new double[n][n];
    double[] ev = eigen(a, v);
    double[][] out = new double[n][n];
    for (int k = 0; k < n; k++) {
      double s = Math.sqrt(Math.max(ev[k], 0));
      for (int i = 0; i < n; i++) {
        double vik = v[i][k] * s;
        for (int j = 0; j < n; j++) {
          out[i][j] += vik * v[j][k];
        }
      }
    }
    return out;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < m; j++) {
          c[i][j] += aik * b[k][j];
        }
      }
    }
    return c;
  }

  private static void symmetrize(double[][] m) {
    for (int i = 0; i < m.length; i++) {
      for (int j = i + 1; j < m.length; j++) {
        double s = 0.5 * (m[i][j] + m[j][i]);
        m[i][j] = s;
        m[j][i] = s;
      }
    }
  }

  /**
   * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations; the eigenvectors go into the
   * columns of {@code vectors} when it is not null. {@code a} is not modified.
   */
  static double[] eigen(double[][] a, double[][] vectors) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[][] v = vectors == null ? null : vectors;
    if (v != null) {
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(v[i], 0);
        v[i][i] = 1;
      }
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double diag = 0;
      for (int i = 0; i < n; i++) {
        diag += m[i][i] * m[i][i];
        for (int j = i + 1; j < n; j++) {
          off += m[i][j] * m[i][j];
        }
      }
      if (off <= 1e-30 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] == 0) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
          }
          if (v != null) {
            for (int k = 0; k < n; k++) {
              double vkp = v[k][p];
              double vkq = v[k][q];
              v[k][p] = c * vkp - s * vkq;
              v[k][q] = s * vkp + c * vkq;
            }
          }
        }
      }
    }
    double[] ev = new double[n];
    for (int i = 0; i < n; i++) {
      ev[i] = m[i][i];
    }
    return ev;
  }
}
