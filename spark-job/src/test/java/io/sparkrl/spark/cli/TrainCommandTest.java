package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad configuration stops {@code sparkrl train} before Spark starts, with the key named. */
class TrainCommandTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void helpConfigListsEveryKeyWithItsDefaultWithoutDataOrSpark() {
    assertThat(run("train", "--help-config")).isEqualTo(ExitCodes.OK);
    String help = out.toString();
    for (var key : io.sparkrl.core.config.AwrConfigKeys.ALL) {
      assertThat(help).contains("  " + key.name() + " ").contains(key.description());
    }
    for (var key : io.sparkrl.spark.config.JobSettingKeys.ALL) {
      assertThat(help).contains("job." + key.name()).contains(key.description());
    }
    assertThat(help).contains("default 5.0E-5, > 0").contains("default \"epoch\"");
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }

  @Test
  void anUnknownKeyIsRejectedBeforeSparkStarts(@TempDir Path dir) {
    int code =
        run(
            "train",
            "--data",
            dir.toString(),
            "--output",
            dir.resolve("run").toString(),
            "--set",
            "n_epoch=3");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("n_epoch").contains("--set");
    assertThat(SparkSession.getActiveSession().isEmpty()).isTrue();
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void aBadValueInTheConfigFileNamesTheFileAndKey(@TempDir Path dir) throws Exception {
    int code = trainWithConfig(dir, "bad.json", "{\"batch_size\": 0}");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("batch_size").contains("bad.json");
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }

  @Test
  void dynamicsIsRefusedBeforeSparkStarts(@TempDir Path dir) throws Exception {
    int code =
        trainWithConfig(
            dir,
            "dynamics.json",
            "{\"dynamics\": {\"type\": \"probabilistic_ensemble\","
                + " \"params\": {\"model_path\": \"dynamics.zip\"}}}");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("dynamics").contains("single-process fit only");
    assertThat(SparkSession.getActiveSession().isEmpty()).isTrue();
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
    assertThat(dir.resolve("run")).doesNotExist();
  }

  /** {@code train} with a config file of {@code json} in {@code dir}, writing to dir/run. */
  private int trainWithConfig(Path dir, String fileName, String json) throws Exception {
    Path config = Files.writeString(dir.resolve(fileName), json);
    return run(
        "train",
        "--config",
        config.toString(),
        "--data",
        dir.toString(),
        "--output",
        dir.resolve("run").toString());
  }
}
