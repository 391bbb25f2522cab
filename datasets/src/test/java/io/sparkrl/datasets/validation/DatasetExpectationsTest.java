package io.sparkrl.datasets.validation;

import static io.sparkrl.datasets.validation.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.ObservationShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DatasetExpectationsTest {

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void javaSerialisationRoundTrip() throws Exception {
    DatasetExpectations vectors = DatasetExpectations.ofVectors(4, 3);
    DatasetExpectations images = new DatasetExpectations(ObservationShape.image(3, 84, 84), 6);
    assertThat(roundTrip(vectors)).isEqualTo(vectors);
    assertThat(roundTrip(images)).isEqualTo(images);
  }

  @Test
  void refusesBadValues() {
    assertThatThrownBy(() -> DatasetExpectations.ofVectors(4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action_size must be >= 1, got 0");
    assertThatThrownBy(() -> new DatasetExpectations(null, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void infersVectorLengthFromTheFirstRowAndActionSizeFromTheMaxAction() throws Exception {
    ExpectationsAccumulator left = new ExpectationsAccumulator();
    left.add(row("a", 0)).add(TestRows.withAction(row("a", 1), 4));
    ExpectationsAccumulator right = new ExpectationsAccumulator();
    right.add(TestRows.withObservation(row("b", 0), new float[5], null));
    ExpectationsAccumulator merged = roundTrip(left).merge(roundTrip(right));
    assertThat(merged.rowCount()).isEqualTo(3);
    assertThat(merged.result(null)).isEqualTo(DatasetExpectations.ofVectors(2, 5));
    assertThat(new ExpectationsAccumulator().merge(right).result(null))
        .isEqualTo(DatasetExpectations.ofVectors(5, 1));
  }

  @Test
  void imagesNeedAConfiguredShape() {
    ExpectationsAccumulator acc = new ExpectationsAccumulator();
    acc.add(TestRows.withObservation(row("a", 0), null, new byte[12]));
    assertThatThrownBy(() -> acc.result(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("image observations of 12 bytes");
    ObservationShape shape = ObservationShape.image(3, 2, 2);
    assertThat(acc.result(shape))
        .isEqualTo(new DatasetExpectations(shape, 1)); // only action 0 seen
  }

  @Test
  void nothingToInferFromNoRows() {
    assertThatThrownBy(() -> new ExpectationsAccumulator().result(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no rows");
  }
}
