package io.sparkrl.spark.returns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.preprocessing.StandardScaler;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationRule;
import io.sparkrl.spark.SparkSerializers;
import io.sparkrl.spark.data.EpisodePartitionValidator;
import io.sparkrl.spark.data.EpisodeTableLayout;
import io.sparkrl.spark.data.PartitionSummary;
import io.sparkrl.spark.data.ValidatedEpisode;
import java.util.List;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What stage 1 and the episode source send to, from and between executors survives the serialisers.
 */
class Stage1SerializationTest {

  @Test
  void episodesTravelThroughKryo() {
    Episode vectors = TestEpisodes.randomVectors(2, 3, 2, 6, 1).get(1);
    Episode images = TestEpisodes.randomImages(1, ObservationShape.image(2, 3, 3), 4, 5, 2).get(0);
    for (Episode e : List.of(vectors, images)) {
      assertThat(SparkSerializers.roundTrip(SparkSerializers.KRYO, e)).isEqualTo(e);
      IndexedEpisode indexed =
          SparkSerializers.roundTrip(SparkSerializers.KRYO, new IndexedEpisode(17, e));
      assertThat(indexed.firstTransition()).isEqualTo(17);
      assertThat(indexed.episode()).isEqualTo(e);
    }
    assertThat(SparkSerializers.roundTrip(SparkSerializers.KRYO, vectors).actionProb(0))
        .isEqualTo(0.5f);
    assertThat(SparkSerializers.roundTrip(SparkSerializers.KRYO, images).hasActionProbs())
        .isFalse();
    assertThat(SparkSerializers.roundTrip(SparkSerializers.KRYO, vectors).end())
        .isEqualTo(EndKind.TIMEOUT);
  }

  @Test
  void validationOutcomesAndTheirHelpersTravel() {
    Episode episode = TestEpisodes.randomVectors(1, 2, 2, 4, 3).get(0);
    EpisodeRow row =
        new EpisodeRow("p.parquet", "9", 0, new float[] {1, 2}, null, 7, 1f, true, false, 0.5f);
    ValidationError error =
        new ValidationError(
            "p.parquet", "9", 0L, "action", ValidationRule.ACTION_OUT_OF_RANGE, "x");
    ValidatedEpisode rejected =
        SparkSerializers.roundTrip(
            SparkSerializers.KRYO, ValidatedEpisode.rejected("9", List.of(row), List.of(error)));
    assertThat(rejected.isAccepted()).isFalse();
    assertThat(rejected.errors()).containsExactly(error);
    assertThat(rejected.rejectedRows().get(0).action()).isEqualTo(7);
    assertThat(
            SparkSerializers.roundTrip(SparkSerializers.KRYO, ValidatedEpisode.accepted(episode))
                .episode())
        .isEqualTo(episode);

    StructType schema =
        new StructType()
            .add("episode_id", DataTypes.LongType)
            .add("step", DataTypes.IntegerType)
            .add("observation", DataTypes.BinaryType)
            .add("action", DataTypes.IntegerType)
            .add("reward", DataTypes.FloatType)
            .add("terminal", DataTypes.BooleanType);
    for (SerializerInstance s : SparkSerializers.BOTH) {
      EpisodeTableLayout layout = SparkSerializers.roundTrip(s, EpisodeTableLayout.of("d", schema));
      assertThat(layout.images()).isTrue();
      assertThat(layout.projection()).hasSize(6);
      EpisodePartitionValidator validator =
          SparkSerializers.roundTrip(
              s,
              new EpisodePartitionValidator(
                  "d", DatasetExpectations.ofVectors(2, 2), ValidationMode.QUARANTINE));
      assertThat(validator.validate(List.of(row).iterator()).next().errors())
          .extracting(ValidationError::rule)
          .containsExactly(ValidationRule.ACTION_OUT_OF_RANGE);
      PartitionSummary summary =
          SparkSerializers.roundTrip(s, new PartitionSummary().add(rejected));
      assertThat(summary.merge(new PartitionSummary().add(rejected)).rowsRejected()).isEqualTo(2);
    }
  }

  @Test
  void snapshotsAndBlocksRoundTrip() {
    AwrConfig config =
        AwrConfig.builder().encoderParams(new EncoderParams(List.of(8), null, null, null)).build();
    var scaler =
        new StandardScaler(new int[] {3}, new double[] {1, 2, 3}, new double[] {2, 2, 2}, 1);
    AwrLearner learner = new AwrLearner(config, new int[] {3}, 2, scaler, 4);
    CriticSnapshot snapshot = CriticSnapshot.of(learner, new int[] {3});
    Episode episode = TestEpisodes.randomVectors(2, 3, 2, 8, 6).get(1);
    TrainingBlock expected =
        new Stage1Returns(snapshot, 100).block(List.of(new IndexedEpisode(3, episode)));
    for (SerializerInstance s : SparkSerializers.BOTH) {
      CriticSnapshot copy = SparkSerializers.roundTrip(s, snapshot);
      assertThat(copy.parameterCount()).isEqualTo(snapshot.parameterCount());
      TrainingBlock again =
          new Stage1Returns(copy, 100).block(List.of(new IndexedEpisode(3, episode)));
      assertThat(again.returns()).containsExactly(expected.returns());
      assertThat(again.baselines()).containsExactly(expected.baselines());

      TrainingBlock block = SparkSerializers.roundTrip(s, expected);
      assertThat(block.firstTransition()).isEqualTo(3);
      assertThat(block.observations()).containsExactly(expected.observations());
      assertThat(block.actions()).containsExactly(expected.actions());
      assertThat(block.returns()).containsExactly(expected.returns());
      assertThat(block.inputShape()).containsExactly(3);
    }
  }
}
