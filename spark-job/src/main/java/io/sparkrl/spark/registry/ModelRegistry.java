package io.sparkrl.spark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkrl.spark.registry.RegistryDecision.Action;
import io.sparkrl.spark.registry.RegistryDecision.Verdict;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model registry on any Hadoop file system (docs/design.md §3.6):
 *
 * <pre>
 * registry/NAME/v1/{model.zip, policy.onnx, params.json, run.json, evaluation.json, _COMMITTED}
 * registry/NAME/CHAMPION        {"format_version": 1, "version": 2, "since": "…"}
 * registry/NAME/history.jsonl   one decision per line, in order
 * registry/NAME/_LOCK           only while a writer changes NAME
 * </pre>
 *
 * <p>Readers ({@link #list}, {@link #versions}, {@link #champion}, {@link #history}) take no lock
 * and see only committed versions, those whose {@code _COMMITTED} manifest exists. Writers ({@link
 * #publish}, {@link #promote}, {@link #rollback}, {@link #recordKeep}) first take the model's lock
 * and fail at once with {@link RegistryLockedException} if another writer holds it, so of two
 * concurrent retrains of one name one wins and the other changes nothing. {@code CHAMPION} is
 * replaced atomically; the history is appended to only under the lock.
 *
 * <p>Bad input (an invalid name, an unknown version, a run that is not finished) throws {@link
 * IllegalArgumentException} naming it; I/O errors keep the path.
 */
public final class ModelRegistry {

  /** The model archive in a version, the run's last {@code model_<epoch>.zip}. */
  public static final String MODEL_FILE = "model.zip";

  /** The evaluation behind a version, as given to {@link #publish}. */
  public static final String EVALUATION_FILE = "evaluation.json";

  /** The manifest that makes a version visible; written last. */
  public static final String COMMITTED_FILE = "_COMMITTED";

  /** The champion pointer of a model. */
  public static final String CHAMPION_FILE = "CHAMPION";

  /** The decision history of a model, one JSON object per line. */
  public static final String HISTORY_FILE = "history.jsonl";

  /** What a model name may be: it becomes a directory name on every file system. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,8})");

  private final RegistryStorage storage;
  private final String root;
  private final VersionWriter writer;

  /**
   * A registry at {@code root}, created on the first publish.
   *
   * @param storage the file operations
   * @param root the registry's directory, such as {@code hdfs://nn/models}
   */
  public ModelRegistry(RegistryStorage storage, String root) {
    this.storage = storage;
    this.root = root;
    this.writer = new VersionWriter(storage);
  }

  /**
   * A registry on a Hadoop file system.
   *
   * @param storage the storage with its Hadoop configuration
   * @param root the registry's directory
   * @return the registry
   */
  public static ModelRegistry on(HadoopRunStorage storage, String root) {
    return new ModelRegistry(new HadoopRegistryStorage(storage), root);
  }

  /** The file operations this registry uses, to open a version's files. */
  public RegistryStorage storage() {
    return storage;
  }

  /** The registry's directory. */
  public String root() {
    return root;
  }

  /**
   * The names of the registered models, sorted.
   *
   * @return the names; empty if the registry does not exist yet
   * @throws IOException if the registry cannot be read
   */
  public List<String> list() throws IOException {
    return storage.list(root).stream().filter(n -> NAME.matcher(n).matches()).toList();
  }

  /**
   * The committed versions of a model, oldest first; half-written ones are skipped.
   *
   * @param name the model
   * @return the versions
   * @throws IllegalArgumentException if the registry has no model of that name
   * @throws IOException if it cannot be read
   */
  public List<RegistryVersion> versions(String name) throws IOException {
    String dir = existingModel(name);
    List<RegistryVersion> found = new ArrayList<>();
    for (int n : versionNumbers(dir)) {
      String vdir = storage.resolve(dir, RegistryVersion.directoryName(n));
      String manifest = storage.resolve(vdir, COMMITTED_FILE);
      if (storage.exists(manifest)) {
        found.add(RegistryJson.readManifest(storage.read(manifest), vdir, manifest));
      }
    }
    return found;
  }

  /**
   * One committed version.
   *
   * @throws IllegalArgumentException if the model or that committed version does not exist
   */
  public RegistryVersion version(String name, int version) throws IOException {
    return versions(name).stream()
        .filter(v -> v.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "registry " + root + ": model " + name + " has no version " + version));
  }

  /**
   * The champion of a model.
   *
   * @return the champion version, empty if none was ever promoted
   * @throws IllegalArgumentException if the model does not exist
   */
  public Optional<RegistryVersion> champion(String name) throws IOException {
    String pointer = storage.resolve(existingModel(name), CHAMPION_FILE);
    if (!storage.exists(pointer)) {
      return Optional.empty();
    }
    return Optional.of(version(name, RegistryJson.readChampion(storage.read(pointer), pointer)));
  }

  /**
   * The committed version published with an idempotency key, so a rerun sees its earlier publish.
   *
   * @return the version, empty if none has that key or the model does not exist yet
   */
  public Optional<RegistryVersion> findByKey(String name, String key) throws IOException {
    if (key == null || !storage.exists(modelDir(name))) {
      return Optional.empty();
    }
    return versions(name).stream().filter(v -> key.equals(v.idempotencyKey())).findFirst();
  }

  /**
   * The decisions about a model, in the order they were made.
   *
   * @throws IllegalArgumentException if the model does not exist or a line is not a decision
   */
  public List<RegistryDecision> history(String name) throws IOException {
    String file = storage.resolve(existingModel(name), HISTORY_FILE);
    if (!storage.exists(file)) {
      return List.of();
    }
    List<RegistryDecision> decisions = new ArrayList<>();
    String[] lines = new String(storage.read(file), StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        decisions.add(RegistryJson.readDecision(lines[i], file + " line " + (i + 1)));
      }
    }
    return decisions;
  }

  /** The outcome of {@link #publish}: the version, and whether this call created it. */
  public record Publication(RegistryVersion version, boolean created) {}

  /**
   * Publishes a finished run as the model's next version, promoting it if the verdict says so. With
   * an idempotency key that a committed version already has, nothing is written and that version is
   * returned ({@code created} false). A half-written version left by a killed writer is deleted and
   * its number reused.
   *
   * @param name the model, created if new
   * @param runDirectory a run directory with {@code _SUCCESS} (docs/design.md §3.5)
   * @param evaluationJson the evaluation to store as {@code evaluation.json}, a JSON object
   * @param verdict whether to promote, why, and the evaluation summary for the history
   * @param idempotencyKey identifies the retrain (data fingerprints and configuration), or null
   * @return the version
   * @throws RegistryLockedException if another writer holds the model's lock
   * @throws IllegalArgumentException if the name, run or evaluation is invalid
   */
  public Publication publish(
      String name,
      String runDirectory,
      String evaluationJson,
      Verdict verdict,
      String idempotencyKey)
      throws IOException {
    Optional<RegistryVersion> earlier = findByKey(name, idempotencyKey);
    if (earlier.isPresent()) {
      return new Publication(earlier.get(), false);
    }
    String model = writer.checkRun(runDirectory);
    RegistryJson.parse(evaluationJson.getBytes(StandardCharsets.UTF_8), "evaluation of " + name);
    String dir = modelDir(name);
    storage.mkdirs(dir);
    try (RegistryLock lock = RegistryLock.acquire(storage, dir, name, "publish")) {
      earlier = findByKey(name, idempotencyKey);
      if (earlier.isPresent()) {
        return new Publication(earlier.get(), false);
      }
      int next = 1;
      for (int n : versionNumbers(dir)) {
        String vdir = storage.resolve(dir, RegistryVersion.directoryName(n));
        if (storage.exists(storage.resolve(vdir, COMMITTED_FILE))) {
          next = n + 1;
        } else {
          storage.deleteRecursively(vdir);
        }
      }
      String vdir = storage.resolve(dir, RegistryVersion.directoryName(next));
      RegistryVersion v =
          writer.write(name, next, vdir, runDirectory, model, evaluationJson, idempotencyKey);
      Integer champion = verdict.promote() ? Integer.valueOf(next) : currentChampion(dir);
      if (verdict.promote()) {
        setChampion(dir, next);
      }
      record(
          dir,
          Action.PUBLISH,
          next,
          champion,
          verdict.reason(),
          verdict.evaluation(),
          idempotencyKey);
      return new Publication(v, true);
    }
  }

  /**
   * Records that a challenger lost and the champion stays.
   *
   * @throws IllegalArgumentException if the model does not exist
   * @throws RegistryLockedException if another writer holds the lock
   */
  public void recordKeep(String name, String reason, JsonNode evaluation, String idempotencyKey)
      throws IOException {
    String dir = existingModel(name);
    try (RegistryLock lock = RegistryLock.acquire(storage, dir, name, "keep")) {
      Integer champion = currentChampion(dir);
      record(dir, Action.KEEP, champion, champion, reason, evaluation, idempotencyKey);
    }
  }

  /**
   * Makes a committed version the champion.
   *
   * @throws IllegalArgumentException if the model or version does not exist, or it is champion
   * @throws RegistryLockedException if another writer holds the lock
   */
  public RegistryVersion promote(String name, int version, String reason) throws IOException {
    String dir = existingModel(name);
    try (RegistryLock lock = RegistryLock.acquire(storage, dir, name, "promote")) {
      RegistryVersion v = version(name, version);
      Integer current = currentChampion(dir);
      if (current != null && current == version) {
        throw new IllegalArgumentException(
            "registry " + root + ": v" + version + " of " + name + " is already the champion");
      }
      setChampion(dir, version);
      record(dir, Action.PROMOTE, version, version, reason, null, null);
      return v;
    }
  }

  /**
   * Restores the champion before the current one, as the history tells it: after champions v1, v2,
   * v3 a rollback restores v2 and a second one v1.
   *
   * @throws IllegalArgumentException if the model does not exist or has no earlier champion
   * @throws RegistryLockedException if another writer holds the lock
   */
  public RegistryVersion rollback(String name, String reason) throws IOException {
    String dir = existingModel(name);
    try (RegistryLock lock = RegistryLock.acquire(storage, dir, name, "rollback")) {
      Deque<Integer> champions = championStack(history(name));
      if (champions.size() < 2) {
        throw new IllegalArgumentException(
            "registry " + root + ": model " + name + " has no earlier champion to roll back to");
      }
      champions.pop();
      int previous = champions.peek();
      RegistryVersion v = version(name, previous);
      setChampion(dir, previous);
      record(dir, Action.ROLLBACK, previous, previous, reason, null, null);
      return v;
    }
  }

  /**
   * Removes a model's lock left by a killed writer. Only for a writer known to be dead: breaking a
   * live writer's lock lets two writers change the model at once.
   *
   * @return who held the lock, empty if it was not held
   * @throws IllegalArgumentException if the model does not exist
   */
  public Optional<String> breakLock(String name) throws IOException {
    String lock = storage.resolve(existingModel(name), RegistryLock.LOCK_FILE);
    if (!storage.exists(lock)) {
      return Optional.empty();
    }
    String holder = RegistryLock.describe(storage, lock);
    storage.deleteRecursively(lock);
    return Optional.of(holder);
  }

  /** Champions in order, a rollback popping the newest: the top is the current champion. */
  static Deque<Integer> championStack(List<RegistryDecision> history) {
    Deque<Integer> stack = new ArrayDeque<>();
    for (RegistryDecision d : history) {
      if (d.action() == Action.ROLLBACK) {
        stack.pop();
      } else if (d.champion() != null && !d.champion().equals(stack.peek())) {
        stack.push(d.champion());
      }
    }
    return stack;
  }

  private void setChampion(String dir, int version) throws IOException {
    storage.writeAtomically(
        storage.resolve(dir, CHAMPION_FILE), RegistryJson.champion(version, Instant.now()));
  }

  private Integer currentChampion(String dir) throws IOException {
    String pointer = storage.resolve(dir, CHAMPION_FILE);
    return storage.exists(pointer)
        ? RegistryJson.readChampion(storage.read(pointer), pointer)
        : null;
  }

  private void record(
      String dir,
      Action action,
      Integer version,
      Integer champion,
      String reason,
      JsonNode evaluation,
      String key)
      throws IOException {
    RegistryDecision d =
        new RegistryDecision(Instant.now(), action, version, champion, reason, evaluation, key);
    storage.appendText(storage.resolve(dir, HISTORY_FILE), RegistryJson.decisionLine(d));
  }

  private List<Integer> versionNumbers(String dir) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    for (String entry : storage.list(dir)) {
      var m = VERSION_DIR.matcher(entry);
      if (m.matches()) {
        numbers.add(Integer.parseInt(m.group(1)));
      }
    }
    numbers.sort(null);
    return numbers;
  }

  private String modelDir(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "registry " + root + ": model name '" + name + "' must match " + NAME.pattern());
    }
    return storage.resolve(root, name);
  }

  private String existingModel(String name) throws IOException {
    String dir = modelDir(name);
    if (!storage.exists(dir)) {
      throw new IllegalArgumentException(
          "registry " + root + " has no model " + name + "; it has " + list());
    }
    return dir;
  }
}
