package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.cli.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrl dataset generate --env cartpole-v0 --episodes N --policy mixed --seed S --out
 * DIR}: a seeded, reproducible behaviour dataset with {@code action_prob}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate an episode dataset by running a behaviour policy in an environment.")
final class DatasetGenerateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--env",
      defaultValue = Environments.CARTPOLE_V0,
      description = "Environment: cartpole-v0, cartpole-v1 or catch (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(names = "--episodes", required = true, description = "Number of episodes.")
  int episodes;

  @Option(
      names = "--policy",
      defaultValue = Policies.MIXED,
      description =
          "Behaviour policy: random, heuristic, bad-heuristic, mixed, mostly-bad"
              + " (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(
      names = "--quality",
      defaultValue = "" + Policies.DEFAULT_QUALITY,
      description =
          "Heuristic quality in [0, 1]: 1 always the heuristic, 0 random (default: ${DEFAULT-VALUE}).")
  double quality;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output dataset.")
  Path out;

  @Option(
      names = "--rows-per-file",
      defaultValue = "" + ValidatedCopy.ROWS_PER_FILE,
      description = "Rows per Parquet part file (default: ${DEFAULT-VALUE}).")
  long rowsPerFile;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (episodes < 1) {
      throw new IllegalArgumentException("--episodes: must be >= 1, got " + episodes);
    }
    if (!(quality >= 0 && quality <= 1)) {
      throw new IllegalArgumentException("--quality: must be in [0, 1], got " + quality);
    }
    DiscreteEnv environment = Environments.create(env);
    var behaviour = Policies.create(policy, environment, quality);
    Path staged = StagedOutput.prepare(out);
    EpisodeParquetWriter writer;
    try {
      writer =
          EpisodeParquetWriter.create(
              staged, environment.observationShape(), environment.actionCount(), true, rowsPerFile);
      try (writer;
          Progress progress = Progress.start("generate", episodes, "episodes", !quiet)) {
        EpisodeGenerator.generate(
            environment, behaviour, episodes, seed, writer, rows -> progress.stepBy(1));
      }
    } catch (Exception | Error e) {
      StagedOutput.discard(staged);
      throw e;
    }
    StagedOutput.publish(staged, out);
    DatasetManifest manifest = writer.manifest();
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d episodes (%d rows, %d transitions) of %s with policy %s to %s%n",
            manifest.episodes(), manifest.rows(), manifest.transitions(), env, policy, out);
    DatasetStatsCommand.print(manifest, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
