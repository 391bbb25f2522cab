package io.sparkrl.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;

/**
 * Writes an {@link Episode} (not Java-serialisable) as its id, shape, end kind and flat column
 * arrays, so cached episodes can spill and travel through Spark's Kryo. Reading rebuilds the
 * episode through its factories, which re-check the column lengths.
 */
public final class EpisodeKryoSerializer extends Serializer<Episode> {

  /** An immutable serializer: episodes are immutable. */
  public EpisodeKryoSerializer() {
    super(false, true);
  }

  @Override
  public void write(Kryo kryo, Output out, Episode e) {
    out.writeString(e.id());
    int[] dims = e.shape().dims();
    out.writeVarInt(dims.length, true);
    out.writeInts(dims);
    out.writeBoolean(e.end() == EndKind.TERMINAL);
    int n = e.length();
    out.writeVarInt(n, true);
    out.writeInts(e.actions());
    out.writeFloats(e.rewards());
    out.writeBoolean(e.hasActionProbs());
    if (e.hasActionProbs()) {
      for (int t = 0; t < n; t++) {
        out.writeFloat(e.actionProb(t));
      }
    }
    if (e.shape().isImage()) {
      out.writeBytes(e.imageData());
    } else {
      out.writeFloats(e.vectorData());
    }
  }

  @Override
  public Episode read(Kryo kryo, Input in, Class<Episode> type) {
    String id = in.readString();
    ObservationShape shape = new ObservationShape(in.readInts(in.readVarInt(true)));
    EndKind end = in.readBoolean() ? EndKind.TERMINAL : EndKind.TIMEOUT;
    int n = in.readVarInt(true);
    int[] actions = in.readInts(n);
    float[] rewards = in.readFloats(n);
    float[] probs = in.readBoolean() ? in.readFloats(n) : null;
    int values = n * shape.size();
    return shape.isImage()
        ? Episode.ofImages(id, shape, in.readBytes(values), actions, rewards, probs, end)
        : Episode.ofVectors(id, shape.size(), in.readFloats(values), actions, rewards, probs, end);
  }
}
