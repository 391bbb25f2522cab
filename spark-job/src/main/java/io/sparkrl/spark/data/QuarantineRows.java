package io.sparkrl.spark.data;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rejected episodes as rows of the datasets module's quarantine format ({@link
 * io.sparkrl.datasets.parquet.QuarantineParquetWriter}): every row as read, episode ids as strings,
 * int64 steps, {@code action_prob} always present (NaN where the input had none) and a string
 * column {@code reason} holding the episode's errors joined with {@code "; "}, so {@link
 * io.sparkrl.datasets.parquet.EpisodeParquetReader} reads the folder back.
 */
final class QuarantineRows {

  /** The quarantine format's reason column. */
  static final String REASON = "reason";

  private static final String SEPARATOR = "; ";

  private QuarantineRows() {}

  /** The Spark schema of the quarantine folder for vector or image observations. */
  static StructType schema(boolean images) {
    return new StructType()
        .add(EpisodeColumns.EPISODE_ID, DataTypes.StringType, false)
        .add(EpisodeColumns.STEP, DataTypes.LongType, false)
        .add(
            EpisodeColumns.OBSERVATION,
            images ? DataTypes.BinaryType : DataTypes.createArrayType(DataTypes.FloatType),
            true)
        .add(EpisodeColumns.ACTION, DataTypes.IntegerType, false)
        .add(EpisodeColumns.REWARD, DataTypes.FloatType, false)
        .add(EpisodeColumns.TERMINAL, DataTypes.BooleanType, false)
        .add(EpisodeColumns.TIMEOUT, DataTypes.BooleanType, false)
        .add(EpisodeColumns.ACTION_PROB, DataTypes.FloatType, true)
        .add(REASON, DataTypes.StringType, false);
  }

  /** The rows of one rejected episode (none for an accepted one). */
  static Iterator<Row> rows(ValidatedEpisode outcome) {
    if (outcome.isAccepted()) {
      return List.<Row>of().iterator();
    }
    String reason =
        outcome.errors().stream()
            .map(ValidationError::toString)
            .collect(Collectors.joining(SEPARATOR));
    List<Row> out = new ArrayList<>(outcome.rowCount());
    for (EpisodeRow r : outcome.rejectedRows()) {
      Object observation = r.image() != null ? r.image() : r.vector();
      out.add(
          RowFactory.create(
              r.episodeId() != null ? r.episodeId() : outcome.id(),
              r.step(),
              observation,
              r.action(),
              r.reward(),
              r.terminal(),
              r.timeout(),
              r.actionProb(),
              reason));
    }
    return out.iterator();
  }
}
