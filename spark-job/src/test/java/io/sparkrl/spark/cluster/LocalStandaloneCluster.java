package io.sparkrl.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 made of real processes: one Master and {@code n} Workers
 * started with plain {@code java} from a laid-out {@code SPARK_HOME} (its {@code jars/}), and
 * client-mode {@code spark-submit} runs whose driver is a {@code SparkSubmit} JVM started directly
 * (a laid-out {@code SPARK_HOME} has no {@code bin/}).
 *
 * <p>Every process gets {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION} (without it executors fail
 * with "Cannot find any build directories"), {@code SPARK_LOCAL_IP=127.0.0.1} and {@code
 * SPARK_LOCAL_DIRS} under the cluster's base directory; Master, Workers and drivers get the Java 17
 * flags they are given, executors get Spark's own from their Worker. Each process logs to a file
 * under the base directory; failures quote the tails of those logs.
 *
 * <p>{@link #close()} stops every process it started and their descendants (the executors a Worker
 * launched): {@code destroy}, then {@code destroyForcibly} after a grace period. {@link
 * #liveProcesses()} then lists whatever is still running, which should be nothing.
 */
public final class LocalStandaloneCluster implements AutoCloseable {

  /** The Scala binary version of the Spark jars, for {@code SPARK_SCALA_VERSION}. */
  public static final String SCALA_BINARY_VERSION = "2.12";

  /** The loopback address every process binds to. */
  public static final String HOST = "127.0.0.1";

  private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
  private static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
  private static final String EXECUTOR_CLASS = "CoarseGrainedExecutorBackend";
  private static final String DAEMON_HEAP = "-Xmx512m";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path sparkHome;
  private final List<String> jvmFlags;
  private final Path baseDir;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Path> workDirs = new ArrayList<>();
  private final List<Started> started = new ArrayList<>();
  private final Set<ProcessHandle> tracked = new LinkedHashSet<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int submissions;
  private volatile Path runningStderr;

  private LocalStandaloneCluster(Path sparkHome, List<String> jvmFlags, Path baseDir)
      throws IOException {
    this.sparkHome = sparkHome;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.baseDir = baseDir;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
  }

  /**
   * Starts a Master and {@code workers} Workers and waits until the Master reports them all ALIVE.
   *
   * @param sparkHome a directory with {@code jars/} holding Spark and its dependencies
   * @param jvmFlags JVM flags for Master, Workers and drivers (Spark's Java 17 {@code --add-opens})
   * @param baseDir where logs, work and local directories go (created)
   * @param workers number of Workers
   * @param coresPerWorker {@code --cores} of each Worker
   * @param memoryPerWorker {@code --memory} of each Worker, e.g. {@code 2g}
   * @return the running cluster; close it
   * @throws IOException if a process cannot be started or a directory created
   * @throws IllegalStateException if the cluster is not up within the start timeout, with log tails
   */
  public static LocalStandaloneCluster start(
      Path sparkHome,
      List<String> jvmFlags,
      Path baseDir,
      int workers,
      int coresPerWorker,
      String memoryPerWorker)
      throws IOException {
    if (!Files.isDirectory(sparkHome.resolve("jars"))) {
      throw new IllegalArgumentException("no jars/ in SPARK_HOME " + sparkHome);
    }
    Files.createDirectories(baseDir);
    LocalStandaloneCluster cluster = new LocalStandaloneCluster(sparkHome, jvmFlags, baseDir);
    try {
      cluster.launch(
          "master",
          cluster.daemon(
              MASTER_CLASS,
              "--host",
              HOST,
              "--port",
              Integer.toString(cluster.masterPort),
              "--webui-port",
              Integer.toString(cluster.masterUiPort)));
      for (int i = 0; i < workers; i++) {
        int uiPort = freePort();
        Path workDir = Files.createDirectories(baseDir.resolve("worker-" + i));
        cluster.workDirs.add(workDir);
        cluster.launch(
            "worker-" + i,
            cluster.daemon(
                WORKER_CLASS,
                "--host",
                HOST,
                "--cores",
                Integer.toString(coresPerWorker),
                "--memory",
                memoryPerWorker,
                "--webui-port",
                Integer.toString(uiPort),
                "--work-dir",
                workDir.toString(),
                cluster.masterUrl()));
      }
      cluster.awaitAliveWorkers(workers);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private List<String> daemon(String mainClass, String... args) {
    List<String> command = java(DAEMON_HEAP);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  /** The Master's URL, {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  /** Each Worker's {@code --work-dir}, where executors keep {@code <app id>/<executor id>/}. */
  public List<Path> workerWorkDirs() {
    return List.copyOf(workDirs);
  }

  /** The Master's state from its web UI's {@code /json} endpoint. */
  public JsonNode masterState() {
    return getJson(masterUiPort);
  }

  /**
   * Runs {@code SparkSubmit} in client mode against this cluster and waits for it. While it runs,
   * the executor processes the Workers launch are recorded.
   *
   * @param name a name for the run's log files
   * @param driverHeap the driver JVM's {@code -Xmx} value, e.g. {@code 1g}
   * @param submitArgs spark-submit's arguments after {@code --master} and {@code --deploy-mode}:
   *     options, the application jar and the application's arguments
   * @param timeout how long the run may take; past it the driver is killed and this throws
   * @return the run's exit code, driver PID, logs and the executor PIDs seen
   * @throws IOException if the driver cannot be started
   * @throws InterruptedException if interrupted while waiting for the driver
   * @throws IllegalStateException on timeout, with the run's log tails
   */
  public SubmitResult submit(
      String name, String driverHeap, List<String> submitArgs, Duration timeout)
      throws IOException, InterruptedException {
    return submit(name, driverHeap, submitArgs, timeout, (driver, executors) -> {});
  }

  /**
   * As {@link #submit(String, String, List, Duration)}, calling {@code whileRunning} at every poll
   * (every {@code POLL}) with the driver JVM and the executor JVMs seen so far (PID to executor
   * id): a test can act on the running application, for instance kill an executor or the driver.
   */
  public SubmitResult submit(
      String name,
      String driverHeap,
      List<String> submitArgs,
      Duration timeout,
      java.util.function.BiConsumer<ProcessHandle, Map<Long, String>> whileRunning)
      throws IOException, InterruptedException {
    String prefix = String.format("submit-%02d-%s", ++submissions, name);
    Path stdout = baseDir.resolve(prefix + ".out");
    Path stderr = baseDir.resolve(prefix + ".err");
    runningStderr = stderr;
    List<String> command = java("-Xmx" + driverHeap);
    command.addAll(List.of(SUBMIT_CLASS, "--master", masterUrl(), "--deploy-mode", "client"));
    command.addAll(submitArgs);
    ProcessBuilder builder = processBuilder(command);
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    long startNanos = System.nanoTime();
    Process driver = builder.start();
    tracked.add(driver.toHandle());
    Map<Long, String> executors = new LinkedHashMap<>();
    long deadline = startNanos + timeout.toNanos();
    Map<Long, Double> peakRss = new HashMap<>();
    while (!driver.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
      recordExecutors(executors);
      whileRunning.accept(driver.toHandle(), java.util.Collections.unmodifiableMap(executors));
      recordPeakRss(peakRss, driver.pid());
      executors.keySet().forEach(pid -> recordPeakRss(peakRss, pid));
      if (System.nanoTime() > deadline) {
        stop(List.of(driver.toHandle()));
        throw new IllegalStateException(
            "spark-submit '"
                + name
                + "' did not finish within "
                + timeout
                + "\n"
                + tail(stderr)
                + logTails());
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    return new SubmitResult(
        driver.exitValue(), driver.pid(), stdout, stderr, executors, elapsed, peakRss);
  }

  private static void recordPeakRss(Map<Long, Double> peaks, long pid) {
    double mib = ProcessMemory.peakRssMib(pid);
    if (!Double.isNaN(mib)) {
      peaks.merge(pid, mib, Math::max);
    }
  }

  /** The driver log of the latest {@code submit}, for a test acting while it runs. */
  public Path runningStderr() {
    return runningStderr;
  }

  /** Processes started here (and descendants seen) that are still running. */
  public List<ProcessHandle> liveProcesses() {
    for (Started s : started) {
      tracked.add(s.process.toHandle());
      s.process.descendants().forEach(tracked::add);
    }
    return tracked.stream().filter(ProcessHandle::isAlive).toList();
  }

  /** The last lines of every Master and Worker log, for failure messages. */
  public String logTails() {
    StringBuilder text = new StringBuilder();
    for (Started s : started) {
      text.append('\n').append(tail(s.log));
    }
    return text.toString();
  }

  /**
   * Stops every process, then deletes the application jars executors copied into the work
   * directories (about 165 MB each) and keeps their logs.
   */
  @Override
  public void close() {
    stop(liveProcesses());
    for (Path workDir : workDirs) {
      try (Stream<Path> files = Files.walk(workDir)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
          Files.delete(jar);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the jar copies in " + workDir, e);
      }
    }
  }

  private void recordExecutors(Map<Long, String> executors) {
    for (Started s : started) {
      s.process
          .descendants()
          .forEach(
              p -> {
                tracked.add(p);
                String commandLine = p.info().commandLine().orElse("");
                if (commandLine.contains(EXECUTOR_CLASS)) {
                  executors.putIfAbsent(p.pid(), s.name);
                }
              });
    }
  }

  private static void stop(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    if (!awaitExit(processes, STOP_GRACE)) {
      processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitExit(processes, KILL_GRACE);
    }
  }

  private static boolean awaitExit(List<ProcessHandle> processes, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(POLL);
    }
    return true;
  }

  private void launch(String name, List<String> command) throws IOException {
    Path log = baseDir.resolve(name + ".log");
    ProcessBuilder builder = processBuilder(command);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    started.add(new Started(name, process, log));
    tracked.add(process.toHandle());
  }

  private List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.addAll(jvmFlags);
    command.add("-Djava.awt.headless=true");
    command.add("-Djava.io.tmpdir=" + baseDir.resolve("tmp"));
    command.add("-cp");
    command.add(sparkHome.resolve("jars") + File.separator + "*");
    return command;
  }

  private ProcessBuilder processBuilder(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(baseDir.toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", SCALA_BINARY_VERSION);
    env.put("SPARK_LOCAL_IP", HOST);
    env.put("SPARK_LOCAL_DIRS", Files.createDirectories(baseDir.resolve("local")).toString());
    Files.createDirectories(baseDir.resolve("tmp"));
    env.remove("SPARK_CONF_DIR");
    return builder;
  }

  private void awaitAliveWorkers(int expected) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String lastState = "no answer from the Master";
    while (System.nanoTime() < deadline) {
      List<String> dead =
          started.stream().filter(s -> !s.process.isAlive()).map(Started::name).toList();
      if (!dead.isEmpty()) {
        throw new IllegalStateException("cluster process(es) exited early: " + dead + logTails());
      }
      try {
        JsonNode state = masterState();
        long alive = aliveWorkers(state);
        if (alive == expected) {
          return;
        }
        lastState = alive + " ALIVE worker(s): " + state.path("workers");
      } catch (UncheckedIOException e) {
        lastState = "Master UI not answering: " + e.getMessage();
      }
      sleep(POLL);
    }
    throw new IllegalStateException(
        "the Master at "
            + masterUrl()
            + " did not report "
            + expected
            + " ALIVE workers within "
            + START_TIMEOUT
            + " ("
            + lastState
            + ")"
            + logTails());
  }

  private static long aliveWorkers(JsonNode masterState) {
    long alive = 0;
    for (JsonNode worker : masterState.path("workers")) {
      if ("ALIVE".equals(worker.path("state").asText())) {
        alive++;
      }
    }
    return alive;
  }

  private JsonNode getJson(int uiPort) {
    URI uri = URI.create("http://" + HOST + ":" + uiPort + "/json/");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new UncheckedIOException(
            new IOException(uri + ": HTTP " + response.statusCode() + ": " + response.body()));
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + uri, e);
    }
  }

  /** The last lines of a log file, headed by its path. */
  static String tail(Path log) {
    if (!Files.exists(log)) {
      return "==> " + log + " (missing)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()).stream()
          .collect(Collectors.joining("\n", "==> " + log + " <==\n", ""));
    } catch (IOException e) {
      return "==> " + log + " (unreadable: " + e.getMessage() + ")";
    }
  }

  @SuppressWarnings("AddressSelection") // HOST is the literal loopback address
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private record Started(String name, Process process, Path log) {}
}
