package io.sparkrl.datasets.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged HDF5 headers: shapes that overflow, claim far more than the file holds or disagree, and
 * files beyond the memory limit. Every one is an {@link ImportException} naming the file and the
 * dataset, raised before anything of the claimed size is allocated: a claim of 2e9 rows would need
 * 32 GB of heap for its actions and rewards alone, ten times the test JVM's -Xmx3g.
 */
class D3rlpyHdf5LimitsTest {

  private static final int ROWS = 10;
  private static final int FEATURES = 3;
  private static final long TWO_BILLION = 2_000_000_000L;

  @TempDir Path dir;

  /** A valid file: 10 rows of 3 float64 features, int64 actions and terminals, float64 rewards. */
  private Path validFile(String name) {
    double[][] obs = new double[ROWS][FEATURES];
    long[] actions = new long[ROWS];
    double[] rewards = new double[ROWS];
    long[] terminals = new long[ROWS];
    for (int i = 0; i < ROWS; i++) {
      obs[i] = new double[] {i, -i, 0.5 * i};
      actions[i] = i % 2;
      rewards[i] = i;
    }
    terminals[4] = 1;
    terminals[ROWS - 1] = 1;
    return Hdf5Fixture.d3rlpy(obs, actions, rewards, terminals).write(dir.resolve(name));
  }

  /** Asserts that opening {@code file} fails on {@code dataset} with {@code rule}. */
  private static ThrowableAssertAlternative<ImportException> rejects(
      Path file, String dataset, ValidationRule rule) {
    return assertThatExceptionOfType(ImportException.class)
        .isThrownBy(() -> D3rlpyHdf5Importer.open(file).close())
        .satisfies(
            e -> {
              assertThat(e.error().column()).isEqualTo(dataset);
              assertThat(e.error().rule()).isEqualTo(rule);
            })
        .withMessageStartingWith(file.getFileName() + ": dataset " + dataset + " ");
  }

  @Test
  void theForgeryChangesOnlyTheClaim() throws IOException {
    Path file = validFile("same.h5");
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.OBSERVATIONS, ROWS, FEATURES);
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file)) {
      assertThat(importer.report().rows()).isEqualTo(ROWS - 2);
    }
  }

  @Test
  void aShapeWhoseProductOverflowsAnIntIsMoreThanTheFileHolds() throws IOException {
    Path file = validFile("wide.h5");
    long fileLength = Files.size(file);
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.OBSERVATIONS, 100_000, 100_000);
    assertThat(100_000L * 100_000L).isGreaterThan(Integer.MAX_VALUE);
    rejects(file, D3rlpyHdf5Importer.OBSERVATIONS, ValidationRule.CORRUPT_FILE)
        .withMessageContaining("has shape [100000, 100000] of 8-byte values")
        .withMessageContaining("claims 80000000000 bytes (74.5 GiB)")
        .withMessageContaining("but the file holds")
        .withMessageContaining("from its data address on");
    assertThat(fileLength).isLessThan(80_000_000_000L);
  }

  @Test
  void aShapeWhoseByteCountOverflowsALongIsRejectedWithoutArithmeticException() throws IOException {
    Path file = validFile("huge.h5");
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.OBSERVATIONS, 1L << 61, 2);
    rejects(file, D3rlpyHdf5Importer.OBSERVATIONS, ValidationRule.CORRUPT_FILE)
        .withMessage(
            "huge.h5: dataset observations has shape [2305843009213693952, 2] of 8-byte values:"
                + " its size overflows a 64-bit byte count");
  }

  @Test
  void aDimensionBeyondTwoToTheSixtyThreeIsNamedUnsigned() throws IOException {
    Path file = validFile("unsigned.h5");
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.REWARDS, -1L);
    rejects(file, D3rlpyHdf5Importer.REWARDS, ValidationRule.CORRUPT_FILE)
        .withMessage(
            "unsigned.h5: dataset rewards has shape [18446744073709551615]: dimension 0 is beyond"
                + " 2^63");
  }

  @Test
  void twoBillionClaimedRowsWithLittleDataNameTheDatasetAndTheBytes() throws IOException {
    Path file = validFile("rows.h5");
    for (String column :
        new String[] {
          D3rlpyHdf5Importer.ACTIONS, D3rlpyHdf5Importer.REWARDS, D3rlpyHdf5Importer.TERMINALS
        }) {
      Hdf5Forgery.claimShape(file, column, TWO_BILLION);
    }
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.OBSERVATIONS, TWO_BILLION, FEATURES);
    rejects(file, D3rlpyHdf5Importer.OBSERVATIONS, ValidationRule.CORRUPT_FILE)
        .withMessageContaining(
            "has shape [2000000000, 3] of 8-byte values, which claims 48000000000 bytes (44.7 GiB),"
                + " but the file holds ");
  }

  @Test
  void oneForgedColumnIsNamedEvenWhenTheOthersAreHonest() throws IOException {
    Path file = validFile("one.h5");
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.TERMINALS, TWO_BILLION);
    rejects(file, D3rlpyHdf5Importer.TERMINALS, ValidationRule.CORRUPT_FILE)
        .withMessageContaining("has shape [2000000000] of 8-byte values, which claims 16000000000");
  }

  @Test
  void mismatchedRowCountsAreRejectedBeforeAnyColumnIsRead() throws IOException {
    Path file = validFile("mismatch.h5");
    Hdf5Forgery.claimShape(file, D3rlpyHdf5Importer.OBSERVATIONS, ROWS - 1, FEATURES);
    rejects(file, D3rlpyHdf5Importer.ACTIONS, ValidationRule.CORRUPT_FILE)
        .withMessage(
            "mismatch.h5: dataset actions has shape [10], expected [9] to match the 9"
                + " observations");
  }

  @Test
  void aFileBeyondTheMemoryLimitIsRejectedBeforeReading() {
    Path file = validFile("limit.h5");
    int blockValues = 4;
    // 10 rows × 16 bytes plus 3 copies of a 4-value block of doubles.
    long needed = ROWS * 16L + 3 * 8 * blockValues;
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(file, blockValues, needed - 1))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.error().rule()).isEqualTo(ValidationRule.IMPORT_LIMIT);
              assertThat(e.error().column()).isEqualTo(D3rlpyHdf5Importer.OBSERVATIONS);
            })
        .hasMessage(
            "limit.h5: dataset observations has 10 rows: their actions, rewards and terminals and"
                + " one block of reading need about 256 bytes of heap, more than the import's"
                + " limit of 255 bytes (half the JVM's maximum heap: raise -Xmx)");
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file, blockValues, needed)) {
      assertThat(importer.report().rows()).isEqualTo(ROWS - 2);
    }
  }

  @Test
  void theClaimRulesAloneAcceptAnHonestFile() throws IOException {
    Path file = validFile("honest.h5");
    try (HdfFile hdf = new HdfFile(file)) {
      Hdf5DatasetClaim claim =
          Hdf5DatasetClaim.check(
              hdf.getDatasetByPath(D3rlpyHdf5Importer.OBSERVATIONS),
              D3rlpyHdf5Importer.OBSERVATIONS,
              "honest.h5",
              Files.size(file));
      assertThat(claim.dims()).containsExactly(ROWS, FEATURES);
      assertThat(claim.bytes()).isEqualTo((long) ROWS * FEATURES * Double.BYTES);
      assertThat(claim.valuesPerRow()).isEqualTo(FEATURES);
      assertThat(claim.intDims("honest.h5")).containsExactly(ROWS, FEATURES);
    }
  }
}
