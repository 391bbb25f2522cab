package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Assembles one {@link EpisodeRow} per Parquet record from the columns {@link ColumnLayout} chose,
 * widening int32 to long, float to double and back as the row needs. A null in a required column is
 * a {@link DatasetReadException} (MISSING_COLUMN); a null list element becomes NaN, which
 * validation then rejects as a non-finite observation.
 */
final class RowMaterializer extends RecordMaterializer<EpisodeRow> {

  private static final int INITIAL_CAPACITY = 64;

  private static final List<String> REQUIRED = EpisodeColumns.REQUIRED;

  private final String source;
  private final Root root;

  RowMaterializer(String source, ColumnLayout layout) {
    this.source = source;
    this.root = new Root(layout);
  }

  @Override
  public EpisodeRow getCurrentRecord() {
    return root.row;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** Assembles the row; fields are reset at each record's start. */
  private final class Root extends GroupConverter {
    private final Converter[] converters;
    private final boolean bareRepeated;
    private EpisodeRow row;
    private long recordIndex = -1;
    private final boolean[] seen = new boolean[REQUIRED.size()];
    private String id;
    private long step;
    private float[] values = new float[INITIAL_CAPACITY];
    private int valueCount;
    private byte[] image;
    private long action;
    private float reward;
    private boolean terminal;
    private boolean timeout;
    private float actionProb;

    Root(ColumnLayout layout) {
      MessageType projection = layout.projection();
      bareRepeated = layout.observationForm() == ColumnLayout.ObservationForm.REPEATED;
      converters = new Converter[projection.getFieldCount()];
      for (int i = 0; i < converters.length; i++) {
        Type field = projection.getType(i);
        String name = field.getName();
        if (!name.equals(EpisodeColumns.OBSERVATION)
            || layout.observationForm() == ColumnLayout.ObservationForm.BINARY) {
          converters[i] = new Field(name);
        } else if (bareRepeated) {
          converters[i] = new Element(null);
        } else {
          converters[i] = new ListGroup(field.asGroupType().getType(0));
        }
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      recordIndex++;
      Arrays.fill(seen, false);
      id = null;
      valueCount = 0;
      image = null;
      timeout = false;
      actionProb = Float.NaN;
      if (bareRepeated) {
        mark(EpisodeColumns.OBSERVATION); // a bare repeated column cannot be null, only empty
      }
    }

    void mark(String column) {
      int index = REQUIRED.indexOf(column);
      if (index >= 0) {
        seen[index] = true;
      }
    }

    void addValue(float v) {
      if (valueCount == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[valueCount++] = v;
    }

    @Override
    public void end() {
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i]) {
          throw failure(
              REQUIRED.get(i),
              ValidationRule.MISSING_COLUMN,
              "column " + REQUIRED.get(i) + " is null in row " + recordIndex + " of the file");
        }
      }
      if (action < Integer.MIN_VALUE || action > Integer.MAX_VALUE) {
        throw failure(
            EpisodeColumns.ACTION,
            ValidationRule.ACTION_OUT_OF_RANGE,
            "column action: " + action + " does not fit in int32");
      }
      float[] vector = image == null ? Arrays.copyOf(values, valueCount) : null;
      row =
          new EpisodeRow(
              source, id, step, vector, image, (int) action, reward, terminal, timeout, actionProb);
    }

    private DatasetReadException failure(String column, ValidationRule rule, String detail) {
      Long at = seen[REQUIRED.indexOf(EpisodeColumns.STEP)] ? step : null;
      return new DatasetReadException(new ValidationError(source, id, at, column, rule, detail));
    }
  }

  /** One scalar column; the schema check guarantees which add method parquet calls. */
  private final class Field extends PrimitiveConverter {
    private final String column;

    Field(String column) {
      this.column = column;
    }

    @Override
    public void addBinary(Binary value) {
      root.mark(column);
      if (column.equals(EpisodeColumns.EPISODE_ID)) {
        root.id = value.toStringUsingUTF8();
      } else {
        root.image = value.getBytes();
      }
    }

    @Override
    public void addInt(int value) {
      addLong(value);
    }

    @Override
    public void addLong(long value) {
      root.mark(column);
      switch (column) {
        case EpisodeColumns.EPISODE_ID -> root.id = Long.toString(value);
        case EpisodeColumns.STEP -> root.step = value;
        default -> root.action = value;
      }
    }

    @Override
    public void addFloat(float value) {
      root.mark(column);
      if (column.equals(EpisodeColumns.REWARD)) {
        root.reward = value;
      } else {
        root.actionProb = value;
      }
    }

    @Override
    public void addDouble(double value) {
      addFloat((float) value);
    }

    @Override
    public void addBoolean(boolean value) {
      root.mark(column);
      if (column.equals(EpisodeColumns.TERMINAL)) {
        root.terminal = value;
      } else {
        root.timeout = value;
      }
    }
  }

  /** One float or double list element. */
  private final class Element extends PrimitiveConverter {
    private final Slot slot;

    Element(Slot slot) {
      this.slot = slot;
    }

    @Override
    public void addFloat(float value) {
      root.addValue(value);
      if (slot != null) {
        slot.filled = true;
      }
    }

    @Override
    public void addDouble(double value) {
      addFloat((float) value);
    }
  }

  /** The observation group: 2-level (repeated primitive) or 3-level (repeated group of one). */
  private final class ListGroup extends GroupConverter {
    private final Converter child;

    ListGroup(Type repeated) {
      child = repeated.isPrimitive() ? new Element(null) : new Slot();
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return child;
    }

    @Override
    public void start() {
      root.mark(EpisodeColumns.OBSERVATION);
    }

    @Override
    public void end() {}
  }

  /** The repeated group of a 3-level list: one element, which may be null. */
  private final class Slot extends GroupConverter {
    private final Element element = new Element(this);
    private boolean filled;

    @Override
    public Converter getConverter(int fieldIndex) {
      return element;
    }

    @Override
    public void start() {
      filled = false;
    }

    @Override
    public void end() {
      if (!filled) {
        root.addValue(Float.NaN);
      }
    }
  }
}
