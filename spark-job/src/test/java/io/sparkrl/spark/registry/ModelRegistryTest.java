package io.sparkrl.spark.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.spark.registry.RegistryDecision.Action;
import io.sparkrl.spark.registry.RegistryDecision.Verdict;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on local files through Hadoop's file system, without Spark. */
class ModelRegistryTest {

  @TempDir Path base;

  private ModelRegistry registry() {
    return ModelRegistry.on(
        new HadoopRunStorage(Map.of()), base.resolve("registry").toUri().toString());
  }

  /** A finished run directory whose files hold {@code tag}, so copies can be told apart. */
  private String run(String tag) throws IOException {
    Path dir = Files.createDirectories(base.resolve("run-" + tag));
    Files.writeString(dir.resolve("model_0.zip"), "old " + tag);
    Files.writeString(dir.resolve("model_3.zip"), "last " + tag);
    Files.writeString(dir.resolve("policy.onnx"), "onnx " + tag);
    Files.writeString(dir.resolve("params.json"), "{}");
    Files.writeString(dir.resolve("run.json"), "{\"tag\": \"" + tag + "\"}");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    return dir.toUri().toString();
  }

  @Test
  void publishesNumberedVersionsSwapsTheChampionAndLogsEveryDecision() throws IOException {
    ModelRegistry r = registry();
    var first = r.publish("cartpole", run("a"), "{\"fqe\": 1.0}", Verdict.promote("first"), "k1");
    var second = r.publish("cartpole", run("b"), "{\"fqe\": 2.0}", Verdict.promote("wins"), "k2");
    assertThat(first.version().version()).isEqualTo(1);
    assertThat(second.version().version()).isEqualTo(2);
    assertThat(r.list()).containsExactly("cartpole");
    RegistryVersion champion = r.champion("cartpole").orElseThrow();
    assertThat(champion.version()).isEqualTo(2);
    assertThat(champion.files())
        .containsExactly("evaluation.json", "model.zip", "params.json", "policy.onnx", "run.json");
    String model = champion.file(r.storage(), ModelRegistry.MODEL_FILE);
    assertThat(new String(r.storage().read(model))).isEqualTo("last b");

    r.promote("cartpole", 1, "manual");
    assertThat(r.champion("cartpole").orElseThrow().version()).isEqualTo(1);
    assertThat(r.rollback("cartpole", "undo").version()).isEqualTo(2);
    assertThat(r.rollback("cartpole", "undo again").version()).isEqualTo(1);
    assertThatThrownBy(() -> r.rollback("cartpole", "too far"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no earlier champion");

    assertThat(r.history("cartpole"))
        .extracting(RegistryDecision::action, RegistryDecision::version, RegistryDecision::champion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Action.PUBLISH, 1, 1),
            org.assertj.core.groups.Tuple.tuple(Action.PUBLISH, 2, 2),
            org.assertj.core.groups.Tuple.tuple(Action.PROMOTE, 1, 1),
            org.assertj.core.groups.Tuple.tuple(Action.ROLLBACK, 2, 2),
            org.assertj.core.groups.Tuple.tuple(Action.ROLLBACK, 1, 1));
  }

  @Test
  void aRerunWithTheSameKeyFindsTheEarlierPublishAndWritesNothing() throws IOException {
    ModelRegistry r = registry();
    String run = run("a");
    var first = r.publish("m", run, "{}", Verdict.promote("x"), "same");
    var again = r.publish("m", run, "{}", Verdict.promote("x"), "same");
    assertThat(again.created()).isFalse();
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(r.findByKey("m", "same")).contains(first.version());
    assertThat(r.versions("m")).hasSize(1);
    assertThat(r.history("m")).hasSize(1);
  }

  @Test
  void aHeldLockFailsClearlyUntilBrokenAndAHalfWrittenVersionIsIgnoredThenReplaced()
      throws IOException {
    ModelRegistry r = registry();
    r.publish("m", run("a"), "{}", Verdict.promote("x"), null);
    Path model = base.resolve("registry").resolve("m");
    Files.createDirectories(model.resolve("v2"));
    Files.writeString(model.resolve("v2").resolve("model.zip"), "torn");
    Files.writeString(
        model.resolve("_LOCK"),
        "{\"operation\":\"publish\",\"since\":\"2026-01-01T00:00:00Z\",\"process\":\"1@h\"}");
    assertThat(r.versions("m")).extracting(RegistryVersion::version).containsExactly(1);

    assertThatThrownBy(() -> r.publish("m", run("b"), "{}", Verdict.promote("y"), null))
        .isInstanceOf(RegistryLockedException.class)
        .hasMessageContaining("registry m: another publish holds")
        .hasMessageContaining("since 2026-01-01T00:00:00Z")
        .hasMessageContaining("break-lock m");
    assertThat(r.history("m")).hasSize(1);

    assertThat(r.breakLock("m")).hasValueSatisfying(h -> assertThat(h).contains("1@h"));
    var v2 = r.publish("m", run("b"), "{}", Verdict.promote("y"), null);
    assertThat(v2.version().version()).isEqualTo(2);
    assertThat(Files.readString(model.resolve("v2").resolve("model.zip"))).isEqualTo("last b");
    assertThat(Files.exists(model.resolve("_LOCK"))).isFalse();
  }

  @Test
  void badInputNamesWhatIsWrong() throws IOException {
    ModelRegistry r = registry();
    assertThatThrownBy(() -> r.versions("nope")).hasMessageContaining("has no model nope");
    assertThatThrownBy(() -> r.publish("../x", run("a"), "{}", Verdict.promote("x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model name '../x'");
    r.publish("m", run("a"), "{}", Verdict.store("kept aside"), null);
    assertThat(r.champion("m")).isEmpty();
    assertThatThrownBy(() -> r.promote("m", 7, "x")).hasMessageContaining("has no version 7");
    String unfinished = run("c");
    Files.delete(base.resolve("run-c").resolve("_SUCCESS"));
    assertThatThrownBy(() -> r.publish("m", unfinished, "{}", Verdict.promote("x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no _SUCCESS");
  }
}
