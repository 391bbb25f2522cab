package io.sparkrl.spark.data;

import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.HoldoutSplit;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.parquet.DatasetReadException;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;

/**
 * Reads a Parquet episode dataset (docs/design.md §2) from any Hadoop URI into globally numbered,
 * validated episodes ({@link IndexedEpisodes}).
 *
 * <p>On the driver, before any job: the path is listed through Hadoop's FileSystem, {@code
 * dataset.json} is read when present, and the schema is checked ({@link EpisodeTableLayout}). Then
 * one shuffle: rows are range-partitioned by episode id into {@link ReadOptions#partitions()}
 * partitions (default {@code spark.default.parallelism}) and sorted by (episode id, step) within
 * each, so every episode is whole, in step order, in one partition, and partition order is id
 * order. A streaming {@code mapPartitions} validates and assembles each episode on the executors
 * ({@link EpisodePartitionValidator}); the outcomes are cached. Only per-partition counts come back
 * to the driver. Strict mode fails at the first bad episode with {@link
 * EpisodeValidationException}; quarantine mode writes the rejected episodes' rows with their
 * reasons to the quarantine URI with Spark's writer (the datasets module's quarantine columns) and
 * keeps the rest.
 */
public final class SparkEpisodeSource {

  /** The most held-out transitions collected to the driver for the dataset scorers. */
  public static final long MAX_HELD_OUT_TRANSITIONS = 1_000_000;

  /** The hidden column carrying each row's source file name (Spark's file metadata). */
  private static final String SOURCE_COLUMN = "_metadata.file_name";

  private static final String PARQUET_GLOB = "*.parquet";

  private final SparkSession spark;

