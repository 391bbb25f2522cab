package io.sparkrl.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TfRecordFramingTest {

  @Test
  void crc32cMatchesTheStandardCheckValues() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(TfRecordFraming.crc32c(check, 0, check.length)).isEqualTo(0xE3069283);
    // TensorFlow's crc32c_test.cc: 32 zero bytes and 32 0xff bytes.
    byte[] zeros = new byte[32];
    assertThat(TfRecordFraming.crc32c(zeros, 0, 32)).isEqualTo(0x8a9136aa);
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xff);
    assertThat(TfRecordFraming.crc32c(ones, 0, 32)).isEqualTo(0x62a8ab43);
  }

  @Test
  void maskMatchesAHandComputation() {
    // 0xE3069283 >>> 15           = 0x0001C60D
    // 0xE3069283 << 17 (32 bits)  = 0x25060000
    // OR                          = 0x2507C60D
    // + 0xA282EAD8 (mod 2^32)     = 0xC78AB0E5
    assertThat(TfRecordFraming.mask(0xE3069283)).isEqualTo(0xC78AB0E5);
    assertThat(TfRecordFraming.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0xC78AB0E5);
    assertThat(TfRecordFraming.mask(0)).isEqualTo(0xa282ead8);
  }

  @Test
  void recordLayoutIsLengthCrcDataCrc() throws IOException {
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecordFraming.writeRecord(out, data);
    byte[] framed = out.toByteArray();
    assertThat(framed).hasSize((int) TfRecordFraming.framedLength(data.length)).hasSize(25);
    ByteBuffer b = ByteBuffer.wrap(framed).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getLong(0)).isEqualTo(9L);
    assertThat(b.getInt(8)).isEqualTo(TfRecordFraming.mask(TfRecordFraming.crc32c(framed, 0, 8)));
    assertThat(Arrays.copyOfRange(framed, 12, 21)).isEqualTo(data);
    assertThat(b.getInt(21)).isEqualTo(0xC78AB0E5);

    ByteArrayInputStream in = new ByteArrayInputStream(framed);
    assertThat(TfRecordFraming.readRecord(in, "f", 0)).isEqualTo(data);
    assertThat(TfRecordFraming.readRecord(in, "f", 25)).isNull();
  }
}
