package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.env.CartPoleFixtures;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sparkrl evaluate} end to end in its own embedded session: output and exit codes. */
class EvaluateCommandTest {

  @TempDir static Path dir;
  static Path model;
  static Path data;

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  @BeforeAll
  static void modelAndData() throws Exception {
    DiscreteAWR awr =
        new DiscreteAWR(
            AwrConfig.builder()
                .encoderParams(new EncoderParams(List.of(8), null, null, ActivationType.RELU))
                .build(),
            2);
    awr.createImpl(new int[] {4}, 2);
    model = dir.resolve("model_3.zip");
    try (OutputStream o = Files.newOutputStream(model)) {
      awr.saveModel(o);
    }
    data = CartPoleFixtures.writeParquet(dir.resolve("data"), 40);
  }

  private int run(String... args) {
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /** The command stops the session it started (or never started one). */
  private static boolean noRunningSpark() {
    var active = SparkSession.getActiveSession();
    return active.isEmpty() || active.get().sparkContext().isStopped();
  }

  @Test
  void jsonHasEveryRequestedEstimatorWithAnIntervalAroundItsValue() throws Exception {
    int code =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--estimators",
            "wis,pdis,dr,fqe",
            "--fqe-steps",
            "200",
            "--resamples",
            "100",
            "--json",
            "--target",
            "softmax",
            "--master",
            "local[2]");
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("episodes").asInt()).isEqualTo(40);
    assertThat(json.path("gamma").asDouble()).isEqualTo(0.99);
    assertThat(json.path("confidence_level").asDouble()).isEqualTo(0.95);
    for (String estimator : List.of("wis", "pdis", "dr", "fqe")) {
      JsonNode e = json.path("estimates").path(estimator);
      assertThat(e.path("value").isNumber()).as(estimator).isTrue();
      assertThat(e.path("low").asDouble())
          .as(estimator)
          .isLessThanOrEqualTo(e.path("value").asDouble());
      assertThat(e.path("high").asDouble())
          .as(estimator)
          .isGreaterThanOrEqualTo(e.path("value").asDouble());
    }
    assertThat(noRunningSpark()).isTrue();
  }

  @Test
  void theTableNamesTheModelDataAndEachEstimator() {
    int code =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--estimators",
            "is,wis",
            "--gamma",
            "0.9",
            "--target",
            "softmax",
            "--master",
            "local[2]");
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("model:    " + model)
        .contains("episodes: 40")
        .contains("gamma 0.9, softmax policy")
        .contains("95% interval")
        .containsPattern("(?m)^is +-?[0-9.]+ +\\[")
        .containsPattern("(?m)^wis +-?[0-9.]+ +\\[");
  }

  @Test
  void anUnknownEstimatorOrAMissingModelExitsTwoWithTheReason() {
    assertThat(
            run(
                "evaluate",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--estimators",
                "wis,magic"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("unknown estimator 'magic'");
    assertThat(noRunningSpark()).isTrue();

    assertThat(
            run(
                "evaluate",
                "--model",
                dir.resolve("nope.zip").toString(),
                "--data",
                data.toString(),
                "--master",
                "local[2]"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("--model " + dir.resolve("nope.zip") + ": no such file");
  }
}
