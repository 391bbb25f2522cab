package io.sparkrl.spark.cli;

import io.sparkrl.core.dynamics.DynamicsFitOptions;
import io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.cli.dataset.LocalEpisodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrl fit-dynamics}: fits a {@link ProbabilisticEnsembleDynamics} on a local Parquet
 * episode dataset in this process (no Spark) and saves it as a zip, the file a DiscreteAWR
 * configuration names in {@code dynamics.model_path} for model-based augmentation. Bad options or
 * data exit 2 before anything is written; an existing output is never overwritten.
 */
@Command(
    name = "fit-dynamics",
    mixinStandardHelpOptions = true,
    description =
        "Fit a probabilistic ensemble dynamics model on a Parquet episode dataset (no Spark)"
            + " for DiscreteAWR's dynamics setting (single-process fit only).")
public final class FitDynamicsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "Local Parquet episode dataset.")
  Path data;

  @Option(names = "--output", required = true, description = "Model zip to create.")
  Path output;

  @Option(
      names = "--epochs",
      description = "Passes over the transitions (default: ${DEFAULT-VALUE}).")
  int epochs = DynamicsFitOptions.DEFAULT_N_EPOCHS;

  @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = DynamicsFitOptions.DEFAULT_SEED;

  @Option(names = "--ensembles", description = "Ensemble members (default: ${DEFAULT-VALUE}).")
  int ensembles = DynamicsFitOptions.DEFAULT_N_ENSEMBLES;

  @Option(
      names = "--hidden-units",
      split = ",",
      description = "Hidden layer sizes, e.g. 200,200 (the default).")
  List<Integer> hiddenUnits = DynamicsFitOptions.DEFAULT_HIDDEN_UNITS;

  @Option(
      names = "--batch-size",
      description = "Transitions per Adam step (default: ${DEFAULT-VALUE}).")
  int batchSize = DynamicsFitOptions.DEFAULT_BATCH_SIZE;

  @Option(
      names = "--learning-rate",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = DynamicsFitOptions.DEFAULT_LEARNING_RATE;

  @Override
  public Integer call() throws Exception {
    DynamicsFitOptions options =
        new DynamicsFitOptions(
            ensembles,
            hiddenUnits,
            learningRate,
            batchSize,
            epochs,
            DynamicsFitOptions.DEFAULT_STANDARDISE,
            seed);
    if (Files.exists(output)) {
      throw new IllegalArgumentException(
          "--output " + output + " exists; remove it or choose another path");
    }
    List<Episode> episodes = LocalEpisodes.read(data);
    try (ProbabilisticEnsembleDynamics model =
        ProbabilisticEnsembleDynamics.fit(episodes, options)) {
      model.save(output);
      double[] losses = model.epochLosses();
      PrintWriter out = spec.commandLine().getOut();
      out.println("dynamics model: " + output);
      out.println("transitions: " + model.trainingTransitions());
      out.println(
          String.format(
              Locale.ROOT,
              "loss: first epoch %.4f, last epoch %.4f",
              losses[0],
              losses[losses.length - 1]));
      out.flush();
    }
    return ExitCodes.OK;
  }
}
