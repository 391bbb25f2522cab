package io.sparkrl.spark.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.data.DatasetPartitions;
import io.sparkrl.spark.job.TrainJob;
import io.sparkrl.spark.ope.EvaluationRequest;
import io.sparkrl.spark.ope.EvaluationResult;
import io.sparkrl.spark.ope.SparkEvaluation;
import io.sparkrl.spark.ope.SparkFqe;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import io.sparkrl.spark.provenance.RunRecorder;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryDecision;
import io.sparkrl.spark.registry.RegistryDecision.Action;
import io.sparkrl.spark.registry.RegistryVersion;
import io.sparkrl.spark.registry.RetrainLease;
import io.sparkrl.spark.report.ComparisonReport;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One scheduled retrain: under the model's {@link RetrainLease}, an identical earlier retrain (same
 * {@link RetrainKey}) is reported and nothing is redone; otherwise the challenger is trained (from
 * the champion's weights unless told not to), both models are evaluated on the same held-out slice
 * with the same estimators (and in the environment where the job configures one), the {@link
 * RetrainGate} decides, the comparison report is written, and the registry publishes the challenger
 * as champion or records that the champion was kept.
 *
 * <p>The challenger's run directory is named after the key, so a retrain killed after training
 * reuses the finished run, and one killed during training resumes it.
 */
public final class RetrainJob {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SparkSession spark;
  private final TrainSettings settings;
  private final RetrainRequest request;
  private final PrintStream console;

  public RetrainJob(
      SparkSession spark, TrainSettings settings, RetrainRequest request, PrintStream console) {
    TrainJob.requireSupported(settings.config());
    this.spark = spark;
    this.settings = settings;
    this.request = request;
    this.console = console;
  }

  /** The fingerprint of the data the challenger trains on, as its run will record it. */
  private String trainingFingerprint(HadoopRunStorage storage) throws IOException {
    var conf = storage.configuration();
    var parts = DatasetPartitions.resolve(request.dataUris(), request.dataWindow(), conf);
    return DatasetFingerprint.ofRead(parts, DatasetFingerprint.ofEach(parts, Map.of(), conf));
  }

  /**
   * Runs the retrain.
   *
   * @throws io.sparkrl.spark.registry.RegistryLockedException if another retrain of the name runs
   * @throws IllegalArgumentException for bad input (data, models, settings)
   * @throws IOException if the storage fails
   */
  public RetrainOutcome run() throws IOException {
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    ModelRegistry registry = ModelRegistry.on(storage, request.registry());
    String name = request.name();
    String key =
        RetrainKey.of(
            trainingFingerprint(storage),
            DatasetFingerprint.of(request.evalDataUri(), storage.configuration()),
            settings,
            request.decidingSettings());
    try (RetrainLease lease = RetrainLease.acquire(registry, name)) {
      Optional<RetrainOutcome> earlier = earlierDecision(registry, name, key);
      if (earlier.isPresent()) {
        console.println("sparkrl: an identical retrain already decided: " + earlier.get().reason());
        return earlier.get();
      }
      Optional<RegistryVersion> champion = championIfAny(registry, name);
      String run = storage.resolve(request.runsUri(), name + "-" + key.substring(7, 19));
      String challengerModel = train(storage, run, champion);
      EvaluationResult challenger = evaluate(challengerModel);
      EvaluationResult championEval =
          champion.isPresent() ? evaluate(modelOf(registry, champion.get())) : null;
      RetrainGate.Verdict verdict = request.gate().decide(championEval, challenger);
      ObjectNode evaluation =
          evaluationJson(key, champion, championEval, challenger, verdict, challengerModel);
      EnvironmentComparison.add(
          evaluation,
          settings.job(),
          challengerModel,
          champion.map(v -> modelOf(registry, v)),
          storage);
      String report =
          ComparisonReport.write(
              storage,
              run,
              name,
              championEval,
              challenger,
              verdict.publish(),
              verdict.reason(),
              evaluation);
      console.println(
          "sparkrl: " + (verdict.publish() ? "publish: " : "keep: ") + verdict.reason());
      if (verdict.publish()) {
        ModelRegistry.Publication p =
            registry.publish(
                name,
                run,
                evaluation.toString(),
                new RegistryDecision.Verdict(true, verdict.reason(), verdict.figures()),
                key);
        return new RetrainOutcome(
            true, false, p.version().version(), verdict.reason(), run, report);
      }
      registry.recordKeep(name, verdict.reason(), verdict.figures(), key);
      Integer kept = champion.map(RegistryVersion::version).orElse(null);
      return new RetrainOutcome(false, false, kept, verdict.reason(), run, report);
    }
  }

  /** The decision an identical retrain recorded: a version it published, or a keep. */
  private static Optional<RetrainOutcome> earlierDecision(
      ModelRegistry registry, String name, String key) throws IOException {
    Optional<RegistryVersion> published = registry.findByKey(name, key);
    if (published.isPresent()) {
      int v = published.get().version();
      return Optional.of(
          new RetrainOutcome(
              true, true, v, "v" + v + " was published by this retrain before", null, null));
    }
    for (RegistryDecision d : registry.history(name)) {
      if (d.action() == Action.KEEP && key.equals(d.idempotencyKey())) {
        return Optional.of(
            new RetrainOutcome(
                false,
                true,
                d.champion(),
                "the champion was kept by this retrain at " + d.time() + ": " + d.reason(),
                null,
                null));
      }
    }
    return Optional.empty();
  }

  private static Optional<RegistryVersion> championIfAny(ModelRegistry registry, String name)
      throws IOException {
    return registry.versions(name).isEmpty() ? Optional.empty() : registry.champion(name);
  }

  private static String modelOf(ModelRegistry registry, RegistryVersion v) {
    return registry.storage().resolve(v.directory(), ModelRegistry.MODEL_FILE);
  }

  /** Trains the challenger, or reuses the finished run of an earlier attempt; its last model. */
  private String train(HadoopRunStorage storage, String run, Optional<RegistryVersion> champion)
      throws IOException {
    boolean finished = storage.exists(storage.resolve(run, RunRecorder.SUCCESS_FILE));
    if (finished) {
      console.println("sparkrl: reusing the finished challenger run " + run);
    } else {
      boolean resume = storage.exists(storage.resolve(run, RunRecorder.RUN_FILE));
      String init =
          request.warmStart() && champion.isPresent() && !resume
              ? storage.resolve(champion.get().directory(), ModelRegistry.MODEL_FILE)
              : null;
      new TrainJob(spark, settings, request.trainRequest(run, resume, init), console).run();
    }
    String last =
        ModelCheckpoints.latest(storage.list(run))
            .orElseThrow(() -> new IOException(run + ": the finished run has no model"));
    return storage.resolve(run, last);
  }

  private EvaluationResult evaluate(String modelUri) throws IOException {
    EvaluationRequest evaluation =
        new EvaluationRequest(
            modelUri,
            request.evalDataUri(),
            request.estimators(),
            request.gamma(),
            request.target(),
            request.bootstrap());
    return new SparkEvaluation(spark, new SparkFqe(request.fqeSteps(), settings.job().seed()))
        .run(evaluation);
  }

  private ObjectNode evaluationJson(
      String key,
      Optional<RegistryVersion> champion,
      EvaluationResult championEval,
      EvaluationResult challenger,
      RetrainGate.Verdict verdict,
      String challengerModel) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("idempotency_key", key);
    root.set("data", MAPPER.valueToTree(request.dataUris()));
    if (request.dataWindow() != null) {
      root.put("data_window", request.dataWindow());
    }
    root.put("eval_data", request.evalDataUri());
    root.put("challenger_model", challengerModel);
    root.set("challenger", challenger.toJson());
    if (championEval != null) {
      root.put("champion_version", champion.get().version());
      root.set("champion", championEval.toJson());
    }
    ObjectNode gate = root.putObject("gate");
    gate.put("estimator", request.gate().estimator().key());
    gate.put("margin", request.gate().margin());
    gate.put("publish", verdict.publish());
    gate.put("reason", verdict.reason());
    gate.set("figures", verdict.figures());
    root.set(
        "estimators",
        MAPPER.valueToTree(request.estimators().stream().map(Estimator::key).toList()));
    return root;
  }
}
