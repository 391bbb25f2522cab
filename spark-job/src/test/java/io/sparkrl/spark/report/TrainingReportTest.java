package io.sparkrl.spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.logging.MetricCsvLogger;
import io.sparkrl.core.storage.LocalRunStorage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportTest {

  private static final int EPOCHS = 5;
  private static final long STEPS_PER_EPOCH = 39;

  @TempDir Path run;

  /** d3rlpy-style metric files written by the same logger the algorithm uses. */
  private void writeMetrics() throws IOException {
    MetricCsvLogger logger = new MetricCsvLogger(new LocalRunStorage(), run.toString());
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      long step = (epoch + 1) * STEPS_PER_EPOCH;
      logger.log("environment", epoch, step, 20.0 + 30.0 * epoch);
      logger.log("weights", epoch, step, 1.0 + 0.1 * epoch);
      logger.log("actor_loss", epoch, step, 0.7 / (epoch + 1));
      logger.log("critic_loss", epoch, step, 10.0 / (epoch + 1));
    }
    Files.writeString(run.resolve("params.json"), "{}");
    Files.writeString(run.resolve("run.json"), "{}");
  }

  @Test
  void writesADecodablePngPerMetricAndAnHtmlThatShowsThem() throws IOException {
    writeMetrics();
    List<MetricSeries> series = TrainingReport.write(new LocalRunStorage(), run.toString());

    assertThat(series)
        .extracting(MetricSeries::name)
        .containsExactly("critic_loss", "actor_loss", "weights", "environment");
    String html = Files.readString(run.resolve(TrainingReport.REPORT_FILE));
    for (String metric : List.of("critic_loss", "actor_loss", "weights", "environment")) {
      Path png = run.resolve(metric + ".png");
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(metric).isNotNull();
      assertThat(image.getWidth()).isEqualTo(TrainingReport.WIDTH);
      assertThat(image.getHeight()).isEqualTo(TrainingReport.HEIGHT);
      assertThat(html).contains("<img src=\"" + metric + ".png\"");
    }
    assertThat(html).contains("href=\"params.json\"").contains("href=\"run.json\"");
    double lastReturn = 20.0 + 30.0 * (EPOCHS - 1);
    assertThat(html)
        .contains(">" + String.format(Locale.ROOT, "%.6g", lastReturn) + "<")
        .contains(">" + EPOCHS * STEPS_PER_EPOCH + "<");
    try (var files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void theCurveFollowsTheValues() throws IOException {
    writeMetrics();
    TrainingReport.write(new LocalRunStorage(), run.toString());
    // A falling loss and a rising return must not draw the same picture.
    BufferedImage falling = ImageIO.read(run.resolve("critic_loss.png").toFile());
    BufferedImage rising = ImageIO.read(run.resolve("environment.png").toFile());
    int differing = 0;
    for (int y = 0; y < TrainingReport.HEIGHT; y += 2) {
      for (int x = 0; x < TrainingReport.WIDTH; x += 2) {
        if (falling.getRGB(x, y) != rising.getRGB(x, y)) {
          differing++;
        }
      }
    }
    assertThat(differing).isGreaterThan(100);
  }

  @Test
  void nonFiniteValuesAreListedAndMalformedLinesNamed() throws IOException {
    Files.writeString(run.resolve("critic_loss.csv"), "0,10,1.500000\n1,20,nan\n");
    TrainingReport.write(new LocalRunStorage(), run.toString());
    assertThat(ImageIO.read(run.resolve("critic_loss.png").toFile())).isNotNull();
    assertThat(Files.readString(run.resolve("report.html"))).contains(">nan<");

    Files.writeString(run.resolve("actor_loss.csv"), "0,10,0.5\n1;20;0.4\n");
    assertThatThrownBy(() -> TrainingReport.write(new LocalRunStorage(), run.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor_loss.csv, line 2");
  }

  @Test
  void aDivergedRunsLossesStillGiveAReport() throws IOException {
    writeMetrics();
    Files.writeString(
        run.resolve(io.sparkrl.core.train.TrainingLog.ITERATIONS_FILE),
        io.sparkrl.core.train.TrainingLog.ITERATIONS_HEADER
            + "0,0,4,1.5,0.7,1.0\n"
            + "0,1,8,Infinity,0.6,1.0\n"
            + "0,2,12,NaN,NaN,1.0\n");
    TrainingReport.write(new LocalRunStorage(), run.toString());
    assertThat(ImageIO.read(run.resolve(TrainingLogCharts.ITERATIONS_PNG).toFile())).isNotNull();
    assertThat(Files.readString(run.resolve(TrainingReport.REPORT_FILE)))
        .contains(TrainingLogCharts.ITERATIONS_PNG);
  }

  @Test
  void htmlEscapesMetricNames() {
    assertThat(TrainingReport.escape("a<b>&\"c\"")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;");
    assertThat(
            TrainingReport.metricNames(List.of("zeta.csv", "weights.csv", ".x.csv.tmp", "a.json")))
        .containsExactly("weights", "zeta");
  }
}
