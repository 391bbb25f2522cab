package io.sparkrl.spark.ope;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.core.ope.EpisodeSummary;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.OpeAccumulator;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates a saved model on a Parquet episode dataset: the dataset is read and validated as {@code
 * sparkrl train} reads it, the Q-function fitted when an estimator needs one, every episode
 * summarised on the executors, and the estimates and bootstrap intervals computed on the driver
 * from the merged summaries (sorted by episode id, so the result does not depend on the
 * partitioning).
 */
public final class SparkEvaluation {

  /** Model archives larger than this are refused before being read into memory. */
  static final long MAX_MODEL_BYTES = 1L << 30;

  private final SparkSession spark;
  private final QFitter qFitter;

  /**
   * @param spark the session
   * @param qFitter fits the Q-function for {@code fqe}, {@code dm} and {@code dr}
   */
  public SparkEvaluation(SparkSession spark, QFitter qFitter) {
    this.spark = spark;
    this.qFitter = qFitter;
  }

  /**
   * Runs one evaluation.
   *
   * @throws IllegalArgumentException for bad input: a missing or unreadable model, a dataset that
   *     fails validation or does not fit the model, a missing or non-positive {@code action_prob}
   *     when an estimator needs it
   * @throws IOException if the storage fails
   */
  public EvaluationResult run(EvaluationRequest request) throws IOException {
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    byte[] archive = readModel(storage, request.modelUri());
    DiscreteAWR model = load(archive, request.modelUri());
    double gamma = Double.isNaN(request.gamma()) ? model.gamma() : request.gamma();
    ReadOptions read =
        ReadOptions.strict()
            .withExpectations(new ObservationShape(model.observationShape()), model.actionSize());
    IndexedEpisodes episodes = new SparkEpisodeSource(spark).read(request.dataUri(), read);
    try {
      if (request.needsActionProb()) {
        requireActionProbs(request, episodes);
      }
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<byte[]> shared = context.broadcast(archive);
      OpeAccumulator merged;
      try {
        QSource q = request.needsQ() ? qFitter.fit(model, shared, request, gamma, episodes) : null;
        EpisodeSummariser summariser =
            new EpisodeSummariser(
                shared,
                request.modelUri(),
                request.dataUri(),
                request.target(),
                gamma,
                request.needsActionProb(),
                q);
        merged =
            SparkEpisodeSource.unwrapping(
                () ->
                    episodes
                        .episodes()
                        .mapPartitions(summariser)
                        .treeReduce(OpeAccumulator::merge));
      } finally {
        shared.destroy();
      }
      List<EpisodeSummary> summaries = merged.summaries();
      List<Interval> estimates = new ArrayList<>();
      for (Estimator estimator : request.estimators()) {
        estimates.add(request.bootstrap().interval(estimator, summaries));
      }
      return new EvaluationResult(
          request.modelUri(),
          request.dataUri(),
          DatasetFingerprint.of(request.dataUri(), storage.configuration()),
          gamma,
          request.target().key(),
          request.bootstrap().level(),
          merged.episodes(),
          merged.transitions(),
          estimates);
    } finally {
      episodes.unpersist();
    }
  }

  /**
   * A model archive on any Hadoop file system, loaded for evaluation.
   *
   * @throws IllegalArgumentException naming {@code --model} and the file if it is missing or not a
   *     model archive
   */
  public static DiscreteAWR loadModel(HadoopRunStorage storage, String uri) throws IOException {
    return load(readModel(storage, uri), uri);
  }

  static byte[] readModel(HadoopRunStorage storage, String uri) throws IOException {
    if (!storage.exists(uri)) {
      throw new IllegalArgumentException("--model " + uri + ": no such file");
    }
    try (InputStream in = storage.open(uri)) {
      byte[] bytes = in.readNBytes((int) MAX_MODEL_BYTES + 1);
      if (bytes.length > MAX_MODEL_BYTES) {
        throw new IllegalArgumentException(
            "--model " + uri + ": larger than " + MAX_MODEL_BYTES + " bytes, not a model archive");
      }
      return bytes;
    }
  }

  static DiscreteAWR load(byte[] archive, String uri) {
    try {
      return DiscreteAWR.fromModelArchive(archive, uri, GpuSetting.DISABLED);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--model " + uri + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--model " + uri + ": not a readable sparkrl model archive (" + e + ")", e);
    }
  }

  /** A missing column fails here, before any Q-function is fitted. */
  private static void requireActionProbs(EvaluationRequest request, IndexedEpisodes episodes) {
    List<IndexedEpisode> lacking =
        episodes.episodes().filter(e -> !e.episode().hasActionProbs()).take(1);
    if (!lacking.isEmpty()) {
      List<String> needing = new ArrayList<>();
      request.estimators().stream()
          .filter(Estimator::needsActionProb)
          .forEach(e -> needing.add(e.key()));
      throw new IllegalArgumentException(
          request.dataUri()
              + ": episode "
              + lacking.get(0).episode().id()
              + " has no column "
              + EpisodeColumns.ACTION_PROB
              + " (the behaviour policy's probability of each logged action); the estimators "
              + needing
              + " need it. Record it when logging, or evaluate with --estimators fqe");
    }
  }
}
