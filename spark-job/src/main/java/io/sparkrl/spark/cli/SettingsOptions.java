package io.sparkrl.spark.cli;

import io.sparkrl.spark.config.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Option;

/** The configuration options that {@code train} and {@code retrain} share. */
public final class SettingsOptions {

  @Option(names = "--config", description = "JSON configuration file (see conf/).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a hyperparameter or (job.)job setting; repeatable.")
  List<String> sets = new ArrayList<>();

  /** The hyperparameters and job settings from the file, the overrides and the Spark conf. */
  public TrainSettings resolve(SparkConf conf) {
    return SparkSessions.resolveTraining(conf, config, sets);
  }
}
