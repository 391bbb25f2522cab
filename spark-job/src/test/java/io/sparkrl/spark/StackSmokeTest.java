package io.sparkrl.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.EpisodeColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.LoggerFactory;

/** Spark SQL, Parquet, DL4J/ND4J and log4j2 working together in one JVM. */
class StackSmokeTest extends SparkTestBase {

  private static final int EPISODES = 40;
  private static final int STEPS = 50;

  @Test
  void parquetEpisodesRoundTripAndTrainADl4jNetwork(@TempDir Path dir) {
    String path = dir.resolve("episodes").toUri().toString();
    episodeTable().write().parquet(path);

    Dataset<Row> read = spark.read().parquet(path);
    StructType schema = read.schema();
    assertThat(schema.fieldNames()).containsAll(EpisodeColumns.REQUIRED);
    assertThat(schema.apply(EpisodeColumns.OBSERVATION).dataType())
        .isEqualTo(new ArrayType(DataTypes.FloatType, true));
    assertThat(schema.apply(EpisodeColumns.ACTION).dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(read.count()).isEqualTo((long) EPISODES * STEPS);
    assertThat(read.select(EpisodeColumns.EPISODE_ID).distinct().count()).isEqualTo(EPISODES);
    assertThat(read.filter(col(EpisodeColumns.TERMINAL)).count()).isEqualTo(EPISODES);

    List<Row> rows = read.select(EpisodeColumns.OBSERVATION, EpisodeColumns.ACTION).collectAsList();
    float[][] obs = new float[rows.size()][];
    float[][] oneHot = new float[rows.size()][2];
    for (int i = 0; i < rows.size(); i++) {
      List<Float> o = rows.get(i).getList(0);
      obs[i] = new float[o.size()];
      for (int j = 0; j < o.size(); j++) {
        obs[i][j] = o.get(j);
      }
      oneHot[i][rows.get(i).getInt(1)] = 1f;
    }
    DataSet data = new DataSet(Nd4j.create(obs), Nd4j.create(oneHot));

    MultiLayerNetwork net = network();
    double before = net.score(data);
    for (int i = 0; i < 150; i++) {
      net.fit(data);
    }
    double after = net.score(data);
    assertThat(after).isLessThan(before * 0.5);
    INDArray predicted = net.output(data.getFeatures()).argMax(1);
    INDArray actual = data.getLabels().argMax(1);
    double accuracy =
        predicted
            .eq(actual)
            .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
            .meanNumber()
            .doubleValue();
    assertThat(accuracy).isGreaterThan(0.9);
  }

  @Test
  void nd4jLoadedTheCpuBackend() {
    assertThat(Nd4j.getBackend().getClass().getSimpleName()).isEqualTo("CpuBackend");
    assertThat(Nd4j.create(new float[] {1, 2, 3}).sumNumber().floatValue()).isEqualTo(6f);
  }

  @Test
  void slf4jLogsThroughLog4j2() {
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.apache.logging.slf4j.Log4jLoggerFactory");
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    List<String> seen = new ArrayList<>();
    AbstractAppender capture =
        new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            seen.add(event.getMessage().getFormattedMessage());
          }
        };
    capture.start();
    org.apache.logging.log4j.core.Logger target = context.getLogger("io.sparkrl.smoke");
    target.addAppender(capture);
    try {
      LoggerFactory.getLogger("io.sparkrl.smoke").info("hello {}", "log4j2");
    } finally {
      target.removeAppender(capture);
      capture.stop();
    }
    assertThat(seen).containsExactly("hello log4j2");
  }

  private static Dataset<Row> episodeTable() {
    return spark
        .range(0, (long) EPISODES * STEPS)
        .selectExpr(
            "id div " + STEPS + " as " + EpisodeColumns.EPISODE_ID,
            "cast(id % " + STEPS + " as int) as " + EpisodeColumns.STEP,
            "array(cast(sin(id) as float), cast(cos(id * 0.7) as float),"
                + " cast(sin(id * 1.3) as float), cast(cos(id * 0.2) as float)) as "
                + EpisodeColumns.OBSERVATION,
            "cast(if(sin(id) > 0, 1, 0) as int) as " + EpisodeColumns.ACTION,
            "cast(1.0 as float) as " + EpisodeColumns.REWARD,
            "(id % " + STEPS + ") = " + (STEPS - 1) + " as " + EpisodeColumns.TERMINAL);
  }

  private static MultiLayerNetwork network() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .updater(new Adam(1e-2))
            .list()
            .layer(new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(16)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
