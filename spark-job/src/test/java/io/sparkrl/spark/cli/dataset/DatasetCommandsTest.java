package io.sparkrl.spark.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.datasets.imports.D3rlpyHdf5Importer;
import io.sparkrl.datasets.imports.Hdf5Fixture;
import io.sparkrl.datasets.imports.Hdf5Forgery;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.spark.cli.SparkrlCli;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dataset commands end to end, on the class path the launcher uses (Spark's jars included). */
class DatasetCommandsTest {

  private static final String CSV_WITH_TWO_BAD_EPISODES =
      "episode_id,step,obs_0,obs_1,action,reward,terminal\n"
          + "1,0,0.1,0.2,0,1.0,false\n"
          + "1,1,0.3,nan,1,1.0,true\n"
          + "2,0,0.1,0.2,0,1.0,false\n"
          + "2,1,0.1,0.2,5,1.0,false\n"
          + "3,0,1,2,1,0.5,false\n"
          + "3,1,1,2,0,0.5,true\n";

  @TempDir Path dir;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void resetOutput() {
    out = new StringWriter();
    err = new StringWriter();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void generateThenValidateThenStats() throws Exception {
    Path data = dir.resolve("cartpole");
    int rc =
        run(
            "dataset",
            "generate",
            "--env",
            "cartpole-v0",
            "--episodes",
            "50",
            "--policy",
            "mixed",
            "--seed",
            "3",
            "--out",
            data.toString(),
            "--quiet");
    assertThat(rc).as(err.toString()).isZero();
    DatasetManifest manifest = DatasetManifestParser.read(data.resolve(DatasetManifest.FILE_NAME));
    assertThat(manifest.episodes()).isEqualTo(50L);
    assertThat(out.toString()).contains("wrote 50 episodes (" + manifest.rows() + " rows");

    assertThat(run("dataset", "validate", data.toString(), "--quiet")).isZero();
    assertThat(out.toString())
        .contains("episodes: 50 read, 50 accepted, 0 rejected")
        .contains("rows:     " + manifest.rows() + " read");

    assertThat(run("dataset", "stats", data.toString(), "--recompute")).isZero();
    String recomputed = out.toString();
    assertThat(run("dataset", "stats", data.toString())).isZero();
    assertThat(out.toString()).isEqualTo(recomputed).contains("episodes:     50");
  }

  @Test
  void anEssentialsOnlyManifestIsEnoughForStatsAndValidate() throws Exception {
    Path data = dir.resolve("essentials");
    assertThat(
            run(
                "dataset",
                "generate",
                "--episodes",
                "12",
                "--seed",
                "4",
                "--out",
                data.toString(),
                "--quiet"))
        .as(err.toString())
        .isZero();
    Path manifestFile = data.resolve(DatasetManifest.FILE_NAME);
    DatasetManifest full = DatasetManifestParser.read(manifestFile);
    assertThat(run("dataset", "stats", data.toString())).isZero();
    String fromFullManifest = out.toString();
    Files.writeString(
        manifestFile,
        "{\"schema_version\": 1, \"observation_shape\": "
            + Arrays.toString(full.observationShape().dims())
            + ", \"observation_dtype\": \""
            + full.observationDtype()
            + "\", \"action_size\": "
            + full.actionSize()
            + "}");

    assertThat(run("dataset", "stats", data.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo(fromFullManifest).contains("episodes:     12");

    Path copy = dir.resolve("essentials-copy");
    assertThat(run("dataset", "validate", data.toString(), "--out", copy.toString(), "--quiet"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("episodes: 12 read, 12 accepted, 0 rejected");
    // The copy's manifest is computed in full; the id type comes from the source's part files.
    assertThat(DatasetManifestParser.read(copy.resolve(DatasetManifest.FILE_NAME))).isEqualTo(full);
  }

  @Test
  void generationIsDeterministicForASeed() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    for (Path p : new Path[] {a, b}) {
      assertThat(
              run(
                  "dataset",
                  "generate",
                  "--episodes",
                  "20",
                  "--seed",
                  "9",
                  "--out",
                  p.toString(),
                  "--quiet"))
          .isZero();
    }
    assertThat(Files.readString(a.resolve(DatasetManifest.FILE_NAME)))
        .isEqualTo(Files.readString(b.resolve(DatasetManifest.FILE_NAME)));
  }

  @Test
  void strictImportOfBadCsvWritesNothingAndExits2() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, CSV_WITH_TWO_BAD_EPISODES);
    Path target = dir.resolve("imported");
    int rc =
        run(
            "dataset",
            "import",
            "--from",
            "csv",
            csv.toString(),
            "--out",
            target.toString(),
            "--action-size",
            "2",
            "--quiet");
    assertThat(rc).isEqualTo(2);
    assertThat(target).doesNotExist();
    assertThat(err.toString())
        .contains("3 errors")
        .contains("bad.csv, episode 1, step 1: observation[1] is NaN")
        .contains("bad.csv, episode 2, step 1: action 5 is outside [0, 2)");
  }

  @Test
  void quarantineImportKeepsEveryRow() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, CSV_WITH_TWO_BAD_EPISODES);
    Path target = dir.resolve("imported");
    Path quarantine = dir.resolve("quarantine");
    int rc =
        run(
            "dataset",
            "import",
            "--from",
            "csv",
            csv.toString(),
            "--out",
            target.toString(),
            "--quarantine",
            quarantine.toString(),
            "--action-size",
            "2",
            "--quiet");
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("episodes: 3 read, 1 accepted, 2 rejected")
        .contains("rows:     6 read, 2 accepted, 4 rejected");
    assertThat(countRows(target)).isEqualTo(2);
    assertThat(countRows(quarantine)).isEqualTo(4);
  }

  @Test
  void importsTheD3rlpyFixture() throws Exception {
    Path h5 = Path.of("..", "datasets", "src", "test", "resources", "d3rlpy", "discrete_v023.h5");
    assertThat(h5).exists();
    Path target = dir.resolve("h5");
    int rc =
        run(
            "dataset",
            "import",
            "--from",
            "d3rlpy-h5",
            h5.toString(),
            "--out",
            target.toString(),
            "--quiet");
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("not imported: 2 row(s) after the last terminal");
    assertThat(DatasetManifestParser.read(target.resolve(DatasetManifest.FILE_NAME)).episodes())
        .isEqualTo(2L);
  }

  @Test
  void badInputExits2WithAOneLineMessage() throws Exception {
    assertThat(run("dataset", "validate", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("sparkrl: ").contains("path does not exist");

    Path data = dir.resolve("good");
    run("dataset", "generate", "--episodes", "5", "--out", data.toString(), "--quiet");
    Path part;
    try (var files = Files.list(data)) {
      part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(run("dataset", "validate", truncated.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("truncated.parquet");

    assertThat(run("dataset", "generate", "--episodes", "0", "--out", data.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--episodes: must be >= 1, got 0");
    assertThat(run("dataset", "generate", "--episodes", "3", "--env", "pong", "--out", "x"))
        .isEqualTo(2);
    assertThat(run("dataset", "import", "--from", "json", "x", "--out", "y")).isEqualTo(2);
  }

  @Test
  void aFailureHalfWayLeavesNoOutputBehind() throws Exception {
    Path data = dir.resolve("parts");
    assertThat(
            run(
                "dataset",
                "generate",
                "--episodes",
                "40",
                "--rows-per-file",
                "200",
                "--out",
                data.toString(),
                "--quiet"))
        .isZero();
    Path second = data.resolve("part-00001.parquet");
    byte[] bytes = Files.readAllBytes(second);
    Files.write(second, Arrays.copyOf(bytes, bytes.length / 2));
    Path clean = dir.resolve("clean");
    assertThat(run("dataset", "validate", data.toString(), "--out", clean.toString(), "--quiet"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("part-00001.parquet");
    assertThat(clean).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
    }
  }

  @Test
  void aNonEmptyTargetIsNeverOverwritten() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("keep.txt"), "mine");
    assertThat(run("dataset", "generate", "--episodes", "3", "--out", data.toString(), "--quiet"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("already exists and is not an empty folder");
    assertThat(Files.readString(data.resolve("keep.txt"))).isEqualTo("mine");
  }

  @Test
  void stringEpisodeIdsSurviveRevalidationWithoutAManifest() throws Exception {
    Path csv = dir.resolve("ids.csv");
    Files.writeString(
        csv,
        "episode_id,step,obs_0,action,reward,terminal\n"
            + "ep-a,0,0.5,1,1.0,false\nep-a,1,0.25,0,1.0,true\nep-b,0,1.5,1,0.0,true\n");
    Path imported = dir.resolve("imported");
    assertThat(
            run(
                "dataset",
                "import",
                "--from",
                "csv",
                csv.toString(),
                "--out",
                imported.toString(),
                "--quiet"))
        .as(err.toString())
        .isZero();
    Files.delete(imported.resolve(DatasetManifest.FILE_NAME));
    Path copy = dir.resolve("copy");
    assertThat(run("dataset", "validate", imported.toString(), "--out", copy.toString(), "--quiet"))
        .as(err.toString())
        .isZero();
    assertThat(DatasetManifestParser.read(copy.resolve(DatasetManifest.FILE_NAME)).episodeIdType())
        .isEqualTo(DatasetManifest.ID_STRING);
  }

  @Test
  void quarantineThatKeepsNothingIsInvalidInput() throws Exception {
    Path csv = dir.resolve("allbad.csv");
    Files.writeString(csv, "episode_id,step,obs_0,action,reward,terminal\n1,0,nan,0,1.0,true\n");
    int rc =
        run(
            "dataset",
            "import",
            "--from",
            "csv",
            csv.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--quarantine",
            dir.resolve("q").toString(),
            "--action-size",
            "2",
            "--quiet");
    assertThat(rc).isEqualTo(2);
    assertThat(countRows(dir.resolve("q"))).isEqualTo(1);
  }

  @Test
  void forgedImportsExit2NamingTheFileAndField() throws Exception {
    double[][] obs = new double[4][2];
    Path h5 =
        Hdf5Fixture.d3rlpy(obs, new long[4], new double[4], new long[] {0, 1, 0, 1})
            .write(dir.resolve("forged.h5"));
    Hdf5Forgery.claimShape(h5, D3rlpyHdf5Importer.OBSERVATIONS, 2_000_000_000L, 2);
    Path target = dir.resolve("from-h5");
    assertThat(
            run(
                "dataset",
                "import",
                "--from",
                "d3rlpy-h5",
                h5.toString(),
                "--out",
                target.toString(),
                "--quiet"))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "sparkrl: forged.h5: dataset observations has shape [2000000000, 2] of 8-byte values,"
                + " which claims 32000000000 bytes (29.8 GiB), but the file holds");
    assertThat(target).doesNotExist();

    // A field of 4 GiB (sparse: no disk used), more than the test JVM's heap.
    Path csv = dir.resolve("huge-field.csv");
    Files.writeString(csv, "episode_id,step,obs_0,action,reward,terminal\n1,0,");
    try {
      try (RandomAccessFile raw = new RandomAccessFile(csv.toFile(), "rw")) {
        raw.setLength(4L << 30);
      }
      assertThat(
              run(
                  "dataset",
                  "import",
                  "--from",
                  "csv",
                  csv.toString(),
                  "--out",
                  dir.resolve("from-csv").toString(),
                  "--action-size",
                  "2",
                  "--quiet"))
          .isEqualTo(2);
      assertThat(err.toString())
          .startsWith(
              "sparkrl: huge-field.csv: line 2, column obs_0: a field longer than 1048576"
                  + " characters");
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  @Test
  void imageShapeNeedsThreeNumbers() throws Exception {
    Path data = dir.resolve("data");
    run("dataset", "generate", "--episodes", "3", "--out", data.toString(), "--quiet");
    assertThat(run("dataset", "stats", data.toString(), "--recompute", "--image-shape", "3,84"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--image-shape: expected C,H,W, got 2 numbers");
  }

  private static long countRows(Path dataset) {
    long n = 0;
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dataset)) {
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
    }
    return n;
  }
}
