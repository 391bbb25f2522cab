package io.sparkrl.spark.job;

import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import java.io.IOException;
import java.nio.file.Path;

/** A small CartPole-v0 Parquet dataset (mixed behaviour policy) for job tests. */
final class CartPoleData {

  private CartPoleData() {}

  static Path write(Path dir, int episodes) throws IOException {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(4), 2, true, 5_000)) {
      EpisodeGenerator.generate(
          env, Policies.create(Policies.MIXED, env), episodes, 7, writer, rows -> {});
    }
    return dir;
  }
}
