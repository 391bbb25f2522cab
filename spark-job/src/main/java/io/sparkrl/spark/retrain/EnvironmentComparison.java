package io.sparkrl.spark.retrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.metrics.EnvironmentScorer;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.spark.config.JobSettings;
import io.sparkrl.spark.ope.SparkEvaluation;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the job configures an evaluation environment ({@code job.eval_env}), both models' mean
 * greedy return over the same seeded episodes, added to the evaluation under {@code environment}.
 * It is reported beside the off-policy estimates; the gate reads only the estimates, because a
 * production retrain has no simulator.
 */
final class EnvironmentComparison {

  private EnvironmentComparison() {}

  static void add(
      ObjectNode evaluation,
      JobSettings job,
      String challengerModel,
      Optional<String> championModel,
      HadoopRunStorage storage)
      throws IOException {
    if (job.evalEnv() == null) {
      return;
    }
    ObjectNode env = evaluation.putObject("environment");
    env.put("env", job.evalEnv());
    env.put("episodes", job.evalEpisodes());
    env.put("challenger", score(job, challengerModel, storage));
    if (championModel.isPresent()) {
      env.put("champion", score(job, championModel.get(), storage));
    }
  }

  private static double score(JobSettings job, String model, HadoopRunStorage storage)
      throws IOException {
    EnvironmentScorer scorer =
        new EnvironmentScorer(
            Environments.create(job.evalEnv()),
            job.evalEpisodes(),
            EnvironmentScorer.DEFAULT_EPSILON,
            job.seed());
    return scorer.score(SparkEvaluation.loadModel(storage, model), List.of());
  }
}
