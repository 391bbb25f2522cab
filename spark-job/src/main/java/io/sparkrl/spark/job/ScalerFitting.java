package io.sparkrl.spark.job;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.core.preprocessing.ObservationScalers;
import io.sparkrl.datasets.FeatureStatistics;
import io.sparkrl.spark.data.IndexedEpisodes;

/**
 * Fits an unfitted {@code min_max} or {@code standard} scaler on every row of every episode with
 * one aggregate of per-feature statistics (Welford/Chan), as d3rlpy's {@code fit} does in one
 * process; a {@code pixel} or already-fitted scaler is kept.
 */
final class ScalerFitting {

  private ScalerFitting() {}

  static AwrConfig fit(AwrConfig config, IndexedEpisodes episodes) {
    ScalerSpec spec = config.scaler();
    if (spec == null || spec.isFitted() || spec.type() == ScalerType.PIXEL) {
      return config;
    }
    int[] dims = episodes.observationShape().dims();
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    int features = size;
    FeatureStatistics stats =
        episodes
            .episodes()
            .treeAggregate(
                new FeatureStatistics(features),
                (s, e) -> s.addEpisode(e.episode()),
                FeatureStatistics::merge);
    ObservationScaler scaler =
        ObservationScalers.fromStatistics(spec.type(), stats, dims, config.nFrames());
    return config.toBuilder().scaler(scaler.toSpec()).build();
  }
}
