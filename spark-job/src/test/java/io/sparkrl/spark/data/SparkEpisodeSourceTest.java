package io.sparkrl.spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.parquet.DatasetReadException;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Parquet episodes with Spark: both writers, numbering, strict and quarantine modes. */
class SparkEpisodeSourceTest extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void readsTheDatasetsWriterAndNumbersLikeTransitionIndex() throws Exception {
    List<Episode> episodes = TestEpisodes.randomVectors(40, 4, 3, 30, 11);
    Path dir = tmp.resolve("data");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(4), 3, true, 200)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    IndexedEpisodes read =
        new SparkEpisodeSource(spark)
            .read(dir.toUri().toString(), ReadOptions.strict().withPartitions(3));

    List<Episode> sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(Episode::id, EpisodeIdOrder.NUMERIC));
    TransitionIndex index = new TransitionIndex(sorted);
    List<IndexedEpisode> collected = read.episodes().collect();
    assertThat(collected).extracting(IndexedEpisode::episode).containsExactlyElementsOf(sorted);
    for (IndexedEpisode e : collected) {
      int position = sorted.indexOf(e.episode());
      int first = 0;
      while (index.episode(first) != position) {
        first++;
      }
      assertThat(e.firstTransition()).isEqualTo(first);
    }
    assertThat(read.transitionCount()).isEqualTo(index.size());
    assertThat(read.episodeCount()).isEqualTo(40);
    assertThat(read.actionSize()).isEqualTo(3);
    assertThat(read.observationShape()).isEqualTo(ObservationShape.vector(4));
    assertThat(read.partitionStarts()).hasSize(4).startsWith(0L).endsWith((long) index.size());
    assertThat(read.counts())
        .isEqualTo(new SourceCounts(40, episodes.stream().mapToLong(Episode::length).sum(), 0, 0));
    read.unpersist();
  }

  @Test
  void readsWhatSparkWritesWithStringIdsAndInfersShapes() {
    // Ids whose code point order differs from numeric and UTF-16 order; steps written shuffled.
    List<String> ids = List.of("b", "a10", "a9", "\uFB01", "\uD83D\uDE00");
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < ids.size(); e++) {
      int n = 3 + e;
      for (int t = n - 1; t >= 0; t--) {
        rows.add(
            RowFactory.create(
                ids.get(e),
                (long) t,
                List.of((double) e, (double) t),
                e % 2,
                1.0,
                t == n - 1 && e != 1,
                t == n - 1 && e == 1));
      }
    }
    StructType schema =
        new StructType()
            .add("episode_id", DataTypes.StringType)
            .add("step", DataTypes.LongType)
            .add("observation", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("action", DataTypes.IntegerType)
            .add("reward", DataTypes.DoubleType)
            .add("terminal", DataTypes.BooleanType)
            .add("timeout", DataTypes.BooleanType);
    String uri = tmp.resolve("spark").toUri().toString();
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(uri);

    IndexedEpisodes read = new SparkEpisodeSource(spark).read(uri, ReadOptions.strict());
    List<IndexedEpisode> collected = read.episodes().collect();
    List<String> expectedOrder = new ArrayList<>(ids);
    expectedOrder.sort(EpisodeIdOrder.CODE_POINT);
    assertThat(expectedOrder).containsExactly("a10", "a9", "b", "\uFB01", "\uD83D\uDE00");
    assertThat(collected)
        .extracting(e -> e.episode().id())
        .containsExactlyElementsOf(expectedOrder);
    assertThat(read.actionSize()).isEqualTo(2);
    assertThat(read.observationShape()).isEqualTo(ObservationShape.vector(2));
    Episode a10 = collected.get(0).episode();
    assertThat(a10.end()).isEqualTo(EndKind.TIMEOUT);
    assertThat(a10.length()).isEqualTo(4);
    assertThat(a10.transitionCount()).isEqualTo(3);
    assertThat(a10.observation(3)).containsExactly(1f, 3f);
    assertThat(collected.get(1).firstTransition()).isEqualTo(3);
    assertThat(collected.get(2).firstTransition()).isEqualTo(3 + 5);
  }

  @Test
  void strictModeNamesTheFileEpisodeColumnAndRule() throws Exception {
    Path dir = writeWithBadEpisodes();
    assertThatThrownBy(
            () ->
                new SparkEpisodeSource(spark)
                    .read(dir.toUri().toString(), twoActions(ReadOptions.strict())))
        .isInstanceOf(EpisodeValidationException.class)
        .hasMessageMatching("(?s).*part-\\d+\\.parquet, episode \\d+, step \\d+: .*")
        .hasMessageMatching(
            "(?s).*(column action, rule: action out of range|column reward, rule: non-finite"
                + " reward).*");
  }

  @Test
  void aResumedReadReplacesTheQuarantineItWroteAndANewReadRefusesIt() throws Exception {
    Path dir = writeWithBadEpisodes();
    String quarantine = tmp.resolve("rejected-twice").toUri().toString();
    ReadOptions options = twoActions(ReadOptions.quarantine(quarantine));
    SparkEpisodeSource source = new SparkEpisodeSource(spark);
    source.read(dir.toUri().toString(), options).unpersist();
    long rows = spark.read().parquet(quarantine).count();
    assertThat(rows).isPositive();

    assertThatThrownBy(() -> source.read(dir.toUri().toString(), options))
        .hasMessageContaining("rejected-twice");
    IndexedEpisodes again = source.read(dir.toUri().toString(), options.replacingQuarantine());
    assertThat(again.counts().episodesRejected()).isEqualTo(2);
    assertThat(spark.read().parquet(quarantine).count()).isEqualTo(rows);
    again.unpersist();
  }

  @Test
  void quarantineWritesAndCountsRejectedEpisodes() throws Exception {
    Path dir = writeWithBadEpisodes();
    String quarantine = tmp.resolve("rejected").toUri().toString();
    IndexedEpisodes read =
        new SparkEpisodeSource(spark)
            .read(dir.toUri().toString(), twoActions(ReadOptions.quarantine(quarantine)));
    assertThat(read.counts().episodesRejected()).isEqualTo(2);
    assertThat(read.counts().episodesAccepted()).isEqualTo(18);
    assertThat(read.episodes().count()).isEqualTo(18);

    Set<String> rejectedIds = new HashSet<>();
    long rejectedRows = 0;
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(tmp.resolve("rejected"))) {
      while (reader.hasNext()) {
        EpisodeRow row = reader.next();
        rejectedIds.add(row.episodeId());
        rejectedRows++;
      }
    }
    assertThat(rejectedIds).containsExactlyInAnyOrder("3", "8");
    assertThat(rejectedRows).isEqualTo(read.counts().rowsRejected());
    List<Row> reasons =
        spark.read().parquet(quarantine).select("episode_id", "reason").distinct().collectAsList();
    assertThat(reasons)
        .anySatisfy(
            r -> assertThat(r.getString(1)).contains("episode 3").contains("outside [0, 2)"))
        .anySatisfy(
            r -> assertThat(r.getString(1)).contains("episode 8").contains("reward is NaN"));
  }

  @Test
  void anEssentialsOnlyManifestGivesTheImageShapeAndActionCount() throws Exception {
    ObservationShape shape = ObservationShape.image(1, 3, 4);
    List<Episode> episodes = TestEpisodes.randomImages(9, shape, 2, 6, 21);
    Path dir = tmp.resolve("images");
    try (EpisodeParquetWriter writer = EpisodeParquetWriter.create(dir, shape, 2, false, 20)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    Files.writeString(
        dir.resolve(DatasetManifest.FILE_NAME),
        "{\"schema_version\": 1, \"observation_shape\": [1, 3, 4],"
            + " \"observation_dtype\": \"uint8\", \"action_size\": 5}");

    IndexedEpisodes read =
        new SparkEpisodeSource(spark).read(dir.toUri().toString(), ReadOptions.strict());

    assertThat(read.observationShape()).isEqualTo(shape);
    assertThat(read.actionSize()).isEqualTo(5);
    assertThat(read.episodeCount()).isEqualTo(episodes.size());
    assertThat(read.transitionCount())
        .isEqualTo(episodes.stream().mapToLong(Episode::transitionCount).sum());
    assertThat(read.episodes().map(e -> e.episode().id()).collect())
        .containsExactlyInAnyOrderElementsOf(episodes.stream().map(Episode::id).toList());
    read.unpersist();

    Files.writeString(
        dir.resolve(DatasetManifest.FILE_NAME),
        "{\"schema_version\": 1, \"observation_shape\": [1, 3, 4],"
            + " \"observation_dtype\": \"uint8\", \"action_size\": 5,"
            + " \"episode_id_type\": \"int64\"}");
    assertThatThrownBy(
            () -> new SparkEpisodeSource(spark).read(dir.toUri().toString(), ReadOptions.strict()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(
            "dataset.json: episode_id_type int64 disagrees with the part files,"
                + " whose episode_id column is string");
  }

  @Test
  void aManifestWithNanStatisticsIsReadAndANanRewardIsStillRejected() throws Exception {
    List<Episode> episodes = new ArrayList<>(TestEpisodes.randomVectors(6, 2, 2, 8, 13));
    Episode bad = episodes.get(3);
    float[] rewards = bad.rewards().clone();
    rewards[0] = Float.NaN;
    episodes.set(
        3,
        Episode.ofVectors(bad.id(), 2, bad.vectorData(), bad.actions(), rewards, null, bad.end()));
    Path dir = tmp.resolve("nan-reward");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(2), 2, true, 1000)) {
      for (Episode e : episodes) {
        writer.accept(e.hasActionProbs() ? withoutProbs(e) : e);
      }
    }
    Files.writeString(
        dir.resolve(DatasetManifest.FILE_NAME),
        "{\"schema_version\": 1, \"observation_shape\": [2], \"observation_dtype\": \"float32\","
            + " \"action_size\": 2, \"episode_id_type\": \"int64\", \"episodes\": 6,"
            + " \"return_statistics\": {\"mean\": NaN, \"std\": NaN, \"min\": -Infinity,"
            + " \"max\": Infinity}, \"observation_statistics\": {\"mean\": [NaN, 0.0],"
            + " \"std\": [\"NaN\", 1.0], \"min\": [0.0, 0.0], \"max\": [1.0, 1.0]}}");

    assertThatThrownBy(
            () -> new SparkEpisodeSource(spark).read(dir.toUri().toString(), ReadOptions.strict()))
        .isInstanceOf(EpisodeValidationException.class)
        .hasMessageContaining("part-00000.parquet, episode " + bad.id() + ", step 0: ")
        .hasMessageContaining("column reward, rule: non-finite reward");
  }

  @Test
  void missingAndMistypedColumnsAreReportedBeforeAnyJob() {
    StructType schema =
        new StructType()
            .add("episode_id", DataTypes.LongType)
            .add("step", DataTypes.IntegerType)
            .add("observation", DataTypes.createArrayType(DataTypes.FloatType))
            .add("action", DataTypes.StringType)
            .add("reward", DataTypes.FloatType);
    String uri = tmp.resolve("bad-schema").toUri().toString();
    spark
        .createDataFrame(List.of(RowFactory.create(1L, 0, List.of(1f), "left", 1f)), schema)
        .write()
        .parquet(uri);
    // Spark's own schema inference reads a footer in a small job; the check adds no job to it.
    spark.sparkContext().setJobGroup("footer", "schema inference alone", false);
    spark.read().parquet(uri).schema();
    spark.sparkContext().setJobGroup("schema-check", "schema check", false);
    try {
      assertThatThrownBy(() -> new SparkEpisodeSource(spark).read(uri, ReadOptions.strict()))
          .isInstanceOf(DatasetReadException.class)
          .hasMessageContaining("column action has type string, expected int32 or int64");
      assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup("schema-check"))
          .hasSameSizeAs(spark.sparkContext().statusTracker().getJobIdsForGroup("footer"));
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    String noTerminal = tmp.resolve("no-terminal").toUri().toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create(1L, 0, List.of(1f), 0, 1f)),
            new StructType()
                .add("episode_id", DataTypes.LongType)
                .add("step", DataTypes.IntegerType)
                .add("observation", DataTypes.createArrayType(DataTypes.FloatType))
                .add("action", DataTypes.IntegerType)
                .add("reward", DataTypes.FloatType))
        .write()
        .parquet(noTerminal);
    assertThatThrownBy(() -> new SparkEpisodeSource(spark).read(noTerminal, ReadOptions.strict()))
        .isInstanceOf(DatasetReadException.class)
        .hasMessageContaining("column terminal is missing");
    assertThatThrownBy(
            () ->
                new SparkEpisodeSource(spark)
                    .read(tmp.resolve("absent").toUri().toString(), ReadOptions.strict()))
        .isInstanceOf(DatasetReadException.class)
        .hasMessageContaining("no such file");
  }

  /** 20 episodes; episode 3 has action 5 (of 2), episode 8 a NaN reward. */
  private Path writeWithBadEpisodes() throws Exception {
    List<Episode> episodes = new ArrayList<>(TestEpisodes.randomVectors(20, 2, 2, 10, 5));
    episodes.set(3, withAction(episodes.get(3), 5));
    Episode e8 = episodes.get(8);
    float[] rewards = e8.rewards().clone();
    rewards[0] = Float.NaN;
    episodes.set(
        8,
        Episode.ofVectors(e8.id(), 2, e8.vectorData(), e8.actions(), rewards, probs(e8), e8.end()));
    Path dir = tmp.resolve("with-bad");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(2), 8, true, 50)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    // The manifest stays (its return statistics are unknown); the expectations come from the
    // config.
    return dir;
  }

  /** The manifest says 8 actions; the job's config says 2, so action 5 is out of range. */
  private static ReadOptions twoActions(ReadOptions options) {
    return options.withExpectations(ObservationShape.vector(2), 2);
  }

  private static Episode withAction(Episode e, int action) {
    int[] actions = e.actions().clone();
    actions[0] = action;
    return Episode.ofVectors(e.id(), 2, e.vectorData(), actions, e.rewards(), probs(e), e.end());
  }

  private static Episode withoutProbs(Episode e) {
    return Episode.ofVectors(e.id(), 2, e.vectorData(), e.actions(), e.rewards(), null, e.end());
  }

  private static float[] probs(Episode e) {
    float[] out = new float[e.length()];
    for (int t = 0; t < out.length; t++) {
      out[t] = e.actionProb(t);
    }
    return out;
  }
}
