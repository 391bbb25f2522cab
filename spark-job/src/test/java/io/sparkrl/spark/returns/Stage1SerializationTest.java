package io.sparkrl.spark.returns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.preprocessing.StandardScaler;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationRule;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.TestEpisodes;
import io.sparkrl.spark.data.EpisodePartitionValidator;
import io.sparkrl.spark.data.EpisodeTableLayout;
import io.sparkrl.spark.data.IndexedEpisode;
import io.sparkrl.spark.data.PartitionSummary;
import io.sparkrl.spark.data.ValidatedEpisode;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;

/**
 * What stage 1 and the episode source send to, from and between executors survives the serialisers.
 */
class Stage1SerializationTest {

  private static final SparkConf CONF =
      new SparkConf()
          .set("spark.serializer", KryoSerializer.class.getName())
          .set("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS);
  private static final SerializerInstance KRYO = new KryoSerializer(CONF).newInstance();
  private static final List<SerializerInstance> BOTH =
      List.of(KRYO, new JavaSerializer(CONF).newInstance());

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(SerializerInstance serializer, T value) {
    ClassTag<T> tag = (ClassTag<T>) scala.reflect.ClassTag$.MODULE$.apply(value.getClass());
    ByteBuffer bytes = serializer.serialize(value, tag);
    return serializer.deserialize(bytes, tag);
  }

  @Test
  void episodesTravelThroughKryo() {
    Episode vectors = TestEpisodes.vectors(2, 3, 2, 6, 1).get(1);
    Episode images = TestEpisodes.images(1, ObservationShape.image(2, 3, 3), 4, 5, 2).get(0);
    for (Episode e : List.of(vectors, images)) {
      assertThat(roundTrip(KRYO, e)).isEqualTo(e);
      IndexedEpisode indexed = roundTrip(KRYO, new IndexedEpisode(17, e));
      assertThat(indexed.firstTransition()).isEqualTo(17);
      assertThat(indexed.episode()).isEqualTo(e);
    }
    assertThat(roundTrip(KRYO, vectors).actionProb(0)).isEqualTo(0.5f);
    assertThat(roundTrip(KRYO, images).hasActionProbs()).isFalse();
    assertThat(roundTrip(KRYO, vectors).end()).isEqualTo(EndKind.TIMEOUT);
  }

  @Test
  void validationOutcomesAndTheirHelpersTravel() {
    Episode episode = TestEpisodes.vectors(1, 2, 2, 4, 3).get(0);
    EpisodeRow row =
        new EpisodeRow("p.parquet", "9", 0, new float[] {1, 2}, null, 7, 1f, true, false, 0.5f);
    ValidationError error =
        new ValidationError(
            "p.parquet", "9", 0L, "action", ValidationRule.ACTION_OUT_OF_RANGE, "x");
    ValidatedEpisode rejected =
        roundTrip(KRYO, ValidatedEpisode.rejected("9", List.of(row), List.of(error)));
    assertThat(rejected.isAccepted()).isFalse();
    assertThat(rejected.errors()).containsExactly(error);
    assertThat(rejected.rejectedRows().get(0).action()).isEqualTo(7);
    assertThat(roundTrip(KRYO, ValidatedEpisode.accepted(episode)).episode()).isEqualTo(episode);

    StructType schema =
        new StructType()
            .add("episode_id", DataTypes.LongType)
            .add("step", DataTypes.IntegerType)
            .add("observation", DataTypes.BinaryType)
            .add("action", DataTypes.IntegerType)
            .add("reward", DataTypes.FloatType)
            .add("terminal", DataTypes.BooleanType);
    for (SerializerInstance s : BOTH) {
      EpisodeTableLayout layout = roundTrip(s, EpisodeTableLayout.of("d", schema));
      assertThat(layout.images()).isTrue();
      assertThat(layout.projection()).hasSize(6);
      EpisodePartitionValidator validator =
          roundTrip(
              s,
              new EpisodePartitionValidator(
                  "d", DatasetExpectations.ofVectors(2, 2), ValidationMode.QUARANTINE));
      assertThat(validator.validate(List.of(row).iterator()).next().errors())
          .extracting(ValidationError::rule)
          .containsExactly(ValidationRule.ACTION_OUT_OF_RANGE);
      PartitionSummary summary = roundTrip(s, new PartitionSummary().add(rejected));
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
    Episode episode = TestEpisodes.vectors(2, 3, 2, 8, 6).get(1);
    TrainingBlock expected =
        new Stage1Returns(snapshot, 100).block(List.of(new IndexedEpisode(3, episode)));
    for (SerializerInstance s : BOTH) {
      CriticSnapshot copy = roundTrip(s, snapshot);
      assertThat(copy.parameterCount()).isEqualTo(snapshot.parameterCount());
      TrainingBlock again =
          new Stage1Returns(copy, 100).block(List.of(new IndexedEpisode(3, episode)));
      assertThat(again.returns()).containsExactly(expected.returns());
      assertThat(again.baselines()).containsExactly(expected.baselines());

      TrainingBlock block = roundTrip(s, expected);
      assertThat(block.firstTransition()).isEqualTo(3);
      assertThat(block.observations()).containsExactly(expected.observations());
      assertThat(block.actions()).containsExactly(expected.actions());
      assertThat(block.returns()).containsExactly(expected.returns());
      assertThat(block.inputShape()).containsExactly(3);
    }
  }
}
