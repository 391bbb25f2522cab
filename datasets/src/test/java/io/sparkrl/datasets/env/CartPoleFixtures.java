package io.sparkrl.datasets.env;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CartPole-v0 episodes of the {@code mixed} behaviour policy for tests, in memory or as a Parquet
 * dataset; shared with the other modules' tests (test-jar).
 */
public final class CartPoleFixtures {

  private static final long PARQUET_SEED = 7;
  private static final int ROWS_PER_PART = 5_000;

  private CartPoleFixtures() {}

  /** Episodes seeded {@code seed}, {@code seed + 1}, … until at least {@code transitions}. */
  public static List<Episode> episodes(int transitions, long seed) {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    BehaviourPolicy behaviour = Policies.create(Policies.MIXED, env);
    List<Episode> episodes = new ArrayList<>();
    int count = 0;
    for (long i = seed; count < transitions; i++) {
      Episode e = EpisodeGenerator.generate(env, behaviour, i, "ep" + i);
      episodes.add(e);
      count += e.transitionCount();
    }
    return episodes;
  }

  /** A Parquet dataset of {@code episodes} episodes in {@code dir}, with its manifest. */
  public static Path writeParquet(Path dir, int episodes) throws IOException {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(4), 2, true, ROWS_PER_PART)) {
      EpisodeGenerator.generate(
          env, Policies.create(Policies.MIXED, env), episodes, PARQUET_SEED, writer, rows -> {});
    }
    return dir;
  }
}
