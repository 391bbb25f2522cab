package io.sparkrl.spark.data;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.parquet.DatasetReadException;
import io.sparkrl.datasets.validation.EpisodeRules;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The episode table's columns as Spark sees them (docs/design.md §2), checked on the driver before
 * any job, and the conversion of one projected row into an {@link EpisodeRow} on the executors.
 *
 * <p>Accepted types, as the datasets module's Parquet reader accepts them: episode_id int64 or
 * string; step int32 or int64; observation {@code array<float>}, {@code array<double>} or binary;
 * action int32 or int64; reward float or double; terminal boolean; optional timeout boolean and
 * action_prob float or double. {@link #projection()} lists the columns in the order {@link
 * #toEpisodeRow} reads them, followed by the source file name.
 */
public final class EpisodeTableLayout implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final int ID = 0;
  private static final int STEP = 1;
  private static final int OBSERVATION = 2;
  private static final int ACTION = 3;
  private static final int REWARD = 4;
  private static final int TERMINAL = 5;

  private final boolean int64Ids;
  private final boolean longSteps;
  private final boolean images;
  private final boolean doubleObservations;
  private final boolean longActions;
  private final boolean doubleRewards;
  private final int timeoutAt;
  private final int actionProbAt;
  private final boolean doubleActionProbs;
  private final int sourceAt;
  private final String[] projection;

  private EpisodeTableLayout(String source, StructType schema) {
    DataType id = type(source, schema, EpisodeColumns.EPISODE_ID, true);
    int64Ids =
        oneOf(
            source,
            EpisodeColumns.EPISODE_ID,
            id,
            "int64 or string",
            DataTypes.LongType,
            DataTypes.StringType);
    longSteps = integer(source, schema, EpisodeColumns.STEP);
    DataType observation = type(source, schema, EpisodeColumns.OBSERVATION, true);
    images = observation == DataTypes.BinaryType;
    boolean floats = observation instanceof ArrayType a && a.elementType() == DataTypes.FloatType;
    doubleObservations =
        observation instanceof ArrayType a && a.elementType() == DataTypes.DoubleType;
    if (!images && !floats && !doubleObservations) {
      throw mistyped(
          source, EpisodeColumns.OBSERVATION, observation, "a list of float or double, or binary");
    }
    longActions = integer(source, schema, EpisodeColumns.ACTION);
    doubleRewards = real(source, schema, EpisodeColumns.REWARD, true);
    DataType terminal = type(source, schema, EpisodeColumns.TERMINAL, true);
    oneOf(source, EpisodeColumns.TERMINAL, terminal, "boolean", DataTypes.BooleanType);
    DataType timeout = type(source, schema, EpisodeColumns.TIMEOUT, false);
    int next = TERMINAL + 1;
    timeoutAt = timeout == null ? -1 : next++;
    if (timeout != null) {
      oneOf(source, EpisodeColumns.TIMEOUT, timeout, "boolean", DataTypes.BooleanType);
    }
    boolean hasProbs = type(source, schema, EpisodeColumns.ACTION_PROB, false) != null;
    doubleActionProbs = hasProbs && real(source, schema, EpisodeColumns.ACTION_PROB, false);
    actionProbAt = hasProbs ? next++ : -1;
    sourceAt = next;
    List<String> columns =
        new ArrayList<>(
            List.of(
                EpisodeColumns.EPISODE_ID,
                EpisodeColumns.STEP,
                EpisodeColumns.OBSERVATION,
                EpisodeColumns.ACTION,
                EpisodeColumns.REWARD,
                EpisodeColumns.TERMINAL));
    if (timeoutAt >= 0) {
      columns.add(EpisodeColumns.TIMEOUT);
    }
    if (hasProbs) {
      columns.add(EpisodeColumns.ACTION_PROB);
    }
    projection = columns.toArray(new String[0]);
  }

  /**
   * Checks {@code schema} against docs/design.md §2.
   *
   * @param source names the dataset in messages
   * @throws DatasetReadException MISSING_COLUMN or MISTYPED_COLUMN naming the dataset and column
   */
  public static EpisodeTableLayout of(String source, StructType schema) {
    return new EpisodeTableLayout(source, schema);
  }

  /** The episode columns to select, in the order {@link #toEpisodeRow} reads them. */
  public String[] projection() {
    return projection.clone();
  }

  /** True if episode ids are int64 (numeric order), false for strings. */
  public boolean int64Ids() {
    return int64Ids;
  }

  /** True if observations are uint8 images (binary), false for float vectors. */
  public boolean images() {
    return images;
  }

  /** The order the ids sort in. */
  public EpisodeIdOrder idOrder() {
    return int64Ids ? EpisodeIdOrder.NUMERIC : EpisodeIdOrder.CODE_POINT;
  }

  /**
   * Converts one row of {@link #projection()} followed by the source file name into an episode row:
   * null list elements become NaN, a null observation becomes a missing one (reported by the
   * rules), a null timeout is false and a null action_prob absent.
   *
   * @throws DatasetReadException MISSING_COLUMN for a null in another required column, or
   *     ACTION_OUT_OF_RANGE for an int64 action that does not fit in int32
   */
  public EpisodeRow toEpisodeRow(InternalRow row) {
    String source = row.isNullAt(sourceAt) ? null : row.getUTF8String(sourceAt).toString();
    for (int i : new int[] {ID, STEP, ACTION, REWARD, TERMINAL}) {
      if (row.isNullAt(i)) {
        throw new DatasetReadException(
            new ValidationError(
                source == null ? EpisodeRules.UNKNOWN_SOURCE : source,
                i == ID ? null : id(row),
                null,
                projection[i],
                ValidationRule.MISSING_COLUMN,
                "column " + projection[i] + " is null"));
      }
    }
    String id = id(row);
    long step = longSteps ? row.getLong(STEP) : row.getInt(STEP);
    float[] vector = null;
    byte[] image = null;
    if (!row.isNullAt(OBSERVATION)) {
      if (images) {
        image = row.getBinary(OBSERVATION);
      } else {
        vector = floats(row.getArray(OBSERVATION));
      }
    }
    long action = longActions ? row.getLong(ACTION) : row.getInt(ACTION);
    if (action != (int) action) {
      throw new DatasetReadException(
          new ValidationError(
              source == null ? EpisodeRules.UNKNOWN_SOURCE : source,
              id,
              step,
              EpisodeColumns.ACTION,
              ValidationRule.ACTION_OUT_OF_RANGE,
              "column action: " + action + " does not fit in int32"));
    }
    float reward = doubleRewards ? (float) row.getDouble(REWARD) : row.getFloat(REWARD);
    boolean timeout = timeoutAt >= 0 && !row.isNullAt(timeoutAt) && row.getBoolean(timeoutAt);
    float prob = Float.NaN;
    if (actionProbAt >= 0 && !row.isNullAt(actionProbAt)) {
      prob = doubleActionProbs ? (float) row.getDouble(actionProbAt) : row.getFloat(actionProbAt);
    }
    return new EpisodeRow(
        source,
        id,
        step,
        vector,
        image,
        (int) action,
        reward,
        row.getBoolean(TERMINAL),
        timeout,
        prob);
  }

  private String id(InternalRow row) {
    if (row.isNullAt(ID)) {
      return null;
    }
    return int64Ids ? Long.toString(row.getLong(ID)) : row.getUTF8String(ID).toString();
  }

  private float[] floats(ArrayData array) {
    int n = array.numElements();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      if (array.isNullAt(i)) {
        out[i] = Float.NaN;
      } else {
        out[i] = doubleObservations ? (float) array.getDouble(i) : array.getFloat(i);
      }
    }
    return out;
  }

  private static DataType type(String source, StructType schema, String name, boolean required) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) {
        return field.dataType();
      }
    }
    if (!required) {
      return null;
    }
    throw error(
        source,
        name,
        ValidationRule.MISSING_COLUMN,
        "column " + name + " is missing (columns: " + String.join(", ", schema.fieldNames()) + ")");
  }

  private static boolean integer(String source, StructType schema, String name) {
    DataType t = type(source, schema, name, true);
    return oneOf(source, name, t, "int32 or int64", DataTypes.LongType, DataTypes.IntegerType)
        && t == DataTypes.LongType;
  }

  private static boolean real(String source, StructType schema, String name, boolean required) {
    DataType t = type(source, schema, name, required);
    return oneOf(source, name, t, "float or double", DataTypes.DoubleType, DataTypes.FloatType)
        && t == DataTypes.DoubleType;
  }

  /** True if {@code t} is the first accepted type; false if another accepted one; else throws. */
  private static boolean oneOf(
      String source, String name, DataType t, String expected, DataType... accepted) {
    for (DataType a : accepted) {
      if (a.equals(t)) {
        return a == accepted[0];
      }
    }
    throw mistyped(source, name, t, expected);
  }

  private static DatasetReadException mistyped(
      String source, String name, DataType t, String expected) {
    return error(
        source,
        name,
        ValidationRule.MISTYPED_COLUMN,
        "column " + name + " has type " + t.simpleString() + ", expected " + expected);
  }

  private static DatasetReadException error(
      String source, String column, ValidationRule rule, String detail) {
    return new DatasetReadException(new ValidationError(source, null, null, column, rule, detail));
  }
}
