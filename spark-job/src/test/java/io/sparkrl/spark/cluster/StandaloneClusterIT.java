package io.sparkrl.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.SparkrlVersion;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.cli.SparkrlCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * sparkrl's spark-submit jar on a real standalone cluster: a Master and two one-core Workers on
 * 127.0.0.1, each a separate JVM, and client-mode spark-submit with two one-core executors. The
 * cluster's {@code SPARK_HOME} holds only Spark and its dependencies ({@code target/spark-home},
 * laid out by the build), so DL4J, ND4J and sparkrl itself must come from the submit jar.
 *
 * <p>Paths come from the build as system properties: {@value #SPARK_HOME_PROPERTY}, {@value
 * #SUBMIT_JAR_PROPERTY}, {@value #OPENS_FILE_PROPERTY} and {@value #CONF_DIR_PROPERTY}. Run alone
 * with {@code mvn -pl spark-job verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=StandaloneClusterIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

  static final String SPARK_HOME_PROPERTY = "sparkrl.it.sparkHome";
  static final String SUBMIT_JAR_PROPERTY = "sparkrl.it.submitJar";
  static final String OPENS_FILE_PROPERTY = "sparkrl.it.opensFile";
  static final String CONF_DIR_PROPERTY = "sparkrl.it.confDir";

  private static final int WORKERS = 2;
  private static final int CORES_PER_WORKER = 1;
  private static final String WORKER_MEMORY = "2g";
  private static final String EXECUTOR_MEMORY = "1g";
  private static final String DRIVER_HEAP = "1g";
  private static final int PROBE_TASKS = 8;

  /** About 20k transitions: the mixed policy's CartPole-v0 episodes average about 40 steps. */
  private static final int EPISODES = 500;

  private static final Duration VERSION_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TRAIN_TIMEOUT = Duration.ofMinutes(3);

  private static final String DRIVER = "driver";
  private static final List<String> RUN_ARTIFACTS =
      List.of(
          "params.json",
          "run.json",
          "critic_loss.csv",
          "actor_loss.csv",
          "policy.onnx",
          "policy.zip",
          "report.html",
          "_SUCCESS");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path clusterDir;

  private static LocalStandaloneCluster cluster;
  private static Path calmData;
  private static Path calmRun;

  @BeforeAll
  static void startCluster() throws IOException {
    assertThat(submitJar()).as("the spark-submit jar (mvn package builds it)").isRegularFile();
    cluster =
        LocalStandaloneCluster.start(
            path(SPARK_HOME_PROPERTY),
            jvmFlags(),
            clusterDir,
            WORKERS,
            CORES_PER_WORKER,
            WORKER_MEMORY);
  }

  @AfterAll
  static void stopClusterLeavingNoProcess() {
    if (cluster != null) {
      cluster.close();
      assertThat(cluster.liveProcesses())
          .as("Master, Worker, executor and driver processes left running")
          .isEmpty();
    }
  }

  @Test
  @Order(1)
  void versionRunsInTheDriverAlone() throws Exception {
    int appsBefore = applications().size();

    var run = cluster.submit("version", DRIVER_HEAP, sparkrlArgs("version"), VERSION_TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains("sparkrl " + SparkrlVersion.sparkrl())
        .contains("Spark 3.5.9 (Scala 2.12")
        .contains("Java 17");
    assertThat(applications()).as("no application registered: driver only").hasSize(appsBefore);
    assertThat(run.executorPids()).isEmpty();
  }

  @Test
  @Order(2)
  void executorsStartOnBothWorkersAndLoadNd4jFromTheSubmitJar(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("probe.txt");
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--class", ExecutorProbe.class.getName()));
    args.addAll(List.of("--jars", probeJar(dir).toString()));
    args.addAll(resourceArgs());
    args.addAll(List.of(submitJar().toString(), output.toString(), "" + PROBE_TASKS));

    var run = cluster.submit("probe", DRIVER_HEAP, args, PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    String appId = field(lines, "app");
    assertThat(Long.parseLong(field(lines, "driver")))
        .as("the driver ran in the SparkSubmit JVM")
        .isEqualTo(run.driverPid());
    Map<String, Set<Long>> pidsByExecutor = new TreeMap<>();
    List<String> tasks = lines.stream().filter(l -> l.startsWith("task ")).toList();
    assertThat(tasks).hasSize(PROBE_TASKS);
    for (String task : tasks) {
      String[] f = task.split(" ");
      assertThat(Double.parseDouble(f[4])).as("ND4J sum on executor %s", f[2]).isEqualTo(4.0);
      pidsByExecutor.computeIfAbsent(f[2], k -> new HashSet<>()).add(Long.parseLong(f[3]));
    }
    assertThat(pidsByExecutor.keySet())
        .as("executors that ran tasks")
        .hasSize(WORKERS)
        .doesNotContain(DRIVER);
    Map<String, Long> logged = assertExecutorLogsOnEveryWorker(appId, run);
    pidsByExecutor.forEach(
        (id, pids) -> assertThat(pids).as("executor %s's JVM", id).containsExactly(logged.get(id)));
    assertFinished(appId);
  }

  @Test
  @Order(3)
  void trainRunsOnTheClusterExecutors(@TempDir Path dir) throws Exception {
    Path data = generateCartPole(dir.resolve("cartpole"));
    Path runDir = dir.resolve("run");
    Set<String> appsBefore = ExecutorLogs.appIds(cluster.workerWorkDirs());

    var run =
        cluster.submit(
            "train",
            DRIVER_HEAP,
            sparkrlArgs(
                "train",
                "--config",
                path(CONF_DIR_PROPERTY).resolve("cartpole-quickstart.json").toString(),
                "--data",
                data.toUri().toString(),
                "--output",
                runDir.toUri().toString(),
                "--set",
                "n_epochs=1",
                "--set",
                "job.workers=" + WORKERS,
                "--set",
                "job.eval_episodes=2"),
            TRAIN_TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    for (String artifact : RUN_ARTIFACTS) {
      assertThat(runDir.resolve(artifact)).as(artifact).isRegularFile();
    }
    try (Stream<Path> files = Files.list(runDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("model_<epoch>.zip")
          .anyMatch(name -> name.matches("model_\\d+\\.zip"));
    }
    JsonNode provenance = JSON.readTree(runDir.resolve("run.json").toFile());
    assertThat(provenance.path("status").asText()).isEqualTo("SUCCEEDED");
    Map<String, Long> tasksPerExecutor = new TreeMap<>();
    provenance
        .path("tasks_per_executor")
        .fields()
        .forEachRemaining(e -> tasksPerExecutor.put(e.getKey(), e.getValue().asLong()));
    List<String> executorsWithTasks =
        tasksPerExecutor.entrySet().stream()
            .filter(e -> !e.getKey().equals(DRIVER) && e.getValue() > 0)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(executorsWithTasks).as("executors that ran tasks: " + tasksPerExecutor).isNotEmpty();

    Set<String> newApps = ExecutorLogs.appIds(cluster.workerWorkDirs());
    newApps.removeAll(appsBefore);
    assertThat(newApps).as("applications started by the train run").hasSize(1);
    String appId = newApps.iterator().next();
    Map<String, Long> logged = assertExecutorLogsOnEveryWorker(appId, run);
    assertThat(logged.keySet()).containsAll(executorsWithTasks);
    assertFinished(appId);
  }

  @Test
  @Order(4)
  void anExecutorKilledMidEpochLeavesTheModelBitIdentical(@TempDir Path dir) throws Exception {
    Path calm = calmRun();
    Path killed = dir.resolve("killed");
    long[] victim = {-1};
    var disturbed =
        cluster.submit(
            "train-killed",
            DRIVER_HEAP,
            augmentedTrain(calmData, killed),
            TRAIN_TIMEOUT.multipliedBy(2),
            (driver, executors) -> {
              // kill -9 one of this application's executors (a finished run's may still be
              // exiting) while a barrier stage of the first epoch runs: between stages an
              // executor's loss costs no group
              if (victim[0] < 0
                  && iterationsLogged(killed) >= 3
                  && barrierTasksRunning(cluster.runningStderr())) {
                startedAfter(driver, executors.keySet())
                    .filter(ProcessHandle::destroyForcibly)
                    .ifPresent(p -> victim[0] = p.pid());
              }
            });
    assertThat(disturbed.exitCode()).as(disturbed.describe()).isZero();
    assertThat(victim[0]).as("an executor was killed mid-epoch").isPositive();
    assertThat(iterationsLogged(killed)).isEqualTo(iterationsLogged(calm));
    assertThat(Files.readString(disturbed.stderr()))
        .as("the lost group ran again")
        .contains("running them again from their starting state");
    assertSameRun(killed, calm);
  }

  @Test
  @Order(5)
  void aDriverKilledDuringTrainingThenResumedEndsBitIdentical(@TempDir Path dir) throws Exception {
    Path calm = calmRun();
    Path killed = dir.resolve("killed");
    long perEpoch = iterationsLogged(calm) / 2;
    var interrupted =
        cluster.submit(
            "train-driver-killed",
            DRIVER_HEAP,
            augmentedTrain(calmData, killed),
            TRAIN_TIMEOUT,
            (driver, executors) -> {
              // kill -9 the driver in epoch 1, after epoch 0's checkpoint
              if (Files.exists(killed.resolve("model_0.zip"))
                  && iterationsLogged(killed) >= perEpoch + 2) {
                driver.destroyForcibly();
              }
            });
    assertThat(interrupted.exitCode()).as(interrupted.describe()).isNotZero();
    assertThat(killed.resolve("model_1.zip")).doesNotExist();
    assertResumesToTheCalmRun(killed, calm);
  }

  @Test
  @Order(6)
  void aDriverKilledWhilePublishingAModelThenResumedEndsBitIdentical(@TempDir Path dir)
      throws Exception {
    Path calm = calmRun();
    Path killed = dir.resolve("killed");
    List<String> args = new ArrayList<>(augmentedTrain(calmData, killed));
    // the job pauses once model_1.zip's temporary copy is complete, before its rename
    args.addAll(
        0, List.of("--conf", "spark.hadoop.sparkrl.fault.pause-before-publish=model_1.zip"));
    var interrupted =
        cluster.submit(
            "train-killed-in-write",
            DRIVER_HEAP,
            args,
            TRAIN_TIMEOUT,
            (driver, executors) -> {
              // every write goes through a temporary; only model_1.zip's waits at the fault point
              if (unfinishedWrites(killed).stream().anyMatch(n -> n.startsWith(".model_1.zip."))) {
                driver.destroyForcibly();
              }
            });
    assertThat(interrupted.exitCode()).as(interrupted.describe()).isNotZero();
    assertThat(unfinishedWrites(killed)).singleElement().asString().startsWith(".model_1.zip.");
    assertThat(killed.resolve("model_1.zip")).doesNotExist();
    assertResumesToTheCalmRun(killed, calm);
    assertThat(unfinishedWrites(killed)).isEmpty();
  }

  @Test
  @Order(7)
  void retrainPublishesV1ThenKeepsTheChampionOnADegradedBatch(@TempDir Path dir) throws Exception {
    Path registry = dir.resolve("registry");
    var first =
        cluster.submit(
            "retrain-day1",
            DRIVER_HEAP,
            retrainArgs(
                registry,
                generateCartPole(dir.resolve("day1"), "mixed", 200, 11),
                generateCartPole(dir.resolve("eval1"), "mixed", 80, 12),
                dir.resolve("runs")),
            TRAIN_TIMEOUT);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(Files.readString(first.stdout())).contains("published: v1");
    assertThat(registry.resolve("cartpole/v1/_COMMITTED")).isRegularFile();
    assertThat(registry.resolve("cartpole/v1/evaluation.json")).isRegularFile();

    var degraded =
        cluster.submit(
            "retrain-day3",
            DRIVER_HEAP,
            retrainArgs(
                registry,
                generateCartPole(dir.resolve("day3"), "bad-heuristic", 200, 13),
                generateCartPole(dir.resolve("eval3"), "bad-heuristic", 80, 14),
                dir.resolve("runs")),
            TRAIN_TIMEOUT);
    assertThat(degraded.exitCode()).as(degraded.describe()).isEqualTo(3);
    assertThat(Files.readString(degraded.stdout())).contains("champion kept: v1");
    assertThat(
            JSON.readTree(registry.resolve("cartpole/CHAMPION").toFile()).path("version").asInt())
        .isEqualTo(1);
    assertThat(registry.resolve("cartpole/v2")).doesNotExist();
    assertThat(Files.readAllLines(registry.resolve("cartpole/history.jsonl"))).hasSize(2);
  }

  private static List<String> retrainArgs(Path registry, Path data, Path eval, Path runs) {
    return sparkrlArgs(
        "retrain",
        "--registry",
        registry.toUri().toString(),
        "--name",
        "cartpole",
        "--data",
        data.toUri().toString(),
        "--eval-data",
        eval.toUri().toString(),
        "--runs",
        runs.toUri().toString(),
        "--config",
        path(CONF_DIR_PROPERTY).resolve("cartpole-quickstart.json").toString(),
        "--set",
        "n_epochs=1",
        "--set",
        "job.workers=" + WORKERS,
        "--set",
        "job.eval_episodes=2",
        "--estimators",
        "pdis,dr,fqe",
        "--fqe-steps",
        "300",
        "--resamples",
        "200");
  }

  private static void assertResumesToTheCalmRun(Path killed, Path calm) throws Exception {
    List<String> resume = new ArrayList<>(augmentedTrain(calmData, killed));
    resume.add("--resume");
    var resumed = cluster.submit("train-resumed", DRIVER_HEAP, resume, TRAIN_TIMEOUT);
    assertThat(resumed.exitCode()).as(resumed.describe()).isZero();
    assertThat(killed.resolve("_SUCCESS")).isRegularFile();
    assertThat(iterationsLogged(killed)).isEqualTo(iterationsLogged(calm));
    assertSameRun(killed, calm);
    assertThat(Files.readAllBytes(killed.resolve("policy.onnx")))
        .isEqualTo(Files.readAllBytes(calm.resolve("policy.onnx")));
  }

  /** The same metrics and, bit for bit, the same final parameters and momentum. */
  private static void assertSameRun(Path run, Path calm) throws IOException {
    assertThat(Files.readAllBytes(run.resolve("critic_loss.csv")))
        .isEqualTo(Files.readAllBytes(calm.resolve("critic_loss.csv")));
    LearnerState expected = modelState(calm.resolve("model_1.zip"));
    LearnerState actual = modelState(run.resolve("model_1.zip"));
    assertThat(actual.actor().params()).containsExactly(expected.actor().params());
    assertThat(actual.actor().updaterState()).containsExactly(expected.actor().updaterState());
    assertThat(actual.critic().params()).containsExactly(expected.critic().params());
    assertThat(actual.critic().updaterState()).containsExactly(expected.critic().updaterState());
  }

  private static List<String> unfinishedWrites(Path run) {
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(run)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") && n.endsWith(".tmp"))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The undisturbed two-epoch run the fault tests compare with, trained once per class. */
  private static Path calmRun() throws Exception {
    if (calmRun == null) {
      calmData = generateCartPole(clusterDir.resolve("calm-data"));
      Path calm = clusterDir.resolve("calm");
      var undisturbed =
          cluster.submit("train-calm", DRIVER_HEAP, augmentedTrain(calmData, calm), TRAIN_TIMEOUT);
      assertThat(undisturbed.exitCode()).as(undisturbed.describe()).isZero();
      calmRun = calm;
    }
    return calmRun;
  }

  /** Two epochs of two workers with an augmentation, so that the workers draw random numbers. */
  private static List<String> augmentedTrain(Path data, Path out) {
    return sparkrlArgs(
        "train",
        "--config",
        path(CONF_DIR_PROPERTY).resolve("cartpole-quickstart.json").toString(),
        "--data",
        data.toUri().toString(),
        "--output",
        out.toUri().toString(),
        "--set",
        "n_epochs=2",
        "--set",
        "augmentation=[\"single_amplitude_scaling\"]",
        "--set",
        "job.workers=" + WORKERS,
        "--set",
        "job.eval_env=",
        "--set",
        "job.tensorboard=false");
  }

  /** Whether the driver log shows a barrier stage's tasks started and none finished yet. */
  private static boolean barrierTasksRunning(Path driverLog) {
    String log;
    try {
      log = Files.readString(driverLog);
    } catch (IOException e) {
      return false;
    }
    int submitted = log.lastIndexOf("missing tasks from ResultStage");
    int finished = log.lastIndexOf("Removed TaskSet");
    return submitted > finished
        && log.indexOf("BarrierStage", submitted) > 0
        && log.indexOf("Starting task", submitted) > 0
        && log.indexOf("Finished task", submitted) < 0;
  }

  private static java.util.Optional<ProcessHandle> startedAfter(
      ProcessHandle driver, Set<Long> executorPids) {
    java.time.Instant driverStart = driver.info().startInstant().orElseThrow();
    return executorPids.stream()
        .map(ProcessHandle::of)
        .flatMap(java.util.Optional::stream)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(t -> !t.isBefore(driverStart)).orElse(false))
        .findFirst();
  }

  private static long iterationsLogged(Path run) {
    Path log = run.resolve("iterations.csv");
    try {
      return Files.exists(log) ? Math.max(0, Files.readAllLines(log).size() - 1) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static LearnerState modelState(Path model) throws IOException {
    DiscreteAWR m = DiscreteAWR.fromJson(model.resolveSibling("params.json"), GpuSetting.DISABLED);
    m.loadModel(model);
    return m.impl().state();
  }

  /**
   * Every Worker's work dir has this application's executor logs; each names an executor JVM that
   * is not the driver and that was seen as a child of a Worker. Returns executor id to its PID.
   */
  private static Map<String, Long> assertExecutorLogsOnEveryWorker(String appId, SubmitResult run)
      throws IOException {
    Map<String, Long> pids = new TreeMap<>();
    for (Path workDir : cluster.workerWorkDirs()) {
      Map<String, Path> logs = ExecutorLogs.executorLogs(workDir, appId);
      assertThat(logs).as("executor logs of %s in %s", appId, workDir).isNotEmpty();
      for (Map.Entry<String, Path> log : logs.entrySet()) {
        OptionalLong pid = ExecutorLogs.pid(log.getValue());
        assertThat(pid).as(LocalStandaloneCluster.tail(log.getValue())).isPresent();
        pids.put(log.getKey(), pid.getAsLong());
      }
    }
    assertThat(pids.values())
        .as("executor JVMs")
        .doesNotContain(run.driverPid())
        .doesNotHaveDuplicates()
        .allMatch(pid -> run.executorPids().containsKey(pid), "seen as Worker children");
    return pids;
  }

  private static void assertFinished(String appId) {
    JsonNode app =
        applications().stream()
            .filter(a -> appId.equals(a.path("id").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(appId + " unknown to the Master"));
    assertThat(app.path("state").asText()).as(app.toString()).isEqualTo("FINISHED");
  }

  private static List<JsonNode> applications() {
    JsonNode state = cluster.masterState();
    List<JsonNode> apps = new ArrayList<>();
    state.path("activeapps").forEach(apps::add);
    state.path("completedapps").forEach(apps::add);
    return apps;
  }

  /** spark-submit arguments that run the sparkrl CLI with {@code cliArgs}. */
  private static List<String> sparkrlArgs(String... cliArgs) {
    List<String> args = new ArrayList<>(List.of("--class", SparkrlCli.class.getName()));
    args.addAll(resourceArgs());
    args.add(submitJar().toString());
    args.addAll(List.of(cliArgs));
    return args;
  }

  /** Two one-core 1g executors, one BLAS thread each, Kryo with sparkrl's registrators. */
  private static List<String> resourceArgs() {
    return List.of(
        "--total-executor-cores",
        "" + WORKERS * CORES_PER_WORKER,
        "--executor-cores",
        "" + CORES_PER_WORKER,
        "--executor-memory",
        EXECUTOR_MEMORY,
        "--conf",
        "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf",
        "spark.executor.extraJavaOptions=-Djava.awt.headless=true",
        // Schedule only once both executors are registered, so both get tasks.
        "--conf",
        "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.driver.host=" + LocalStandaloneCluster.HOST,
        "--conf",
        "spark.serializer=org.apache.spark.serializer.KryoSerializer",
        "--conf",
        "spark.kryo.registrator=" + SparkrlKryoRegistrator.REGISTRATORS);
  }

  private static Path generateCartPole(Path out) throws IOException {
    Path data = generateCartPole(out, "mixed", EPISODES, 1);
    DatasetManifest manifest = DatasetManifestParser.read(data.resolve(DatasetManifest.FILE_NAME));
    assertThat(manifest.transitions()).isBetween(10_000L, 40_000L);
    return data;
  }

  private static Path generateCartPole(Path out, String policy, int episodes, long seed) {
    StringWriter err = new StringWriter();
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int rc =
        cli.execute(
            "dataset",
            "generate",
            "--env",
            "cartpole-v0",
            "--episodes",
            "" + episodes,
            "--policy",
            policy,
            "--seed",
            "" + seed,
            "--out",
            out.toString(),
            "--quiet");
    assertThat(rc).as(err.toString()).isZero();
    return out;
  }

  /** A jar of {@link ExecutorProbe}'s classes, for {@code --jars}. */
  private static Path probeJar(Path dir) throws Exception {
    Path classes =
        Path.of(ExecutorProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String packagePath = ExecutorProbe.class.getPackageName().replace('.', '/');
    Path jar = dir.resolve("executor-probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(classes.resolve(packagePath))) {
      for (Path file :
          files
              .filter(
                  p -> p.getFileName().toString().startsWith(ExecutorProbe.class.getSimpleName()))
              .toList()) {
        out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String field(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key + " "))
        .map(l -> l.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + key + "' line in " + lines));
  }

  private static List<String> jvmFlags() throws IOException {
    String flags = Files.readString(path(OPENS_FILE_PROPERTY), StandardCharsets.UTF_8).trim();
    return List.of(flags.split("\\s+"));
  }

  private static Path submitJar() {
    return path(SUBMIT_JAR_PROPERTY);
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    assertThat(value)
        .as("system property %s (set by the failsafe configuration)", property)
        .isNotBlank();
    return Path.of(value).toAbsolutePath().normalize();
  }
}
