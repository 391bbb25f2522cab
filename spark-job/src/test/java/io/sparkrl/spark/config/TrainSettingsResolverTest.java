package io.sparkrl.spark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.validation.ValidationMode;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TrainSettingsResolverTest {

  private static final String FILE = "conf/test.json";

  private static TrainSettings resolve(String json, Map<String, String> spark, String... sets) {
    return TrainSettingsResolver.resolve(json, FILE, spark, List.of(sets));
  }

  @Test
  void withNoSourceEverythingIsDefault() {
    TrainSettings s = TrainSettingsResolver.resolve((java.nio.file.Path) null, Map.of(), List.of());
    assertThat(s.config()).isEqualTo(AwrConfig.defaults());
    assertThat(s.job()).isEqualTo(JobSettings.DEFAULTS);
    assertThat(s.sparkProperties()).isEmpty();
  }

  @Test
  void commandLineBeatsSparkConfBeatsFileBeatsDefaults() {
    String file = "{\"gamma\": 0.5, \"job\": {\"workers\": 3}}";
    Map<String, String> spark =
        Map.of("spark.sparkrl.gamma", "0.6", "spark.sparkrl.job.workers", "4");

    TrainSettings all = resolve(file, spark, "gamma=0.7", "job.workers=5");
    assertThat(all.config().gamma()).isEqualTo(0.7);
    assertThat(all.job().workers()).isEqualTo(5);

    TrainSettings noCli = resolve(file, spark);
    assertThat(noCli.config().gamma()).isEqualTo(0.6);
    assertThat(noCli.job().workers()).isEqualTo(4);

    TrainSettings fileOnly = resolve(file, Map.of());
    assertThat(fileOnly.config().gamma()).isEqualTo(0.5);
    assertThat(fileOnly.job().workers()).isEqualTo(3);

    TrainSettings none = resolve("{}", Map.of());
    assertThat(none.config().gamma()).isEqualTo(AwrConfig.DEFAULT_GAMMA);
    assertThat(none.job().workers()).isEqualTo(JobSettingKeys.WORKERS.defaultValue());
  }

  @Test
  void sourcesCombineKeyByKeyAndTheLastSetWins() {
    TrainSettings s =
        resolve(
            "{\"lam\": 0.8, \"job\": {\"returns_every\": \"iteration\"}}",
            Map.of("spark.sparkrl.beta", "0.2", "spark.other", "ignored"),
            "gamma=0.9",
            "gamma=0.95",
            "scaler=standard",
            "encoder_params={\"hidden_units\": [64, 64]}",
            "job.eval_env=CartPole-v0");
    assertThat(s.config().lam()).isEqualTo(0.8);
    assertThat(s.config().beta()).isEqualTo(0.2);
    assertThat(s.config().gamma()).isEqualTo(0.95);
    assertThat(s.config().scaler().type()).isEqualTo(ScalerType.STANDARD);
    assertThat(s.config().encoderParams().hiddenUnits()).containsExactly(64, 64);
    assertThat(s.job().returnsEvery()).isEqualTo(new ReturnsSchedule(1));
    assertThat(s.job().evalEnv()).isEqualTo("cartpole-v0");
  }

  @Test
  void unknownKeysNameTheKeyAndTheirSource() {
    assertThatThrownBy(() -> resolve("{\"gama\": 0.9}", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("'gama'");
    assertThatThrownBy(() -> resolve("{\"job\": {\"wrokers\": 2}}", Map.of()))
        .hasMessageContaining(FILE)
        .hasMessageContaining("'wrokers'");
    assertThatThrownBy(() -> resolve("{}", Map.of("spark.sparkrl.gama", "0.9")))
        .hasMessageContaining("Spark conf")
        .hasMessageContaining("'gama'");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "gama=0.9"))
        .hasMessageContaining("--set gama=0.9")
        .hasMessageContaining("'gama'");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "workers=3"))
        .hasMessageContaining("--set workers=3")
        .hasMessageContaining("job.workers");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "job.wrokers=3"))
        .hasMessageContaining("--set job.wrokers=3")
        .hasMessageContaining("'wrokers'");
    assertThatThrownBy(() -> resolve("{\"spark\": {\"executor.memory\": \"4g\"}}", Map.of()))
        .hasMessageContaining(FILE)
        .hasMessageContaining("'executor.memory'");
    assertThatThrownBy(() -> resolve("{\"spark\": {\"spark.sparkrl.gamma\": 0.9}}", Map.of()))
        .hasMessageContaining("spark.sparkrl.gamma");
    assertThatThrownBy(() -> resolve("{\"sparks\": {}}", Map.of())).hasMessageContaining("sparks");
  }

  @Test
  void badValuesNameTheKeyTheValueAndTheirSource() {
    assertThatThrownBy(() -> resolve("{}", Map.of(), "gamma=1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--set gamma=1.5")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> resolve("{\"gamma\": \"high\"}", Map.of()))
        .hasMessageContaining(FILE)
        .hasMessageContaining("gamma")
        .hasMessageContaining("high");
    assertThatThrownBy(() -> resolve("{}", Map.of("spark.sparkrl.job.workers", "0")))
        .hasMessageContaining("spark.sparkrl.job.workers")
        .hasMessageContaining("workers: must be >= 1, got 0");
    assertThatThrownBy(() -> resolve("{\"job\": {\"returns_every\": \"weekly\"}}", Map.of()))
        .hasMessageContaining(FILE)
        .hasMessageContaining("returns_every")
        .hasMessageContaining("'weekly'");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "job.validation=lenient"))
        .hasMessageContaining("validation")
        .hasMessageContaining("'lenient'");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "job.eval_env=pong"))
        .hasMessageContaining("eval_env")
        .hasMessageContaining("'pong'");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "job.averaging_frequency=often"))
        .hasMessageContaining("averaging_frequency: must be an integer, got 'often'");
    assertThatThrownBy(() -> resolve("{\"job\": {\"workers\": [2]}}", Map.of()))
        .hasMessageContaining("workers")
        .hasMessageContaining("[2]");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "job.worker_batch_size=4096"))
        .hasMessageContaining("worker_batch_size 4096 exceeds batch_size 2048");
    assertThatThrownBy(() -> resolve("{}", Map.of(), "gamma"))
        .hasMessageContaining("--set gamma")
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> resolve("{\"gamma\": 0.9, \"gamma\": 0.8}", Map.of()))
        .hasMessageContaining(FILE)
        .hasMessageContaining("gamma");
  }

  @Test
  void fileSparkPropertiesOnlyFillWhatTheSessionLacks() {
    TrainSettings s =
        resolve(
            "{\"spark\": {\"spark.executor.memory\": \"4g\", \"spark.executor.cores\": 2,"
                + " \"spark.dynamicAllocation.enabled\": false}}",
            Map.of());
    assertThat(s.sparkProperties())
        .containsEntry("spark.executor.cores", "2")
        .containsEntry("spark.dynamicAllocation.enabled", "false");
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "8g");
    s.applySparkDefaults(conf);
    assertThat(conf.get("spark.executor.memory")).isEqualTo("8g");
    assertThat(conf.get("spark.executor.cores")).isEqualTo("2");
  }

  @Test
  void jobSettingsParseTheirJsonAndTextFormsAndRoundTrip() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JobSettings job =
        JobSettings.fromJson(
            json.readTree(
                "{\"validation\": \"quarantine\", \"quarantine_dir\": \"hdfs://nn/q\","
                    + " \"returns_every\": \"5\", \"seed\": -3, \"worker_batch_size\": 64,"
                    + " \"workers\": \"3\"}"));
    assertThat(job.validation()).isEqualTo(ValidationMode.QUARANTINE);
    assertThat(job.effectiveQuarantineDir("hdfs://nn/out")).isEqualTo("hdfs://nn/q");
    assertThat(JobSettings.DEFAULTS.effectiveQuarantineDir("hdfs://nn/out"))
        .isEqualTo("hdfs://nn/out/quarantine");
    assertThat(job.returnsEvery().everyIterations()).isEqualTo(5);
    assertThat(job.seed()).isEqualTo(-3);
    assertThat(job.workers()).isEqualTo(3);
    assertThat(job.effectiveWorkerBatchSize(AwrConfig.defaults())).isEqualTo(64);
    assertThat(JobSettings.DEFAULTS.effectiveWorkerBatchSize(AwrConfig.defaults()))
        .isEqualTo(AwrConfig.DEFAULT_BATCH_SIZE_PER_UPDATE);
    assertThat(
            JobSettings.fromJson(json.readTree("{\"worker_batch_size\": null}")).workerBatchSize())
        .isNull();
    assertThat(job.toMap().keySet()).containsExactlyElementsOf(JobSettingKeys.NAMES);
    assertThat(job.toMap())
        .containsEntry("returns_every", "5")
        .containsEntry("validation", "quarantine")
        .containsEntry("eval_env", "");
    assertThat(JobSettings.fromJson(job.toJson())).isEqualTo(job);
    assertThat(JobSettings.fromJson(JobSettings.DEFAULTS.toJson())).isEqualTo(JobSettings.DEFAULTS);
  }

  @Test
  void everyJobKeyHasADescriptionAndItsDefaultObeysItsRule() {
    for (var key : JobSettingKeys.ALL) {
      assertThat(key.description()).as(key.name()).isNotBlank();
      assertThat(key.defaultText()).as(key.name()).isNotBlank();
    }
    assertThat(JobSettings.DEFAULTS.workers()).isEqualTo(JobSettingKeys.WORKERS.defaultValue());
  }

  @Test
  void returnsScheduleMatchesItsDefinition() {
    ReturnsSchedule epoch = ReturnsSchedule.parse("epoch");
    ReturnsSchedule every = ReturnsSchedule.parse("iteration");
    ReturnsSchedule three = ReturnsSchedule.parse("3");
    for (int i = 0; i < 10; i++) {
      assertThat(epoch.recomputeBefore(i)).isEqualTo(i == 0);
      assertThat(every.recomputeBefore(i)).isTrue();
      assertThat(three.recomputeBefore(i)).isEqualTo(i == 0 || i == 3 || i == 6 || i == 9);
    }
    assertThat(List.of(epoch, every, three))
        .extracting(ReturnsSchedule::toString)
        .containsExactly("epoch", "iteration", "3");
    assertThatThrownBy(() -> ReturnsSchedule.parse("0")).hasMessageContaining("'0'");
    assertThatThrownBy(() -> ReturnsSchedule.parse("-2")).hasMessageContaining("'-2'");
  }
}
