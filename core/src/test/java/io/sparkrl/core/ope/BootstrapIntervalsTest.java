package io.sparkrl.core.ope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapIntervalsTest {

  static EpisodeSummary constant(String id, double reward) {
    return new EpisodeSummary(id, new double[] {1.0}, new double[] {reward}, reward, reward);
  }

  @Test
  void quantileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {0, 10, 20, 30, 40};
    assertThat(BootstrapIntervals.quantile(sorted, 0.5)).isEqualTo(20.0);
    assertThat(BootstrapIntervals.quantile(sorted, 0.125)).isCloseTo(5.0, within(1e-12));
    assertThat(BootstrapIntervals.quantile(sorted, 1.0)).isEqualTo(40.0);
  }

  @Test
  void identicalEpisodesGiveADegenerateInterval() {
    List<EpisodeSummary> same = List.of(constant("0", 2), constant("1", 2), constant("2", 2));
    BootstrapIntervals.Interval i = BootstrapIntervals.defaults().interval(Estimator.PDIS, same);
    assertThat(i.value()).isEqualTo(2.0);
    assertThat(i.low()).isEqualTo(2.0);
    assertThat(i.high()).isEqualTo(2.0);
    assertThat(i.episodes()).isEqualTo(3);
  }

  @Test
  void intervalOfTheMeanMatchesTheNormalApproximationAndIsSeeded() {
    SplittableRandom random = new SplittableRandom(1);
    List<EpisodeSummary> episodes = new ArrayList<>();
    int n = 400;
    for (int i = 0; i < n; i++) {
      episodes.add(constant(Integer.toString(i), random.nextDouble()));
    }
    BootstrapIntervals boot = new BootstrapIntervals(2000, 0.95, 7);
    BootstrapIntervals.Interval i = boot.interval(Estimator.DM, episodes);
    // uniform rewards: standard error sqrt(1/12 / n); the 95% half-width is about 1.96 of them
    double halfWidth = 1.96 * Math.sqrt(1.0 / 12 / n);
    assertThat(i.low()).isCloseTo(i.value() - halfWidth, within(halfWidth * 0.2));
    assertThat(i.high()).isCloseTo(i.value() + halfWidth, within(halfWidth * 0.2));
    assertThat(boot.interval(Estimator.DM, episodes)).isEqualTo(i);
  }

  @Test
  void refusesBadSettingsAndNoEpisodes() {
    assertThatThrownBy(() -> new BootstrapIntervals(0, 0.95, 0)).hasMessageContaining("resamples");
    assertThatThrownBy(() -> new BootstrapIntervals(10, 1.0, 0)).hasMessageContaining("level");
    assertThatThrownBy(() -> BootstrapIntervals.defaults().interval(Estimator.IS, List.of()))
        .hasMessageContaining("no episodes");
  }
}
