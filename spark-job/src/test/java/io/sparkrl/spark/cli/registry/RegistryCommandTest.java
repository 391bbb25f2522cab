package io.sparkrl.spark.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.spark.cli.SparkrlCli;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryDecision.Verdict;
import io.sparkrl.spark.registry.RetrainLease;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkrl registry} on a registry of local files, published through {@link ModelRegistry}.
 */
class RegistryCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path base;

  private Path root;
  private String uri;
  private ModelRegistry registry;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void populate() throws IOException {
    root = base.resolve("registry");
    uri = root.toUri().toString();
    registry = ModelRegistry.on(new HadoopRunStorage(Map.of()), uri);
    registry.publish(
        "cartpole",
        run("a"),
        "{\"gate\": {\"estimator\": \"dr\", \"figures\": {\"challenger_value\": 1.5}}}",
        Verdict.promote("first"),
        "k1");
    registry.publish(
        "cartpole",
        run("b"),
        "{\"estimates\": {\"wis\": {\"value\": 2.25}}}",
        Verdict.promote("better"),
        "k2");
    registry.publish("cartpole", run("c"), "{}", Verdict.store("aside"), null);
    registry.publish("pong", run("d"), "{}", Verdict.store("not yet"), "kp");
  }

  private String run(String tag) throws IOException {
    Path dir = Files.createDirectories(base.resolve("run-" + tag));
    Files.writeString(dir.resolve("model_2.zip"), "model " + tag);
    Files.writeString(dir.resolve("policy.onnx"), "onnx " + tag);
    Files.writeString(dir.resolve("params.json"), "{}");
    Files.writeString(dir.resolve("run.json"), "{}");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    return dir.toUri().toString();
  }

  private int cli(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private JsonNode json() throws IOException {
    return MAPPER.readTree(out.toString());
  }

  private List<String> history(String name) throws IOException {
    return Files.readAllLines(root.resolve(name).resolve("history.jsonl"));
  }

  private int championOnDisk(String name) throws IOException {
    return MAPPER.readTree(root.resolve(name).resolve("CHAMPION").toFile()).get("version").asInt();
  }

  @Test
  void listWithoutANameShowsEveryModelWithItsChampion() throws IOException {
    assertThat(cli("registry", "list", "--registry", uri)).isZero();
    assertThat(out.toString())
        .containsPattern("cartpole\\s+v2\\s+3")
        .containsPattern("pong\\s+none\\s+1");

    assertThat(cli("registry", "list", "--registry", uri, "--json")).isZero();
    JsonNode models = json().get("models");
    assertThat(models).hasSize(2);
    assertThat(models.get(0).get("name").asText()).isEqualTo("cartpole");
    assertThat(models.get(0).get("champion").asInt()).isEqualTo(2);
    assertThat(models.get(1).get("champion").isNull()).isTrue();
  }

  @Test
  void listWithANameShowsEveryVersionItsEstimateKeyAndTheChampion() throws IOException {
    assertThat(cli("registry", "list", "--registry", uri, "cartpole")).isZero();
    String[] lines = out.toString().split("\n");
    assertThat(lines[1]).isEqualTo("champion: v2");
    assertThat(lines[3]).startsWith("v1 ").contains("dr 1.5000").endsWith("k1").doesNotContain("*");
    assertThat(lines[4]).startsWith("v2 ").contains(" * ").contains("wis 2.2500").endsWith("k2");
    assertThat(lines[5]).startsWith("v3 ").doesNotContain("*").endsWith("-");

    assertThat(cli("registry", "list", "--registry", uri, "cartpole", "--json")).isZero();
    JsonNode versions = json().get("versions");
    assertThat(versions).hasSize(3);
    assertThat(versions.get(0).get("estimate").get("estimator").asText()).isEqualTo("dr");
    assertThat(versions.get(0).get("estimate").get("value").asDouble()).isEqualTo(1.5);
    assertThat(versions.get(1).get("champion").asBoolean()).isTrue();
    assertThat(versions.get(0).get("champion").asBoolean()).isFalse();
    assertThat(versions.get(2).get("estimate").isNull()).isTrue();
    assertThat(versions.get(2).get("idempotency_key").isNull()).isTrue();
    assertThat(versions.get(1).get("created").asText())
        .isEqualTo(registry.version("cartpole", 2).created().toString());
  }

  @Test
  void showDefaultsToTheChampionAndPrintsTheHistory() throws IOException {
    assertThat(cli("registry", "show", "--registry", uri, "cartpole")).isZero();
    assertThat(out.toString())
        .contains("version:   v2 (champion)")
        .contains("key:       k2")
        .contains("files:     evaluation.json, model.zip, params.json, policy.onnx, run.json")
        .contains("estimate:  wis 2.2500")
        .contains("history (3 decisions):")
        .containsPattern("publish\\s+v3\\s+champion v2\\s+aside");

    assertThat(cli("registry", "show", "--registry", uri, "cartpole", "--version", "1", "--json"))
        .isZero();
    JsonNode shown = json();
    assertThat(shown.get("version").asInt()).isEqualTo(1);
    assertThat(shown.get("champion").asBoolean()).isFalse();
    assertThat(shown.get("idempotency_key").asText()).isEqualTo("k1");
    assertThat(shown.get("source_run").asText())
        .isEqualTo(base.resolve("run-a").toUri().toString());
    assertThat(shown.get("evaluation").get("gate").get("estimator").asText()).isEqualTo("dr");
    assertThat(shown.get("history")).hasSize(3);
    assertThat(shown.get("history").get(1).get("reason").asText()).isEqualTo("better");
  }

  @Test
  void promoteMovesTheChampionAndRollbackRestoresItBothRecorded() throws IOException {
    assertThat(history("cartpole")).hasSize(3);
    assertThat(
            cli(
                "registry",
                "promote",
                "--registry",
                uri,
                "cartpole",
                "--version",
                "3",
                "--reason",
                "canary ok"))
        .isZero();
    assertThat(out.toString().trim()).isEqualTo("promoted: cartpole v3 (champion was v2)");
    assertThat(championOnDisk("cartpole")).isEqualTo(3);
    List<String> lines = history("cartpole");
    assertThat(lines).hasSize(4);
    JsonNode promoted = MAPPER.readTree(lines.get(3));
    assertThat(promoted.get("action").asText()).isEqualTo("promote");
    assertThat(promoted.get("version").asInt()).isEqualTo(3);
    assertThat(promoted.get("reason").asText()).isEqualTo("canary ok");

    assertThat(cli("registry", "rollback", "--registry", uri, "cartpole")).isZero();
    assertThat(out.toString().trim()).isEqualTo("rolled back: cartpole v2 (champion was v3)");
    assertThat(championOnDisk("cartpole")).isEqualTo(2);
    lines = history("cartpole");
    assertThat(lines).hasSize(5);
    assertThat(MAPPER.readTree(lines.get(4)).get("action").asText()).isEqualTo("rollback");
    assertThat(MAPPER.readTree(lines.get(4)).get("champion").asInt()).isEqualTo(2);
  }

  @Test
  void breakLockRemovesTheWriterLockAndTheRetrainLeaseAndSaysWhenNothingWasHeld()
      throws IOException {
    Path model = root.resolve("cartpole");
    Files.writeString(
        model.resolve("_LOCK"),
        "{\"operation\":\"publish\",\"since\":\"2026-01-01T00:00:00Z\",\"process\":\"42@dead\"}");
    RetrainLease.acquire(registry, "cartpole"); // never closed: a killed retrain
    assertThat(model.resolve("_RETRAIN")).exists();

    assertThat(cli("registry", "promote", "--registry", uri, "cartpole", "--version", "1"))
        .isEqualTo(4);
    assertThat(err.toString()).contains("another publish holds").contains("break-lock cartpole");
    assertThat(championOnDisk("cartpole")).isEqualTo(2);

    assertThat(cli("registry", "break-lock", "--registry", uri, "cartpole")).isZero();
    assertThat(out.toString())
        .contains("removed writer lock: publish holds")
        .contains("42@dead")
        .contains("removed retrain lease: retrain holds");
    assertThat(model.resolve("_LOCK")).doesNotExist();
    assertThat(model.resolve("_RETRAIN")).doesNotExist();
    RetrainLease.acquire(registry, "cartpole").close();

    assertThat(cli("registry", "break-lock", "--registry", uri, "cartpole")).isZero();
    assertThat(out.toString()).startsWith("nothing was held: cartpole has no writer lock");
  }

  @Test
  void breakLockReportsALeaseAloneWhenOnlyTheLeaseIsHeld() throws IOException {
    RetrainLease.acquire(registry, "pong");
    assertThat(cli("registry", "break-lock", "--registry", uri, "pong")).isZero();
    assertThat(out.toString())
        .contains("no writer lock (_LOCK) was held")
        .contains("removed retrain lease: retrain holds");
    assertThat(root.resolve("pong").resolve("_RETRAIN")).doesNotExist();
  }

  @Test
  void badInputExitsTwoNamingWhatIsWrong() throws IOException {
    assertThat(cli("registry", "show", "--registry", uri, "acrobot")).isEqualTo(2);
    assertThat(err.toString()).contains("has no model acrobot");

    assertThat(cli("registry", "promote", "--registry", uri, "cartpole", "--version", "9"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("model cartpole has no version 9");

    assertThat(cli("registry", "list", "--registry", uri, "../etc")).isEqualTo(2);
    assertThat(err.toString()).contains("model name '../etc' must match");

    String missing = base.resolve("nowhere").toUri().toString();
    assertThat(cli("registry", "list", "--registry", missing)).isEqualTo(2);
    assertThat(err.toString()).contains("registry " + missing + " does not exist");

    assertThat(cli("registry", "show", "--registry", uri, "pong")).isEqualTo(2);
    assertThat(err.toString()).contains("model pong has no champion");

    assertThat(cli("registry", "rollback", "--registry", uri, "pong")).isEqualTo(2);
    assertThat(err.toString()).contains("pong has no earlier champion");

    assertThat(cli("registry", "break-lock", "--registry", uri, "acrobot")).isEqualTo(2);
    assertThat(err.toString()).contains("has no model acrobot");
    assertThat(history("cartpole")).hasSize(3);
  }
}
