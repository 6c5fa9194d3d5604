package org.relva.matchmaking.rating;

/**
 * The standard normal distribution and the truncated-normal corrections of the Weng-Lin
 * Thurstone-Mosteller model. Stateless; the methods are pure functions.
 *
 * <p>The JDK has no error function, so {@link #erfcx} implements the scaled complementary error
 * function {@code exp(z^2) * erfc(z)} from two textbook expansions: the everywhere-convergent
 * series {@code erf(z) = 2/sqrt(pi) * exp(-z^2) * sum(2^n z^(2n+1) / (2n+1)!!)} below {@link
 * #SERIES_LIMIT}, and Laplace's continued fraction {@code sqrt(pi) * erfcx(z) = 1/(z + (1/2)/(z +
 * 1/(z + (3/2)/(z + ...))))} above it, evaluated backwards with a fixed number of terms. The
 * relative error is below about 1e-14 (checked against 40-digit values in the tests): worst just
 * below the switch, where the series cancels, and in the far tails of {@link #cdf}, where it grows
 * with the rounding of {@code x * x} (a few 1e-14 at {@code x = -37}). That is far more than
 * rating needs.
 *
 * <p>Working with the scaled function keeps the tails accurate where {@code 1 - cdf} would cancel
 * to zero, so {@link #v} and {@link #w} stay finite and accurate far beyond the point where
 * openskill's implementations fall back to asymptotic guards. Results there differ from
 * openskill's (ours are the closer to the exact values), but only for matches that are foregone
 * conclusions.
 */
final class Gaussian {
  private static final double SQRT_2 = Math.sqrt(2);
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
  private static final double TWO_OVER_SQRT_PI = 2 / SQRT_PI;
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  /** Below this the series is used, above it the continued fraction. */
  static final double SERIES_LIMIT = 1.5;

  /**
   * Beyond this distance into a tail the draw corrections switch to a form written with Mills
   * ratios, whose terms do not underflow.
   */
  private static final double DRAW_TAIL = 25;

  private Gaussian() {}

  /** The density of the standard normal distribution. */
  static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /** The cumulative distribution function of the standard normal distribution. */
  static double cdf(double x) {
    return x < 0 ? upperTail(-x) : 1 - upperTail(x);
  }

  /** {@code 1 - cdf(x)} for {@code x >= 0}, without the cancellation of that subtraction. */
  static double upperTail(double x) {
    return 0.5 * Math.exp(-0.5 * x * x) * erfcx(x / SQRT_2);
  }

  /**
   * The Mills ratio {@code (1 - cdf(x)) / pdf(x)} for {@code x >= 0}; about {@code 1/x} for large
   * {@code x}, where both its numerator and denominator underflow.
   */
  static double millsRatio(double x) {
    return SQRT_HALF_PI * erfcx(x / SQRT_2);
  }

  /** The scaled complementary error function {@code exp(z^2) * erfc(z)}, for {@code z >= 0}. */
  static double erfcx(double z) {
    if (z < SERIES_LIMIT) {
      double z2 = 2 * z * z;
      double term = z;
      double sum = z;
      for (int n = 1; term > 1e-17 * sum; n++) {
        term *= z2 / (2 * n + 1);
        sum += term;
      }
      return Math.exp(z * z) - TWO_OVER_SQRT_PI * sum;
    }
    int terms = z < 2.5 ? 80 : z < 4 ? 40 : 20;
    double fraction = z;
    for (int n = terms; n >= 1; n--) {
      fraction = z + (0.5 * n) / fraction;
    }
    return 1 / (SQRT_PI * fraction);
  }

  /**
   * The mean correction of a win, {@code pdf(x - t) / cdf(x - t)}: how far to move the winner's
   * estimate, in units of the performance spread, when it won by a margin of {@code x} standard
   * units against a draw margin of {@code t}.
   */
  static double v(double x, double t) {
    double u = x - t;
    return u >= 0 ? pdf(u) / cdf(u) : 1 / millsRatio(-u);
  }

  /**
   * The variance correction of a win, {@code v * (v + x - t)}: the fraction by which the variance
   * shrinks. Mathematically in (0, 1); clamped there against rounding in the far tails.
   */
  static double w(double x, double t) {
    return w(v(x, t), x, t);
  }

  /** {@link #w(double, double)} given {@code v = v(x, t)}, which the caller already has. */
  static double w(double v, double x, double t) {
    return clamp(v * (v + x - t));
  }

  /**
   * The mean correction of a draw at distance {@code x} with draw margin {@code t > 0}:
   * {@code (pdf(t + x) - pdf(t - x)) / (cdf(t - x) - cdf(-t - x))}. It pulls the stronger side
   * ({@code x > 0}) down and the weaker up.
   */
  static double vt(double x, double t) {
    double a = Math.abs(x);
    double result;
    if (a - t <= DRAW_TAIL) {
      result = (pdf(a + t) - pdf(a - t)) / (cdf(t - a) - cdf(-t - a));
    } else {
      // Divided through by pdf(a - t), using pdf(a + t) = pdf(a - t) * exp(-2at).
      double ratio = Math.exp(-2 * a * t);
      result = Math.expm1(-2 * a * t) / (millsRatio(a - t) - ratio * millsRatio(a + t));
    }
    return x < 0 ? -result : result;
  }

  /**
   * The variance correction of a draw, {@code vt^2 + ((t - x) pdf(t - x) + (t + x) pdf(t + x)) /
   * (cdf(t - x) - cdf(-t - x))}. Mathematically in (0, 1); clamped there against rounding.
   */
  static double wt(double x, double t) {
    double a = Math.abs(x);
    double vt = vt(a, t);
    double ratio;
    if (a - t <= DRAW_TAIL) {
      ratio = ((t - a) * pdf(t - a) + (t + a) * pdf(t + a)) / (cdf(t - a) - cdf(-t - a));
    } else {
      double shrink = Math.exp(-2 * a * t);
      ratio = ((t - a) + (t + a) * shrink) / (millsRatio(a - t) - shrink * millsRatio(a + t));
    }
    return clamp(vt * vt + ratio);
  }

  private static double clamp(double fraction) {
    return Math.min(1, Math.max(0, fraction));
  }
}
