package io.sparkrl.spark.job;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.metrics.EnvironmentScorer;
import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.metrics.Scorers;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.MetricNames;
import io.sparkrl.core.train.TrainingLoop;
import io.sparkrl.datasets.HoldoutSplit;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.config.JobSettings;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.data.DatasetPart;
import io.sparkrl.spark.data.DatasetPartitions;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.LedgerValidation;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import io.sparkrl.spark.provenance.PartitionUsed;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.provenance.RunProvenance;
import io.sparkrl.spark.provenance.RunRecorder;
import io.sparkrl.spark.provenance.SparkSettings;
import io.sparkrl.spark.provenance.ValidationCounts;
import io.sparkrl.spark.report.TrainingReport;
import io.sparkrl.spark.storage.HadoopRunStorage;
import io.sparkrl.spark.train.SparkBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One training run on Spark (docs/design.md §3): reads and validates the episodes, fits the scaler,
 * then per epoch runs the {@link DistributedTrainer} (stage 1 through {@link CriticTargets}),
 * evaluates, logs the metric CSVs and saves {@code model_<epoch>.zip}; at the end exports the
 * policy (ONNX and DL4J), writes {@code report.html}, and {@code run.json} with {@code _SUCCESS}
 * last. Every file goes through {@link HadoopRunStorage}, written atomically. {@code run.json} is
 * written through the session's {@link Redaction}; the exceptions thrown keep the locations as
 * given, for the caller to redact where it prints them (the command line does).
 */
public final class TrainJob {

  /** The exported greedy policy, ONNX. */
  public static final String POLICY_ONNX = "policy.onnx";

  /** The exported greedy policy, DL4J model file. */
  public static final String POLICY_DL4J = "policy.zip";

  /** Name of the evaluation metric: mean return in {@code eval_env}. */
  public static final String EVAL_METRIC = MetricNames.ENVIRONMENT;

  private final SparkSession spark;
  private final TrainSettings settings;
  private final TrainRequest request;
  private final PrintStream console;

  /**
   * A run of {@code settings} on {@code spark}.
   *
   * @param console where per-epoch progress goes (e.g. {@code System.err})
   * @throws IllegalArgumentException if the settings ask for something this job does not implement
   *     ({@link #requireSupported})
   */
  public TrainJob(
      SparkSession spark, TrainSettings settings, TrainRequest request, PrintStream console) {
    requireSupported(settings.config());
    this.spark = spark;
    this.settings = settings;
    this.request = request;
    this.console = console;
  }

  /**
   * Refuses hyperparameters the distributed job does not implement, so that none is dropped
   * silently: {@code dynamics} (model-based augmentation) is supported by the single-process {@code
   * DiscreteAWR.fit} only. Call it before starting Spark.
   *
   * @throws IllegalArgumentException naming the key and where it is supported
   */
  public static void requireSupported(AwrConfig config) {
    if (config.dynamics() != null) {
      throw new IllegalArgumentException(
          AwrConfig.KEY_DYNAMICS
              + ": model-based augmentation is supported by single-process fit only"
              + " (DiscreteAWR.fit); the distributed train job does not implement it."
              + " Remove dynamics from the configuration to train on Spark");
    }
  }

