package io.sparkrl.datasets.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes Parquet fixtures of any schema with parquet's example Group API: the forms other writers
 * (Spark, pandas, older tools) produce, which this package must read.
 */
final class GroupFixtures {

  private GroupFixtures() {}

  /** A writer of groups; {@link #row()} starts a new record, {@link #write(Group)} stores it. */
  static final class Rows {
    private final SimpleGroupFactory factory;
    private final ParquetWriter<Group> writer;

    private Rows(MessageType schema, ParquetWriter<Group> writer) {
      this.factory = new SimpleGroupFactory(schema);
      this.writer = writer;
    }

    Group row() {
      return factory.newGroup();
    }

    void write(Group group) {
      try {
        writer.write(group);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static void write(Path file, String schema, Consumer<Rows> rows) throws IOException {
    MessageType type = MessageTypeParser.parseMessageType(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new NioOutputFile(file)).withType(type).build()) {
      rows.accept(new Rows(type, writer));
    }
  }
}
