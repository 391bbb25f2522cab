package io.sparkrl.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a standalone Worker leaves in its work directory: {@code <app id>/<executor id>/stderr} per
 * executor it launched, and in that log the executor JVM's process id ({@code Started daemon with
 * process name: <pid>@<host>}, logged by {@code CoarseGrainedExecutorBackend} at start).
 */
final class ExecutorLogs {

  /** The executor log file a Worker writes per executor. */
  static final String STDERR = "stderr";

  private static final Pattern DAEMON_PID =
      Pattern.compile("Started daemon with process name: (\\d+)@");

  private ExecutorLogs() {}

  /** The application ids ({@code app-*} directories) in the given work directories. */
  static Set<String> appIds(List<Path> workDirs) throws IOException {
    Set<String> ids = new TreeSet<>();
    for (Path workDir : workDirs) {
      try (Stream<Path> apps = Files.list(workDir)) {
        apps.filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .filter(name -> name.startsWith("app-"))
            .forEach(ids::add);
      }
    }
    return ids;
  }

  /** Executor id to its {@code stderr} log, for one application in one work directory. */
  static Map<String, Path> executorLogs(Path workDir, String appId) throws IOException {
    Map<String, Path> logs = new TreeMap<>();
    Path app = workDir.resolve(appId);
    if (!Files.isDirectory(app)) {
      return logs;
    }
    try (Stream<Path> executors = Files.list(app)) {
      executors
          .filter(p -> Files.isRegularFile(p.resolve(STDERR)))
          .forEach(p -> logs.put(p.getFileName().toString(), p.resolve(STDERR)));
    }
    return logs;
  }

  /** The executor JVM's process id from its log, if the log has the start line. */
  static OptionalLong pid(Path stderr) throws IOException {
    Matcher m = DAEMON_PID.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
