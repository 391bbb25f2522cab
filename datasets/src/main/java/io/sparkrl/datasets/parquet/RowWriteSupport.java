package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Streams rows straight into parquet's {@link RecordConsumer}: no intermediate record objects, so
 * the writer's memory is its row-group buffer and nothing else.
 */
final class RowWriteSupport extends WriteSupport<RowWriteSupport.Row> {

  /** One row to write; {@code reason} only for the quarantine's schema. */
  record Row(EpisodeRow row, String reason) {}

  private final MessageType schema;
  private final boolean int64Ids;
  private final boolean int64Steps;
  private final boolean actionProbs;
  private final boolean reason;
  private RecordConsumer out;

  RowWriteSupport(MessageType schema) {
    this.schema = schema;
    this.int64Ids = isInt64(schema, EpisodeColumns.EPISODE_ID);
    this.int64Steps = isInt64(schema, EpisodeColumns.STEP);
    this.actionProbs = schema.containsField(EpisodeColumns.ACTION_PROB);
    this.reason = schema.containsField(EpisodeParquetSchema.REASON);
  }

  private static boolean isInt64(MessageType schema, String column) {
    return schema.getType(column).asPrimitiveType().getPrimitiveTypeName()
        == PrimitiveTypeName.INT64;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Row record) {
    EpisodeRow row = record.row();
    int field = 0;
    out.startMessage();
    out.startField(EpisodeColumns.EPISODE_ID, field);
    if (int64Ids) {
      out.addLong(Long.parseLong(row.episodeId()));
    } else {
      out.addBinary(Binary.fromString(row.episodeId()));
    }
    out.endField(EpisodeColumns.EPISODE_ID, field++);
    out.startField(EpisodeColumns.STEP, field);
    if (int64Steps) {
      out.addLong(row.step());
    } else {
      out.addInteger(Math.toIntExact(row.step()));
    }
    out.endField(EpisodeColumns.STEP, field++);
    out.startField(EpisodeColumns.OBSERVATION, field);
    if (row.image() != null) {
      out.addBinary(Binary.fromConstantByteArray(row.image()));
    } else {
      writeList(row.vector());
    }
    out.endField(EpisodeColumns.OBSERVATION, field++);
    out.startField(EpisodeColumns.ACTION, field);
    out.addInteger(row.action());
    out.endField(EpisodeColumns.ACTION, field++);
    out.startField(EpisodeColumns.REWARD, field);
    out.addFloat(row.reward());
    out.endField(EpisodeColumns.REWARD, field++);
    out.startField(EpisodeColumns.TERMINAL, field);
    out.addBoolean(row.terminal());
    out.endField(EpisodeColumns.TERMINAL, field++);
    out.startField(EpisodeColumns.TIMEOUT, field);
    out.addBoolean(row.timeout());
    out.endField(EpisodeColumns.TIMEOUT, field++);
    if (actionProbs) {
      // A row without a probability leaves the optional column null.
      if (!Float.isNaN(row.actionProb()) || reason) {
        out.startField(EpisodeColumns.ACTION_PROB, field);
        out.addFloat(row.actionProb());
        out.endField(EpisodeColumns.ACTION_PROB, field);
      }
      field++;
    }
    if (reason) {
      out.startField(EpisodeParquetSchema.REASON, field);
      out.addBinary(Binary.fromString(record.reason()));
      out.endField(EpisodeParquetSchema.REASON, field);
    }
    out.endMessage();
  }

  private void writeList(float[] values) {
    out.startGroup();
    if (values.length > 0) {
      out.startField(EpisodeParquetSchema.LIST, 0);
      for (float v : values) {
        out.startGroup();
        out.startField(EpisodeParquetSchema.ELEMENT, 0);
        out.addFloat(v);
        out.endField(EpisodeParquetSchema.ELEMENT, 0);
        out.endGroup();
      }
      out.endField(EpisodeParquetSchema.LIST, 0);
    }
    out.endGroup();
  }
}
