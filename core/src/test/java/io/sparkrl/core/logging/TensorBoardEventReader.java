package io.sparkrl.core.logging;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TensorBoard event file back: checks the TFRecord framing and both CRCs of every record,
 * and decodes the {@code file_version} and every scalar ({@code simple_value}) summary value. Other
 * events and summary values (images, histograms, hparams) are skipped.
 *
 * <p>Strict: a truncated last record, which TensorBoard tolerates after a crash, is an error here.
 */
public final class TensorBoardEventReader {

  /**
   * One scalar as written by {@code add_scalar}.
   *
   * @param wallTime seconds since the Unix epoch
   * @param step the step (the epoch, for d3rlpy's metrics)
   * @param tag the tag, such as {@code metrics/critic_loss}
   * @param value the 32-bit value
   */
  public record ScalarEvent(double wallTime, long step, String tag, float value) {}

  /**
   * What an event file holds.
   *
   * @param fileVersion the {@code file_version} of the first event that has one, or null
   * @param scalars every scalar, in file order
   */
  public record EventFile(String fileVersion, List<ScalarEvent> scalars) {

    /** Copies the list, which becomes unmodifiable. */
    public EventFile {
      scalars = List.copyOf(scalars);
    }
  }

  private TensorBoardEventReader() {}

  /**
   * Reads an event file.
   *
   * @param storage where the file is
   * @param path the file's path
   * @return its contents
   * @throws IOException if it cannot be read, or is truncated or corrupt (the message names the
   *     file and the byte offset)
   */
  public static EventFile read(RunStorage storage, String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return read(in, path);
    }
  }

  /**
   * Reads an event file from a stream, which is not closed.
   *
   * @param in the file's bytes, from the start
   * @param source the file name, for error messages
   * @return its contents
   * @throws IOException if reading fails, or the data is truncated or corrupt
   */
  public static EventFile read(InputStream in, String source) throws IOException {
    String fileVersion = null;
    List<ScalarEvent> scalars = new ArrayList<>();
    long offset = 0;
    for (byte[] record = TfRecordFraming.readRecord(in, source, offset);
        record != null;
        record = TfRecordFraming.readRecord(in, source, offset)) {
      try {
        String version = decodeEvent(record, scalars);
        if (fileVersion == null) {
          fileVersion = version;
        }
      } catch (IOException e) {
        throw new IOException(
            source + ": malformed Event protocol buffer in TFRecord at offset " + offset, e);
      }
      offset += TfRecordFraming.framedLength(record.length);
    }
    return new EventFile(fileVersion, scalars);
  }

  // Appends the event's scalars; returns its file_version or null.
  private static String decodeEvent(byte[] record, List<ScalarEvent> scalars) throws IOException {
    CodedInputStream event = CodedInputStream.newInstance(record);
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    List<byte[]> summaries = new ArrayList<>();
    for (int tag = event.readTag(); tag != 0; tag = event.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == TensorBoardEventWriter.EVENT_WALL_TIME
          && wireType == WireFormat.WIRETYPE_FIXED64) {
        wallTime = event.readDouble();
      } else if (field == TensorBoardEventWriter.EVENT_STEP
          && wireType == WireFormat.WIRETYPE_VARINT) {
        step = event.readInt64();
      } else if (field == TensorBoardEventWriter.EVENT_FILE_VERSION
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        fileVersion = event.readString();
      } else if (field == TensorBoardEventWriter.EVENT_SUMMARY
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        summaries.add(event.readByteArray());
      } else {
        event.skipField(tag);
      }
    }
    // Fields may come in any order, so the summaries are decoded once wall_time and step are known.
    for (byte[] summary : summaries) {
      CodedInputStream s = CodedInputStream.newInstance(summary);
      for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == TensorBoardEventWriter.SUMMARY_VALUE
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          decodeValue(s.readByteArray(), wallTime, step, scalars);
        } else {
          s.skipField(tag);
        }
      }
    }
    return fileVersion;
  }

  private static void decodeValue(
      byte[] bytes, double wallTime, long step, List<ScalarEvent> scalars) throws IOException {
    CodedInputStream value = CodedInputStream.newInstance(bytes);
    String tagName = "";
    Float simpleValue = null;
    for (int tag = value.readTag(); tag != 0; tag = value.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == TensorBoardEventWriter.VALUE_TAG
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        tagName = value.readString();
      } else if (field == TensorBoardEventWriter.VALUE_SIMPLE_VALUE
          && wireType == WireFormat.WIRETYPE_FIXED32) {
        simpleValue = value.readFloat();
      } else {
        value.skipField(tag);
      }
    }
    if (simpleValue != null) {
      scalars.add(new ScalarEvent(wallTime, step, tagName, simpleValue));
    }
  }
}
