package io.sparkrl.core.logging;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's TFRecord framing, in which TensorBoard event files are written. Each record is:
 *
 * <pre>
 *   uint64 length          (little-endian)
 *   uint32 masked_crc32c(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 *
 * where {@code masked(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} in 32-bit arithmetic.
 */
public final class TfRecordFraming {

  /** The constant added when masking a CRC. */
  public static final int MASK_DELTA = 0xa282ead8;

  /** Bytes of the length field. */
  public static final int LENGTH_BYTES = Long.BYTES;

  /** Bytes of each CRC field. */
  public static final int CRC_BYTES = Integer.BYTES;

  /** The largest record this reader accepts; event records are a few hundred bytes. */
  public static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;

  private TfRecordFraming() {}

  /**
   * The CRC-32C (Castagnoli) of a byte range.
   *
   * @param data the bytes
   * @param offset where the range starts
   * @param length how many bytes
   * @return the CRC as a 32-bit pattern
   */
  public static int crc32c(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  /**
   * Masks a CRC as TFRecord stores it.
   *
   * @param crc the CRC-32C
   * @return {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}
   */
  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /**
   * The masked CRC-32C of a whole array.
   *
   * @param data the bytes
   * @return {@code mask(crc32c(data))}
   */
  public static int maskedCrc32c(byte[] data) {
    return mask(crc32c(data, 0, data.length));
  }

  /**
   * Writes one framed record.
   *
   * @param out the stream
   * @param data the record's payload
   * @throws IOException if writing fails
   */
  public static void writeRecord(OutputStream out, byte[] data) throws IOException {
    byte[] header =
        ByteBuffer.allocate(LENGTH_BYTES + CRC_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(data.length)
            .array();
    ByteBuffer.wrap(header)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(LENGTH_BYTES, mask(crc32c(header, 0, LENGTH_BYTES)));
    out.write(header);
    out.write(data);
    out.write(littleEndian(maskedCrc32c(data)));
  }

  /**
   * Reads the next framed record and checks both CRCs.
   *
   * @param in the stream, positioned at a record boundary
   * @param source the file name, for error messages
   * @param offset the byte offset of the record in the file, for error messages
   * @return the payload, or null at a clean end of file
   * @throws IOException if the record is truncated, too large, or a CRC does not match; the message
   *     names the file and the offset
   */
  public static byte[] readRecord(InputStream in, String source, long offset) throws IOException {
    byte[] header = new byte[LENGTH_BYTES + CRC_BYTES];
    int first = in.readNBytes(header, 0, header.length);
    if (first == 0) {
      return null;
    }
    if (first < header.length) {
      throw truncated(source, offset);
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong(0);
    int expectedLengthCrc = h.getInt(LENGTH_BYTES);
    if (mask(crc32c(header, 0, LENGTH_BYTES)) != expectedLengthCrc) {
      throw new IOException(
          source + ": corrupt TFRecord at offset " + offset + ": length CRC mismatch");
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw new IOException(
          source + ": TFRecord at offset " + offset + " claims " + length + " bytes");
    }
    byte[] data = new byte[(int) length];
    byte[] crc = new byte[CRC_BYTES];
    if (in.readNBytes(data, 0, data.length) < data.length
        || in.readNBytes(crc, 0, CRC_BYTES) < CRC_BYTES) {
      throw truncated(source, offset);
    }
    int expectedDataCrc = ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (maskedCrc32c(data) != expectedDataCrc) {
      throw new IOException(
          source
              + ": corrupt TFRecord at offset "
              + offset
              + ": data CRC mismatch over bytes "
              + (offset + header.length)
              + ".."
              + (offset + header.length + length - 1));
    }
    return data;
  }

  /**
   * The size a record of the given payload occupies in the file.
   *
   * @param dataLength the payload length
   * @return header, payload and trailing CRC
   */
  public static long framedLength(int dataLength) {
    return (long) LENGTH_BYTES + CRC_BYTES + dataLength + CRC_BYTES;
  }

  private static byte[] littleEndian(int v) {
    return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static EOFException truncated(String source, long offset) {
    return new EOFException(source + ": truncated TFRecord at offset " + offset);
  }
}
