package io.sparkrl.core.ope;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.ope.OpeGroundTruth.Row;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimators rank five CartPole policies of clearly different quality as their true returns do,
 * and FQE's initial-state value is within 15% of each policy's true discounted return ({@link
 * OpeGroundTruth}; the benchmark's larger run is in docs/benchmarks.md).
 */
class OffPolicyGroundTruthTest {

  @BeforeAll
  static void oneBlasThread() {
    NativeThreads.limit(1);
  }

  @Test
  void estimatesRankThePoliciesAsTheirTrueReturnsAndFqeIsWithin15Percent() {
    List<Row> rows = OpeGroundTruth.run(150, 100, 5000, 1);
    double[] truth = OpeGroundTruth.column(rows, Row::truth);
    for (int i = 1; i < truth.length; i++) {
      assertThat(truth[i]).as("true values fall with quality").isLessThan(truth[i - 1]);
    }
    assertThat(OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::fqe), truth))
        .as("FQE's ranking, rows %s", rows)
        .isGreaterThanOrEqualTo(0.9);
    assertThat(OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::dr), truth))
        .as("DR's ranking, rows %s", rows)
        .isGreaterThanOrEqualTo(0.9);
    for (Row r : rows) {
      assertThat(r.fqeError()).as("FQE's relative error, %s", r).isLessThanOrEqualTo(0.15);
    }
  }
}