  /** A source reading with {@code spark}. */
  public SparkEpisodeSource(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Reads, validates and numbers the episodes of {@code datasetUri}.
   *
   * @param datasetUri a folder of Parquet part files (with or without {@code dataset.json}), or one
   *     part file, as a Hadoop URI ({@code file://}, {@code hdfs://}, {@code s3a://}, or a path)
   * @param options mode, quarantine folder, partitions, configured shapes
   * @throws DatasetReadException for an unreadable path, no part files, a missing or mistyped
   *     column, a null in a required column, or no accepted episode (EMPTY_DATASET)
   * @throws EpisodeValidationException in strict mode at the first bad episode
   * @throws IllegalArgumentException for a malformed {@code dataset.json}, or one whose {@code
   *     episode_id_type} disagrees with the part files' episode_id column
   */
  public IndexedEpisodes read(String datasetUri, ReadOptions options) {
    return read(List.of(datasetUri), options);
  }

  /**
   * Reads several dataset folders as one dataset: their episodes are validated, numbered and
   * trained on together, as if they were one folder. The folders must have the same columns, and an
   * episode id may occur in one folder only.
   *
   * @param datasetUris the folders (or part files), at least one
   * @param options as for {@link #read(String, ReadOptions)}
   * @throws EpisodeValidationException if an episode id occurs in two folders (the message names
   *     the id and both folders)
   * @throws IllegalArgumentException if the folders' columns differ
   * @see #read(String, ReadOptions)
   */
  public IndexedEpisodes read(List<String> datasetUris, ReadOptions options) {
    Prepared p = prepare(datasetUris, options);
    return number(p, options);
  }

  /**
   * Validates a dataset folder without keeping it: the same rules and counts as {@link
   * #read(String, ReadOptions)} but nothing is written to quarantine, nothing is held out and
   * nothing stays cached.
   *
   * @return what the dataset accepts and rejects
   * @throws EpisodeValidationException in strict mode at the first bad episode
   * @throws DatasetReadException as {@link #read(String, ReadOptions)} does, including no accepted
   *     episode
   */
  public SourceCounts validate(String datasetUri, ReadOptions options) {
    ReadOptions checking = options.withHoldout(null);
    Prepared p = prepare(List.of(datasetUri), checking);
    try {
      PartitionSummary total = new PartitionSummary();
      summaries(p.outcomes(), null).forEach(total::merge);
      if (total.episodesAccepted() == 0) {
        throw emptyDataset(datasetUri, total);
      }
      return SourceCounts.of(total);
    } finally {
      p.outcomes().unpersist(false);
    }
  }

  /** The folders' rows, checked, sorted and validated (lazily, cached once computed). */
  private record Prepared(
      String name,
      EpisodeTableLayout layout,
      DatasetExpectations expectations,
      JavaRDD<ValidatedEpisode> outcomes) {}

  private static final String SOURCE_INDEX = "_sparkrl_source";
  private static final String FILE_NAME = "_sparkrl_file";

  private Prepared prepare(List<String> datasetUris, ReadOptions options) {
    if (datasetUris.isEmpty()) {
      throw new IllegalArgumentException("at least one dataset is required");
    }
    String datasetUri = String.join(",", datasetUris);
    Dataset<Row> table = null;
    EpisodeTableLayout layout = null;
    ObservationShape manifestShape = null;
    int manifestActions = 0;
    for (int i = 0; i < datasetUris.size(); i++) {
      String uri = datasetUris.get(i);
      Path root = new Path(uri);
      DatasetManifest manifest = readManifest(root);
      Dataset<Row> one = spark.read().option("pathGlobFilter", PARQUET_GLOB).parquet(uri);
      EpisodeTableLayout oneLayout = EpisodeTableLayout.of(uri, one.schema());
      checkEpisodeIdType(root, manifest, oneLayout);
      if (manifest != null) {
        if (manifestShape == null) {
          manifestShape = manifest.observationShape();
        }
        manifestActions = Math.max(manifestActions, manifest.actionSize());
      }
      if (layout != null
          && (!java.util.Arrays.equals(layout.projection(), oneLayout.projection())
              || layout.idOrder() != oneLayout.idOrder())) {
        throw new IllegalArgumentException(
            uri
                + ": its columns "
                + java.util.Arrays.toString(oneLayout.projection())
                + " ("
                + oneLayout.idOrder()
                + " episode ids) differ from those of "
                + datasetUris.get(0)
                + ", "
                + java.util.Arrays.toString(layout.projection())
                + " ("
                + layout.idOrder()
                + " episode ids); datasets read together need the same columns");
      }
      List<Column> columns = new ArrayList<>();
      for (String name : oneLayout.projection()) {
        columns.add(functions.col(name));
      }
      columns.add(functions.col(SOURCE_COLUMN).as(FILE_NAME));
      columns.add(functions.lit(i).as(SOURCE_INDEX));
      Dataset<Row> projected = one.select(columns.toArray(new Column[0]));
      table = table == null ? projected : table.union(projected);
      layout = layout == null ? oneLayout : layout;
    }
    if (datasetUris.size() > 1) {
      checkUniqueIds(table, datasetUris);
    }
    DatasetExpectations expectations =
        expectations(datasetUri, table, layout, manifestShape, manifestActions, options);
    int partitions =
        options.partitions() > 0 ? options.partitions() : spark.sparkContext().defaultParallelism();

    List<Column> columns = new ArrayList<>();
    for (String name : layout.projection()) {
      columns.add(functions.col(name));
    }
    columns.add(functions.col(FILE_NAME));
    Column id = functions.col(EpisodeColumns.EPISODE_ID);
    Dataset<Row> sorted =
        table
            .select(columns.toArray(new Column[0]))
            .repartitionByRange(partitions, id)
            .sortWithinPartitions(id, functions.col(EpisodeColumns.STEP));
    JavaRDD<InternalRow> rows = sorted.queryExecution().toRdd().toJavaRDD();
    EpisodePartitionValidator validator =
        new EpisodePartitionValidator(datasetUri, expectations, options.mode());
    EpisodeTableLayout rowLayout = layout;
    JavaRDD<ValidatedEpisode> outcomes =
        rows.mapPartitions(it -> validator.validate(new Converting(it, rowLayout)))
            .persist(options.storageLevel());
    return new Prepared(datasetUri, layout, expectations, outcomes);
  }

  /**
   * Refuses an episode id that occurs in more than one folder, naming it and the first two folders
   * it is in (one aggregation over the ids, before any episode is assembled).
   */
  private static void checkUniqueIds(Dataset<Row> table, List<String> datasetUris) {
    Column id = functions.col(EpisodeColumns.EPISODE_ID);
    List<Row> shared =
        table
            .groupBy(id)
            .agg(functions.min(SOURCE_INDEX).as("first"), functions.max(SOURCE_INDEX).as("last"))
            .where(functions.col("first").notEqual(functions.col("last")))
            .limit(1)
            .collectAsList();
    if (shared.isEmpty()) {
      return;
    }
    Row row = shared.get(0);
    String a = datasetUris.get(row.getInt(1));
    String b = datasetUris.get(row.getInt(2));
    throw new EpisodeValidationException(
        "episode "
            + row.get(0)
            + " is in both "
            + a
            + " and "
            + b
            + ": episode ids must be unique across the datasets read together"
            + " (--data folders and partitions)",
        (Throwable) null);
  }

  private static List<PartitionSummary> summaries(
      JavaRDD<ValidatedEpisode> outcomes, HoldoutSplit holdout) {
    return unwrapping(
        () ->
            outcomes
                .mapPartitions(
                    it -> {
                      PartitionSummary s = new PartitionSummary();
                      it.forEachRemaining(o -> s.add(o, isHeldOut(o, holdout)));
                      return List.of(s).iterator();
                    })
                .collect());
  }

  private static DatasetReadException emptyDataset(String datasetUri, PartitionSummary total) {
    return new DatasetReadException(
        new ValidationError(
            datasetUri,
            null,
            null,
            null,
            ValidationRule.EMPTY_DATASET,
            total.episodesRejected() == 0
                ? "the dataset has no rows"
                : total.episodesAccepted() > 0
                    ? "every accepted episode is held out (job.holdout_fraction)"
                    : "no episode passed validation (" + total.episodesRejected() + " rejected)"));
  }

  private IndexedEpisodes number(Prepared p, ReadOptions options) {
    String datasetUri = p.name();
    EpisodeTableLayout layout = p.layout();
    DatasetExpectations expectations = p.expectations();
    JavaRDD<ValidatedEpisode> outcomes = p.outcomes();
    HoldoutSplit holdout = options.holdout();
    List<PartitionSummary> summaries = summaries(outcomes, holdout);
    PartitionSummary total = new PartitionSummary();
    long[] starts = new long[summaries.size() + 1];
    for (int i = 0; i < summaries.size(); i++) {
      total.merge(summaries.get(i));
      starts[i + 1] = starts[i] + summaries.get(i).transitions();
    }
    if (total.episodesRejected() > 0 && options.mode() == ValidationMode.QUARANTINE) {
      spark
          .createDataFrame(
              outcomes.filter(o -> !o.isAccepted()).flatMap(QuarantineRows::rows),
              QuarantineRows.schema(layout.images()))
          .write()
          .mode(options.replaceQuarantine() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
          .parquet(options.quarantineUri());
    }
    if (total.episodesAccepted() == total.episodesHeldOut()) {
      outcomes.unpersist(false);
      throw emptyDataset(datasetUri, total);
    }
    if (total.transitionsHeldOut() > MAX_HELD_OUT_TRANSITIONS) {
      outcomes.unpersist(false);
      throw new IllegalArgumentException(
          "job.holdout_fraction: the held-out slice has "
              + total.transitionsHeldOut()
              + " transitions, more than the "
              + MAX_HELD_OUT_TRANSITIONS
              + " the driver scores; lower the fraction");
    }
    List<Episode> heldOut =
        total.episodesHeldOut() == 0
            ? List.of()
            : outcomes
                .filter(o -> o.isAccepted() && isHeldOut(o, holdout))
                .map(ValidatedEpisode::episode)
                .collect();
    long[] partitionStarts = starts;
    JavaRDD<IndexedEpisode> indexed =
        outcomes.mapPartitionsWithIndex(
            (partition, it) -> new Numbering(it, partitionStarts[partition], holdout), true);
    return new IndexedEpisodes(
        indexed,
        outcomes,
        starts,
        SourceCounts.of(total),
        expectations.shape(),
        expectations.actionSize(),
        layout.idOrder(),
        sortedById(heldOut, layout.idOrder()));
  }

  private static boolean isHeldOut(ValidatedEpisode o, HoldoutSplit holdout) {
    return holdout != null && o.isAccepted() && holdout.heldOut(o.episode().id());
  }

  private static List<Episode> sortedById(List<Episode> episodes, EpisodeIdOrder order) {
    List<Episode> out = new ArrayList<>(episodes);
    out.sort((a, b) -> order.compare(a.id(), b.id()));
    return List.copyOf(out);
  }

  private DatasetManifest readManifest(Path root) {
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw new DatasetReadException(
            new ValidationError(
                root.toString(),
                null,
                null,
                null,
                ValidationRule.UNREADABLE_PATH,
                "no such file or directory"));
      }
      FileStatus status = fs.getFileStatus(root);
      if (!status.isDirectory()) {
        return null;
      }
      if (fs.globStatus(new Path(root, PARQUET_GLOB)).length == 0) {
        throw new DatasetReadException(
            new ValidationError(
                root.toString(),
                null,
                null,
                null,
                ValidationRule.EMPTY_DATASET,
                "the folder holds no .parquet part files"));
      }
      Path file = new Path(root, DatasetManifest.FILE_NAME);
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream in = fs.open(file)) {
        return DatasetManifestParser.fromJson(
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /** A manifest may omit the episode-id type (the files' is used); one it states must match. */
  private static void checkEpisodeIdType(
      Path root, DatasetManifest manifest, EpisodeTableLayout layout) {
    if (manifest == null || manifest.episodeIdType() == null) {
      return;
    }
    String files =
        layout.idOrder() == EpisodeIdOrder.NUMERIC
            ? DatasetManifest.ID_INT64
            : DatasetManifest.ID_STRING;
    if (!files.equals(manifest.episodeIdType())) {
      throw new IllegalArgumentException(
          new Path(root, DatasetManifest.FILE_NAME)
              + ": episode_id_type "
              + manifest.episodeIdType()
              + " disagrees with the part files, whose episode_id column is "
              + files);
    }
  }

  private static DatasetExpectations expectations(
      String source,
      Dataset<Row> table,
      EpisodeTableLayout layout,
      ObservationShape manifestShape,
      int manifestActions,
      ReadOptions options) {
    ObservationShape shape = options.observationShape();
    if (shape == null) {
      shape = manifestShape;
    }
    if (shape == null) {
      if (layout.images()) {
        throw new IllegalArgumentException(
            source
                + ": image observations need their [channels, height, width] from dataset.json"
                + " or the config");
      }
      Column observation = functions.col(EpisodeColumns.OBSERVATION);
      List<Row> first =
          table
              .where(observation.isNotNull())
              .select(functions.size(observation))
              .limit(1)
              .collectAsList();
      if (first.isEmpty() || first.get(0).getInt(0) < 1) {
        throw new DatasetReadException(
            new ValidationError(
                source,
                null,
                null,
                EpisodeColumns.OBSERVATION,
                ValidationRule.EMPTY_DATASET,
                "cannot infer the observation shape: no row with a non-empty observation"));
      }
      shape = ObservationShape.vector(first.get(0).getInt(0));
    }
    int actionSize = options.actionSize();
    if (actionSize == 0) {
      actionSize = manifestActions;
    }
    if (actionSize == 0) {
      Row max = table.agg(functions.max(EpisodeColumns.ACTION)).head();
      long maxAction = max.isNullAt(0) ? 0 : ((Number) max.get(0)).longValue();
      // max action + 1, at least 1: negative or oversized actions are reported by the row rules.
      actionSize = (int) Math.min(Integer.MAX_VALUE, Math.max(1L, maxAction + 1));
    }
    return new DatasetExpectations(shape, actionSize);
  }

  /**
   * Runs a Spark action and rethrows a validation or read failure from an executor as itself, so
   * the caller sees the message naming the file, episode, column and rule.
   */
  public static <T> T unwrapping(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked, but Scala throws it from collect()
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof EpisodeValidationException v) {
          throw new EpisodeValidationException(v.getMessage(), e);
        }
        if (c instanceof DatasetReadException r) {
          throw r;
        }
      }
      // Spark does not always keep the executor's exception as the cause; its message does.
      String validation = executorMessage(e, EpisodeValidationException.class);
      if (validation != null) {
        throw new EpisodeValidationException(validation, e);
      }
      String read = executorMessage(e, DatasetReadException.class);
      if (read != null) {
        throw new IllegalArgumentException(read, e);
      }
      throw e;
    }
  }

  /** The message of an exception of {@code type} quoted in Spark's job failure, or null. */
  private static String executorMessage(Exception e, Class<?> type) {
    String text = e.getMessage();
    String marker = type.getName() + ": ";
    int at = text == null ? -1 : text.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int end = text.indexOf('\n', at);
    return text.substring(at + marker.length(), end < 0 ? text.length() : end);
  }

  /** Converts a partition's projected rows into episode rows as they are read. */
  private record Converting(Iterator<InternalRow> rows, EpisodeTableLayout layout)
      implements Iterator<io.sparkrl.datasets.EpisodeRow> {
    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public io.sparkrl.datasets.EpisodeRow next() {
      return layout.toEpisodeRow(rows.next());
    }
  }

  /** Numbers a partition's accepted, not held-out episodes from the partition's first index. */
  private static final class Numbering implements Iterator<IndexedEpisode> {
    private final Iterator<ValidatedEpisode> outcomes;
    private long next;
    private ValidatedEpisode lookahead;

    private final HoldoutSplit holdout;

    Numbering(Iterator<ValidatedEpisode> outcomes, long first, HoldoutSplit holdout) {
      this.outcomes = outcomes;
      this.next = first;
      this.holdout = holdout;
    }

    @Override
    public boolean hasNext() {
      while (lookahead == null && outcomes.hasNext()) {
        ValidatedEpisode o = outcomes.next();
        if (o.isAccepted() && !isHeldOut(o, holdout)) {
          lookahead = o;
        }
      }
      return lookahead != null;
    }

    @Override
    public IndexedEpisode next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException("no more episodes in this partition");
      }
      IndexedEpisode out = new IndexedEpisode(next, lookahead.episode());
      next = out.endTransition();
      lookahead = null;
      return out;
    }
  }
}
