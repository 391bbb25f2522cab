package io.sparkrl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.LearnerState;

/** Comparing two runs' learner states, bit for bit. */
public final class LearnerStateAssert {

  private LearnerStateAssert() {}

  /** Every parameter and momentum value of both networks equal, bit for bit. */
  public static void assertSameBits(LearnerState actual, LearnerState expected) {
    assertThat(actual.critic().params()).containsExactly(expected.critic().params());
    assertThat(actual.critic().updaterState()).containsExactly(expected.critic().updaterState());
    assertThat(actual.actor().params()).containsExactly(expected.actor().params());
    assertThat(actual.actor().updaterState()).containsExactly(expected.actor().updaterState());
  }
}
