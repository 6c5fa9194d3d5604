package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normal distribution and truncated-normal functions. Expected values of the distribution
 * function and {@code erfc} were computed with mpmath at 40 significant digits and rounded to a
 * double; those of {@code v}, {@code w}, {@code vt} and {@code wt} with their textbook formulas
 * over CPython's {@code math.erfc}.
 */
class GaussianTest {

  private static void closeRelative(double actual, double expected, double relative) {
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * relative));
  }

  /** The last column is the relative tolerance, looser in the far tail (see Gaussian). */
  @ParameterizedTest(name = "cdf({0}) = {1}")
  @CsvSource({
      "0, 0.5, 1e-15",
      "-0.5, 0.3085375387259869, 1e-14",
      "-1, 0.15865525393145705, 1e-14",
      "-2, 0.02275013194817921, 1e-14",
      "-3, 0.0013498980316300946, 1e-14",
      "-5, 2.866515718791939e-07, 1e-14",
      "-10, 7.619853024160525e-24, 1e-14",
      "-20, 2.7536241186062337e-89, 1e-14",
      "-37, 5.725571222524577e-300, 5e-14",
      "1, 0.8413447460685429, 1e-15",
      "1.96, 0.9750021048517795, 1e-15",
      "3, 0.9986501019683699, 1e-15"})
  void cdf_matchesReferenceValues(double x, double expected, double tolerance) {
    closeRelative(Gaussian.cdf(x), expected, tolerance);
  }

  @ParameterizedTest(name = "erfc({0}) = {1}")
  @CsvSource({
      "0.1, 0.8875370839817152",
      "1.0, 0.15729920705028513",
      "1.4999, 0.03390674833770473",
      "1.5, 0.033894853524689274",
      "2, 0.004677734981047266",
      "3, 2.209049699858544e-05",
      "10, 2.088487583762545e-45"})
  void erfc_matchesReferenceValuesOnBothSidesOfTheSeriesLimit(double z, double expected) {
    closeRelative(Math.exp(-z * z) * Gaussian.erfcx(z), expected, 1e-14);
  }

  @Test
  @DisplayName("the far tail is not cancelled to zero")
  void cdf_farTail() {
    assertThat(Gaussian.cdf(-38)).isPositive();
    assertThat(Gaussian.millsRatio(1e6)).isCloseTo(1e-6, within(1e-17));
    assertThat(Gaussian.cdf(-1e300)).isZero();
    assertThat(Gaussian.cdf(1e300)).isEqualTo(1);
  }

  @ParameterizedTest(name = "v({0}, {1}) = {2}, w = {3}")
  @CsvSource({
      "-2, 0, 2.37321553282284, 0.8857208995859167",
      "0.5, 0.1, 0.5618827037969629, 0.5404652543449707",
      "-6, 0.01, 6.168243075370993, 0.9760817538825399",
      "3, 0.2, 0.007935728403317324, 0.022283015314579723"})
  void vAndW(double x, double t, double v, double w) {
    closeRelative(Gaussian.v(x, t), v, 1e-13);
    closeRelative(Gaussian.w(x, t), w, 1e-12);
  }

  @ParameterizedTest(name = "vt({0}, {1}) = {2}, wt = {3}")
  @CsvSource({
      "1, 0.5, -0.9206446052220356, 0.9230579020575514",
      "-2, 0.05, 1.9983349978204898, 0.9991686068534924",
      "0.3, 0.01, -0.29999000013932897, 0.9999666671711033",
      "6, 0.1, -5.980489036589152, 0.9968972188783383"})
  void vtAndWt(double x, double t, double vt, double wt) {
    closeRelative(Gaussian.vt(x, t), vt, 1e-11);
    closeRelative(Gaussian.wt(x, t), wt, 1e-11);
  }

  @Test
  @DisplayName("a draw between equals moves no mean")
  void vt_zeroAtZero() {
    assertThat(Gaussian.vt(0, 0.1)).isZero();
  }

  @Test
  @DisplayName("the draw functions are continuous where they switch to the tail form")
  void drawTail_continuous() {
    double t = 0.02;
    double below = t + 25 - 1e-9;
    double above = t + 25 + 1e-9;
    closeRelative(Gaussian.vt(above, t), Gaussian.vt(below, t), 1e-9);
    closeRelative(Gaussian.wt(above, t), Gaussian.wt(below, t), 1e-9);
  }

  @Test
  @DisplayName("far beyond any real match, the corrections stay finite and in range")
  void extremes_finite() {
    for (double x : new double[] {-1e6, -500, -40, 40, 500, 1e6}) {
      for (double t : new double[] {1e-6, 0.01, 0.5}) {
        assertThat(Gaussian.v(x, t)).as("v(%s, %s)", x, t).isFinite().isNotNegative();
        assertThat(Gaussian.w(x, t)).as("w(%s, %s)", x, t).isBetween(0.0, 1.0);
        assertThat(Gaussian.vt(x, t)).as("vt(%s, %s)", x, t).isFinite();
        assertThat(Gaussian.wt(x, t)).as("wt(%s, %s)", x, t).isBetween(0.0, 1.0);
      }
    }
  }
}
