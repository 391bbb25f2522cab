package io.sparkrl.datasets.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a directory of part files {@code part-00000.parquet}, {@code part-00001.parquet}, … one at
 * a time. Each part is written under a hidden temporary name (readers skip names starting with
 * {@code .}) and renamed when finished, so a reader never sees half a file.
 */
final class PartFileWriter implements Closeable {

  private static final String PREFIX = "part-";
  private static final String SUFFIX = ".parquet";
  private static final String IN_PROGRESS = ".inprogress";

  /**
   * Row-group size. Writers buffer one row group and readers hold one, so this bounds both,
   * whatever the dataset's size; parquet's 128 MiB default made every 1M-row CartPole part a single
   * group.
   */
  static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final Configuration conf = new Configuration(false);
  private ParquetWriter<RowWriteSupport.Row> writer;
  private MessageType schema;
  private Path tmp;
  private Path target;
  private int parts;
  private long rowsInPart;

  /** Creates {@code dir} if needed. */
  PartFileWriter(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The name of part {@code index}. */
  static String partName(int index) {
    return String.format("%s%05d%s", PREFIX, index, SUFFIX);
  }

  /** True while a part is open. */
  boolean isOpen() {
    return writer != null;
  }

  /** The open part's schema. */
  MessageType schema() {
    return schema;
  }

  /** Rows written to the open part. */
  long rowsInPart() {
    return rowsInPart;
  }

  /** Parts finished so far. */
  int parts() {
    return parts;
  }

  /** Starts the next part with {@code partSchema}; a part must not be open. */
  void startPart(MessageType partSchema) throws IOException {
    if (writer != null) {
      throw new IllegalStateException("part " + target + " is still open");
    }
    target = dir.resolve(partName(parts));
    tmp = dir.resolve("." + target.getFileName() + IN_PROGRESS);
    schema = partSchema;
    writer =
        new Builder(new NioOutputFile(tmp), partSchema)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(ROW_GROUP_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
    rowsInPart = 0;
  }

  void write(RowWriteSupport.Row row) throws IOException {
    writer.write(row);
    rowsInPart++;
  }

  /** Finishes the open part, if any, and renames it to its final name. */
  void finishPart() throws IOException {
    if (writer == null) {
      return;
    }
    ParquetWriter<RowWriteSupport.Row> finishing = writer;
    writer = null;
    finishing.close();
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    parts++;
  }

  @Override
  public void close() throws IOException {
    finishPart();
  }

  private static final class Builder extends ParquetWriter.Builder<RowWriteSupport.Row, Builder> {
    private final MessageType schema;

    Builder(OutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<RowWriteSupport.Row> getWriteSupport(Configuration configuration) {
      return new RowWriteSupport(schema);
    }
  }
}
