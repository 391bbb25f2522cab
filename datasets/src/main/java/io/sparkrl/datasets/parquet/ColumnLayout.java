package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Checks a part file's schema against docs/design.md §2 and picks the columns to read. Accepted
 * types: episode_id int64 or binary (string); step int32 or int64; observation binary, or a list of
 * float or double in the standard 3-level LIST, the legacy 2-level form ({@code repeated float}
 * inside a group) or a bare {@code repeated float} column; action int32 or int64; reward float or
 * double; terminal and timeout boolean; action_prob float or double. Columns may be required or
 * optional (Spark writes optional); other columns are ignored.
 */
final class ColumnLayout {

  /** How the observation column is stored. */
  enum ObservationForm {
    /** {@code binary}: uint8 image. */
    BINARY,
    /** A group holding a repeated float/double (2-level) or a repeated group of one (3-level). */
    LIST,
    /** A bare {@code repeated float} column. */
    REPEATED
  }

  private static final Set<PrimitiveTypeName> INTEGERS =
      EnumSet.of(PrimitiveTypeName.INT32, PrimitiveTypeName.INT64);
  private static final Set<PrimitiveTypeName> REALS =
      EnumSet.of(PrimitiveTypeName.FLOAT, PrimitiveTypeName.DOUBLE);

  private final MessageType projection;
  private final ObservationForm observationForm;
  private final String episodeIdType;

  private ColumnLayout(
      MessageType projection, ObservationForm observationForm, String episodeIdType) {
    this.projection = projection;
    this.observationForm = observationForm;
    this.episodeIdType = episodeIdType;
  }

  /** The columns to read, in the file's types. */
  MessageType projection() {
    return projection;
  }

  ObservationForm observationForm() {
    return observationForm;
  }

  /**
   * {@link DatasetManifest#ID_INT64} or {@link DatasetManifest#ID_STRING}, as the file stores it.
   */
  String episodeIdType() {
    return episodeIdType;
  }

  /**
   * Checks {@code file}'s schema.
   *
   * @param source the file's name, for messages
   * @throws DatasetReadException MISSING_COLUMN or MISTYPED_COLUMN naming the file and column
   */
  static ColumnLayout of(String source, MessageType file) {
    List<Type> fields = new ArrayList<>();
    Type id =
        scalar(
            source,
            file,
            EpisodeColumns.EPISODE_ID,
            true,
            "int64 or string",
            EnumSet.of(PrimitiveTypeName.INT64, PrimitiveTypeName.BINARY));
    fields.add(id);
    fields.add(scalar(source, file, EpisodeColumns.STEP, true, "int32 or int64", INTEGERS));
    Type observation = column(source, file, EpisodeColumns.OBSERVATION, true);
    ObservationForm form = observationForm(source, observation);
    fields.add(observation);
    fields.add(scalar(source, file, EpisodeColumns.ACTION, true, "int32 or int64", INTEGERS));
    fields.add(scalar(source, file, EpisodeColumns.REWARD, true, "float or double", REALS));
    fields.add(
        scalar(
            source,
            file,
            EpisodeColumns.TERMINAL,
            true,
            "boolean",
            EnumSet.of(PrimitiveTypeName.BOOLEAN)));
    Type timeout =
        scalar(
            source,
            file,
            EpisodeColumns.TIMEOUT,
            false,
            "boolean",
            EnumSet.of(PrimitiveTypeName.BOOLEAN));
    if (timeout != null) {
      fields.add(timeout);
    }
    Type actionProb =
        scalar(source, file, EpisodeColumns.ACTION_PROB, false, "float or double", REALS);
    if (actionProb != null) {
      fields.add(actionProb);
    }
    String idType =
        id.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
            ? DatasetManifest.ID_INT64
            : DatasetManifest.ID_STRING;
    return new ColumnLayout(new MessageType(file.getName(), fields), form, idType);
  }

  private static Type column(String source, MessageType file, String name, boolean required) {
    if (!file.containsField(name)) {
      if (!required) {
        return null;
      }
      throw error(
          source,
          name,
          ValidationRule.MISSING_COLUMN,
          "column " + name + " is missing (columns: " + names(file) + ")");
    }
    return file.getType(name);
  }

  private static Type scalar(
      String source,
      MessageType file,
      String name,
      boolean required,
      String expected,
      Set<PrimitiveTypeName> accepted) {
    Type type = column(source, file, name, required);
    if (type != null
        && (!type.isPrimitive()
            || type.isRepetition(Type.Repetition.REPEATED)
            || !accepted.contains(type.asPrimitiveType().getPrimitiveTypeName()))) {
      throw mistyped(source, name, type, expected);
    }
    return type;
  }

  private static ObservationForm observationForm(String source, Type type) {
    String expected = "a list of float or double, or binary";
    if (type.isPrimitive()) {
      PrimitiveTypeName primitive = type.asPrimitiveType().getPrimitiveTypeName();
      if (type.isRepetition(Type.Repetition.REPEATED) && REALS.contains(primitive)) {
        return ObservationForm.REPEATED;
      }
      if (!type.isRepetition(Type.Repetition.REPEATED) && primitive == PrimitiveTypeName.BINARY) {
        return ObservationForm.BINARY;
      }
      throw mistyped(source, EpisodeColumns.OBSERVATION, type, expected);
    }
    GroupType group = type.asGroupType();
    if (group.isRepetition(Type.Repetition.REPEATED) || group.getFieldCount() != 1) {
      throw mistyped(source, EpisodeColumns.OBSERVATION, type, expected);
    }
    Type repeated = group.getType(0);
    Type element = repeated;
    if (!repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1) {
      element = repeated.asGroupType().getType(0);
      if (element.isRepetition(Type.Repetition.REPEATED)) {
        throw mistyped(source, EpisodeColumns.OBSERVATION, type, expected);
      }
    }
    if (!repeated.isRepetition(Type.Repetition.REPEATED)
        || !element.isPrimitive()
        || !REALS.contains(element.asPrimitiveType().getPrimitiveTypeName())) {
      throw mistyped(source, EpisodeColumns.OBSERVATION, type, expected);
    }
    return ObservationForm.LIST;
  }

  private static DatasetReadException mistyped(
      String source, String name, Type type, String expected) {
    return error(
        source,
        name,
        ValidationRule.MISTYPED_COLUMN,
        "column " + name + " has type " + describe(type) + ", expected " + expected);
  }

  /** A short type description: {@code BINARY}, {@code repeated INT32}, {@code group}. */
  private static String describe(Type type) {
    String base =
        type.isPrimitive() ? type.asPrimitiveType().getPrimitiveTypeName().name() : "group";
    return type.isRepetition(Type.Repetition.REPEATED) ? "repeated " + base : base;
  }

  private static String names(MessageType file) {
    return String.join(", ", file.getFields().stream().map(Type::getName).toList());
  }

  static DatasetReadException error(
      String source, String column, ValidationRule rule, String detail) {
    return new DatasetReadException(new ValidationError(source, null, null, column, rule, detail));
  }
}
