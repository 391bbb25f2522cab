package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.EpisodeColumns;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema this package writes (docs/design.md §2). Vector observations use the standard
 * 3-level LIST, the form Spark writes and reads as {@code array<float>}; images are {@code binary}.
 */
final class EpisodeParquetSchema {

  /** The string column the quarantine writer adds: why the episode was rejected. */
  static final String REASON = "reason";

  static final String LIST = "list";
  static final String ELEMENT = "element";

  private EpisodeParquetSchema() {}

  /**
   * The schema of one part file.
   *
   * @param int64Ids episode_id as int64 rather than a UTF-8 string
   * @param images observation as binary rather than a list of float
   * @param actionProbs with the optional action_prob column
   * @param reason with the quarantine's reason column (and int64 steps)
   */
  static MessageType of(boolean int64Ids, boolean images, boolean actionProbs, boolean reason) {
    StringBuilder s = new StringBuilder("message episode {\n");
    s.append(
        int64Ids
            ? "  required int64 " + EpisodeColumns.EPISODE_ID + ";\n"
            : "  required binary " + EpisodeColumns.EPISODE_ID + " (STRING);\n");
    // Quarantined rows keep steps as read, which may not fit in int32.
    s.append(reason ? "  required int64 " : "  required int32 ")
        .append(EpisodeColumns.STEP)
        .append(";\n");
    if (images) {
      s.append("  required binary ").append(EpisodeColumns.OBSERVATION).append(";\n");
    } else {
      s.append("  optional group ")
          .append(EpisodeColumns.OBSERVATION)
          .append(" (LIST) {\n    repeated group ")
          .append(LIST)
          .append(" {\n      optional float ")
          .append(ELEMENT)
          .append(";\n    }\n  }\n");
    }
    s.append("  required int32 ").append(EpisodeColumns.ACTION).append(";\n");
    s.append("  required float ").append(EpisodeColumns.REWARD).append(";\n");
    s.append("  required boolean ").append(EpisodeColumns.TERMINAL).append(";\n");
    s.append("  required boolean ").append(EpisodeColumns.TIMEOUT).append(";\n");
    if (actionProbs) {
      s.append("  optional float ").append(EpisodeColumns.ACTION_PROB).append(";\n");
    }
    if (reason) {
      s.append("  required binary ").append(REASON).append(" (STRING);\n");
    }
    return MessageTypeParser.parseMessageType(s.append("}\n").toString());
  }
}
