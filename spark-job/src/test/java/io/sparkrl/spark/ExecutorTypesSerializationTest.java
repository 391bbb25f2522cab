package io.sparkrl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.returns.BatchMoments;
import io.sparkrl.datasets.DatasetStatistics;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationReport;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.List;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;

/** Everything that travels to or from executors survives Spark's Kryo and Java serialisers. */
class ExecutorTypesSerializationTest {

  @Test
  void rowsErrorsAndReportsRoundTrip() {
    EpisodeRow row =
        new EpisodeRow(
            "part-0.parquet", "17", 4, new float[] {1, 2}, null, 1, 0.5f, false, true, 0.25f);
    ValidationError error =
        new ValidationError(
            "part-0.parquet", "17", 4L, "action", ValidationRule.ACTION_OUT_OF_RANGE, "bad");
    ValidationReport report = new ValidationReport(3, 10, 2, 7, 1, 3, 1, List.of(error));
    for (SerializerInstance s : SparkSerializers.BOTH) {
      EpisodeRow r = SparkSerializers.roundTrip(s, row);
      assertThat(r.vector()).containsExactly(1, 2);
      assertThat(r.episodeId()).isEqualTo("17");
      assertThat(r.timeout()).isTrue();
      assertThat(r.actionProb()).isEqualTo(0.25f);
      assertThat(SparkSerializers.roundTrip(s, error)).isEqualTo(error);
      assertThat(SparkSerializers.roundTrip(s, report)).isEqualTo(report);
      assertThat(
              SparkSerializers.roundTrip(
                  s, new DatasetExpectations(ObservationShape.image(1, 2, 3), 4)))
          .isEqualTo(new DatasetExpectations(ObservationShape.image(1, 2, 3), 4));
    }
  }

  @Test
  void scalersAndAugmentationsRoundTrip() {
    var scaler =
        new io.sparkrl.core.preprocessing.StandardScaler(
            new int[] {2}, new double[] {1, 2}, new double[] {2, 4}, 1);
    var pipeline =
        io.sparkrl.core.preprocessing.AugmentationPipeline.of(
            List.of(
                io.sparkrl.core.config.AugmentationSpec.of(
                    io.sparkrl.core.config.AugmentationType.SINGLE_AMPLITUDE_SCALING)));
    for (SerializerInstance s : SparkSerializers.BOTH) {
      float[] batch = {3, 6};
      SparkSerializers.roundTrip(s, scaler).transform(batch, 1);
      assertThat(batch).containsExactly(1f, 1f);
      assertThat(SparkSerializers.roundTrip(s, pipeline).members()).hasSize(1);
    }
  }

  @Test
  void evaluationTypesRoundTrip() {
    Episode episode =
        Episode.ofVectors(
            "7",
            1,
            new float[] {0.5f, 1.5f, 2.5f},
            new int[] {0, 1, 0},
            new float[] {1, 0, 1},
            new float[] {0.5f, 0.25f, 0.5f},
            EndKind.TIMEOUT);
    var inputs = new io.sparkrl.core.algo.ObservationBatch(new int[] {1}, 1, null);
    var probs = new float[] {0.5f, 0.5f, 1f, 0f, 0.2f, 0.8f};
    var summary = io.sparkrl.core.ope.EpisodeSummaries.summarise(episode, probs, null, 0.9, true);
    var spec =
        new io.sparkrl.core.ope.FqeNetworkSpec(
            new int[] {1},
            2,
            new io.sparkrl.core.config.EncoderParams(List.of(4), null, null, null),
            1e-3,
            3);
    for (SerializerInstance s : SparkSerializers.BOTH) {
      var accumulator =
          SparkSerializers.roundTrip(s, new io.sparkrl.core.ope.OpeAccumulator().add(summary));
      assertThat(accumulator.summaries()).containsExactly(summary);
      assertThat(accumulator.transitions()).isEqualTo(2);
      var share = new io.sparkrl.core.ope.FqeTransitions(1, 2).add(episode, inputs, probs);
      assertThat(SparkSerializers.roundTrip(s, share).count()).isEqualTo(2);
      var model = new io.sparkrl.core.ope.FqeModel(spec, new float[] {1, 2}, inputs, 0.9);
      var back = SparkSerializers.roundTrip(s, model);
      assertThat(back.spec()).isEqualTo(spec);
      assertThat(back.params()).containsExactly(1, 2);
      var state = new io.sparkrl.core.algo.NetworkState(new float[] {1}, new float[] {2, 3});
      assertThat(SparkSerializers.roundTrip(s, state).updaterState()).containsExactly(2, 3);
    }
  }

  @Test
  void accumulatorsRoundTripAndKeepMerging() {
    Episode episode =
        Episode.ofVectors(
            "1",
            2,
            new float[] {0, 1, 2, 3},
            new int[] {0, 1},
            new float[] {1, 2},
            null,
            EndKind.TERMINAL);
    for (SerializerInstance s : SparkSerializers.BOTH) {
      DatasetStatistics stats =
          SparkSerializers.roundTrip(
              s, new DatasetStatistics(ObservationShape.vector(2), 2).add(episode));
      stats.add(episode);
      assertThat(stats.episodes()).isEqualTo(2);
      assertThat(stats.returnStatistics().mean()).isEqualTo(3.0);

      io.sparkrl.datasets.FeatureStatistics features =
          SparkSerializers.roundTrip(
              s, new io.sparkrl.datasets.FeatureStatistics(2).addEpisode(episode));
      features.addEpisode(episode);
      assertThat(features.count()).isEqualTo(4);
      assertThat(features.mean()).containsExactly(1.0, 2.0);

      BatchMoments moments =
          SparkSerializers.roundTrip(s, new BatchMoments().add(new float[] {1, 2, 3}));
      moments.add(new float[] {4});
      assertThat(moments.count()).isEqualTo(4);
      assertThat(moments.mean()).isEqualTo(2.5);
    }
  }
}
