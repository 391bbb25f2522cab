package io.sparkrl.spark.cli;

import io.sparkrl.core.config.AwrConfigKeys;
import io.sparkrl.core.config.ConfigKey;
import io.sparkrl.spark.config.JobSettingKeys;
import io.sparkrl.spark.config.TrainSettingsResolver;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code sparkrl train --help-config}: every hyperparameter and job setting with its type, default,
 * rule and description, printed from the same key tables the parsers and checks use.
 */
final class ConfigHelp {

  private ConfigHelp() {}

  static void print(PrintWriter out) {
    out.println(
        "Settings come from --set key=value, then the Spark conf (spark.sparkrl.<key>), then the"
            + " --config file, then these defaults.");
    out.println();
    out.println("Hyperparameters (top-level keys of the file, d3rlpy's names):");
    table(out, AwrConfigKeys.ALL, "");
    out.println();
    out.println("Job settings (the file's \"job\" object; job.<key> elsewhere):");
    table(out, JobSettingKeys.ALL, TrainSettingsResolver.JOB_PREFIX);
    out.flush();
  }

  private static void table(PrintWriter out, List<ConfigKey<?>> keys, String prefix) {
    int width = 0;
    for (ConfigKey<?> k : keys) {
      width = Math.max(width, prefix.length() + k.name().length());
    }
    for (ConfigKey<?> k : keys) {
      String rule = k.rule().text().isEmpty() ? "" : ", " + k.rule().text();
      out.printf(
          "  %-" + width + "s  %s (%s; default %s%s)%n",
          prefix + k.name(),
          k.description(),
          k.type().name(),
          k.defaultText(),
          rule);
    }
  }
}
