package io.sparkrl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.LearnerState;

/** Comparing two runs' learner states: exactly, or to within float rounding. */
public final class LearnerStateAssert {

  /**
   * Far below anything a schedule changes (another period, mini-batch or random state moves the
   * values by about 1e-3 of their size), above the rounding differences of docs/design.md §3.4.
   */
  public static final double ABSOLUTE = 1e-6;

  /** The relative part of the tolerance, for values far from 0 (momentum buffers reach ~100). */
  public static final double RELATIVE = 1e-5;

  private LearnerStateAssert() {}

  /** Every parameter and momentum value of both networks equal, bit for bit. */
  public static void assertSameBits(LearnerState actual, LearnerState expected) {
    assertThat(actual.critic().params()).containsExactly(expected.critic().params());
    assertThat(actual.critic().updaterState()).containsExactly(expected.critic().updaterState());
    assertThat(actual.actor().params()).containsExactly(expected.actor().params());
    assertThat(actual.actor().updaterState()).containsExactly(expected.actor().updaterState());
  }

  /**
   * Every parameter and momentum value of both networks within {@link #ABSOLUTE} + {@link
   * #RELATIVE} times its size.
   */
  public static void assertWithinRounding(LearnerState actual, LearnerState expected) {
    close("critic parameters", actual.critic().params(), expected.critic().params());
    close("critic momentum", actual.critic().updaterState(), expected.critic().updaterState());
    close("actor parameters", actual.actor().params(), expected.actor().params());
    close("actor momentum", actual.actor().updaterState(), expected.actor().updaterState());
  }

  private static void close(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      double tolerance = ABSOLUTE + RELATIVE * Math.abs(expected[i]);
      assertThat((double) actual[i])
          .as("%s [%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tolerance));
    }
  }
}
