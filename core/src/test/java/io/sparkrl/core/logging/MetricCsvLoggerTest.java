package io.sparkrl.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricCsvLoggerTest {

  @TempDir Path tmp;

  // Expected texts are CPython 3's own output of '%f' % value.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0|0.000000",
        "-0.0|-0.000000",
        "1.5|1.500000",
        "0.3333333333333333|0.333333",
        "0.1234565|0.123456",
        "5e-7|0.000000",
        "-5e-7|-0.000000",
        "-1e-9|-0.000000",
        "2.5e-6|0.000003",
        "0.0078125|0.007812",
        "123.4564999|123.456500",
        "1e20|100000000000000000000.000000",
        "-2.75|-2.750000",
        "NaN|nan",
        "Infinity|inf",
        "-Infinity|-inf"
      })
  void formatsLikePythonPercentF(double value, String python) {
    assertThat(MetricCsvLogger.formatPythonF(value)).isEqualTo(python);
  }

  @Test
  void appendsOneLinePerCallWithoutHeader() throws IOException {
    RunStorage storage = new LocalRunStorage();
    MetricCsvLogger csv = new MetricCsvLogger(storage, tmp.toString());
    csv.log("critic_loss", 0, 4, 0.5);
    csv.log("critic_loss", 1, 8, Double.NaN);
    csv.log("weights", 0, 4, 1.0 / 3);
    assertThat(Files.readString(tmp.resolve("critic_loss.csv")))
        .isEqualTo("0,4,0.500000\n1,8,nan\n");
    assertThat(Files.readString(tmp.resolve("weights.csv"))).isEqualTo("0,4,0.333333\n");
    // A second logger on the same directory appends, as d3rlpy's open(path, 'a') does.
    new MetricCsvLogger(storage, tmp.toString()).log("weights", 1, 8, 2);
    assertThat(Files.readAllLines(tmp.resolve("weights.csv")))
        .containsExactly("0,4,0.333333", "1,8,2.000000");
  }

  @Test
  void rejectsMetricNamesThatAreNotFileNames() {
    MetricCsvLogger csv = new MetricCsvLogger(new LocalRunStorage(), tmp.toString());
    assertThatThrownBy(() -> csv.fileFor("../x")).hasMessageContaining("../x");
    assertThatThrownBy(() -> csv.fileFor("")).isInstanceOf(IllegalArgumentException.class);
  }
}