  /**
   * Runs the job.
   *
   * @throws IllegalArgumentException for bad input (the data, an existing output without {@code
   *     resume}, a model that does not fit)
   * @throws IOException if the storage fails
   */
  public TrainResult run() throws IOException {
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    String out = request.outputUri();
    String init = request.initModelUri();
    if (init != null && !storage.exists(init)) {
      throw new IllegalArgumentException("--init-model " + init + ": no such file");
    }
    ResumedRun resumed = prepareOutput(storage, out);
    ExecutorTaskCounter tasks = new ExecutorTaskCounter();
    spark.sparkContext().addSparkListener(tasks);
    Instant start = Instant.now();
    JobSettings job = settings.job();
    RunRecorder recorder = new RunRecorder(storage, out, Redaction.of(spark));
    IndexedEpisodes episodes = null;
    RunProvenance provenance = null;
    try {
      ReadOptions read = readOptions(job, out);
      List<DatasetPart> parts =
          DatasetPartitions.resolve(
              request.dataUris(), request.dataWindow(), storage.configuration());
      logParts(parts);
      Map<DatasetPart, String> fingerprints = new LinkedHashMap<>();
      if (request.validationLedgerUri() != null) {
        fingerprints.putAll(
            new LedgerValidation(spark, storage, console)
                .validateOnce(parts, read, request.validationLedgerUri()));
      }
      // a resumed run validates the same data again: it replaces what its first attempt rejected
      episodes =
          new SparkEpisodeSource(spark)
              .read(
                  parts.stream().map(DatasetPart::uri).toList(),
                  resumed != null ? read.replacingQuarantine() : read);
      List<PartitionUsed> used =
          DatasetFingerprint.ofEach(parts, fingerprints, storage.configuration());
      String fingerprint = DatasetFingerprint.ofRead(parts, used);
      if (resumed != null) {
        resumed.checkInputs(fingerprint, job.toMap(), request.allowChanges());
      }
      AwrConfig config = ScalerFitting.fit(settings.config(), episodes);
      int[] dims = episodes.observationShape().dims();
      DiscreteAWR model = new DiscreteAWR(config, job.seed());
      model.createImpl(dims, episodes.actionSize());
      if (resumed != null) {
        resumed.checkModel(AwrConfigParser.readParams(model.paramsJson()), request.allowChanges());
        model.loadModel(
            storage, storage.resolve(out, ModelCheckpoints.fileName(resumed.checkpointEpoch())));
        RunCheckpoints.trimMetrics(storage, out, resumed.checkpointEpoch());
      } else if (init != null) {
        loadInitModel(model, storage, init);
      }
      storage.writeAtomically(
          storage.resolve(out, RunDirectory.PARAMS_FILE),
          o -> o.write(model.paramsJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      provenance = started(model, episodes, start, fingerprint).withPartitions(used);
      recorder.write(provenance);
      int first = resumed != null ? resumed.firstEpoch() : 0;
      // a run killed after its last checkpoint only lacks the final artifacts
      Map<String, Double> last =
          first < config.nEpochs() ? epochs(model, episodes, storage, first, dims) : Map.of();
      storage.writeAtomically(storage.resolve(out, POLICY_ONNX), o -> model.savePolicy(o, true));
      storage.writeAtomically(storage.resolve(out, POLICY_DL4J), o -> model.savePolicy(o, false));
      TrainingReport.write(storage, out);
      recorder.finish(provenance.withTasks(tasks.tasksPerExecutor()).succeeded(Instant.now()));
      return new TrainResult(out, config.nEpochs() - first, last);
    } catch (RuntimeException | IOException e) {
      if (provenance != null) {
        recorder.write(provenance.withTasks(tasks.tasksPerExecutor()).failed(Instant.now(), e));
      } else if (resumed == null) {
        // a run that never started leaves no directory behind (one it resumes stays as it was)
        deleteQuietly(storage, out, e);
      }
      throw e;
    } finally {
      spark.sparkContext().removeSparkListener(tasks);
      if (episodes != null) {
        episodes.unpersist();
      }
    }
  }

  /** Says which dataset folders the run reads: plain folders, and each parent's partitions. */
  private void logParts(List<DatasetPart> parts) {
    Map<String, List<String>> byParent = new LinkedHashMap<>();
    for (DatasetPart part : parts) {
      if (part.isPartition()) {
        byParent.computeIfAbsent(part.parent(), k -> new ArrayList<>()).add(part.name());
      } else {
        console.printf("sparkrl: dataset %s%n", Redaction.of(spark).text(part.uri()));
      }
    }
    byParent.forEach(
        (parent, names) ->
            console.printf(
                "sparkrl: %d partition(s) of %s used%s: %s%n",
                names.size(),
                Redaction.of(spark).text(parent),
                request.dataWindow() == null ? "" : " (--data-window " + request.dataWindow() + ")",
                String.join(", ", names)));
  }

  private static void loadInitModel(DiscreteAWR model, HadoopRunStorage storage, String init) {
    try {
      model.loadModel(storage, init);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--init-model " + init + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--init-model " + init + ": not a readable sparkrl model archive (" + e + ")", e);
    }
  }

  private static void deleteQuietly(HadoopRunStorage storage, String out, Exception cause) {
    try {
      storage.deleteRecursively(out);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private Map<String, Double> epochs(
      DiscreteAWR model, IndexedEpisodes episodes, HadoopRunStorage storage, int first, int[] dims)
      throws IOException {
    AwrConfig config = model.config();
    JobSettings job = settings.job();
    String out = request.outputUri();
    long transitions = episodes.transitionCount();
    int perEpoch = (int) (transitions / config.batchSize());
    if (perEpoch == 0) {
      throw new IllegalArgumentException(
          request.dataUri()
              + ": "
              + transitions
              + " transitions make no whole batch of batch_size "
              + config.batchSize());
    }
    Map<String, Scorer> scorers = new LinkedHashMap<>();
    if (job.evalEnv() != null) {
      scorers.put(
          MetricNames.ENVIRONMENT,
          new EnvironmentScorer(
              Environments.create(job.evalEnv()),
              job.evalEpisodes(),
              EnvironmentScorer.DEFAULT_EPSILON,
              job.seed()));
    }
    if (job.holdoutFraction() > 0) {
      for (String name : job.scorers()) {
        scorers.put(name, Scorers.byName(name));
      }
      console.printf(
          "sparkrl: %d episodes held out for the dataset scorers%n", episodes.heldOut().size());
    }
    LoopOptions options =
        new LoopOptions(
            job.schedule(config),
            first,
            config.nEpochs(),
            0,
            (long) first * perEpoch,
            model.permutationSeed(),
            model.workerSeed(),
            scorers,
            episodes.heldOut(),
            job.saveInterval(),
            true,
            job.tensorboard(),
            false,
            console,
            job.groupsPerStage());
    try (SparkBackend backend =
        new SparkBackend(
            spark,
            episodes,
            dims,
            job.workers(),
            job.ompThreadsPerTask(),
            job.maxGroupAttempts(),
            Duration.ofSeconds(job.syncTimeout()),
            job.rendezvousPort(),
            job.sync())) {
      List<Map<String, Double>> history =
          new TrainingLoop(
                  model.impl(),
                  model,
                  backend,
                  options,
                  storage,
                  out,
                  name -> storage.writeAtomically(storage.resolve(out, name), model::saveModel))
              .run();
      return history.isEmpty() ? Map.of() : history.get(history.size() - 1);
    }
  }

  /** The run to resume, or null for a new run (whose directory this creates). */
  private ResumedRun prepareOutput(HadoopRunStorage storage, String out) throws IOException {
    if (request.resume()) {
      return ResumedRun.open(storage, out, console);
    }
    if (storage.exists(out) && !storage.list(out).isEmpty()) {
      throw new IllegalArgumentException(
          "--output " + out + " already holds files; choose a new directory or pass --resume");
    }
    storage.mkdirs(out);
    return null;
  }

  private static ReadOptions readOptions(JobSettings job, String out) {
    ReadOptions read =
        switch (job.validation()) {
          case STRICT -> ReadOptions.strict();
          case QUARANTINE -> ReadOptions.quarantine(job.effectiveQuarantineDir(out));
        };
    return job.holdoutFraction() > 0
        ? read.withHoldout(new HoldoutSplit(job.holdoutFraction(), job.seed()))
        : read;
  }

  private RunProvenance started(
      DiscreteAWR model, IndexedEpisodes episodes, Instant start, String fingerprint) {
    var counts = episodes.counts();
    JobSettings job = settings.job();
    return RunProvenance.started(
            request.dataUri(),
            fingerprint,
            AwrConfigParser.readParams(model.paramsJson()),
            job.toMap(),
            SparkSettings.of(spark),
            start)
        .withValidation(
            new ValidationCounts(
                counts.episodesAccepted(),
                counts.episodesRejected(),
                counts.rowsAccepted(),
                counts.rowsRejected(),
                job.validation() == ValidationMode.QUARANTINE
                    ? job.effectiveQuarantineDir(request.outputUri())
                    : null));
  }
}
