package io.sparkrl.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.sparkrl.core.preprocessing.ObservationAugmentation;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.datasets.Episode;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Kryo setup for what sparkrl sends to and from executors. Spark's Kryo 4 cannot field-serialise
 * Java records (their final fields cannot be set reflectively) nor the immutable lists inside
 * scalers and augmentations, so those go through their Java serialisation. Episodes, which are not
 * Java-serialisable, get their own compact {@link EpisodeKryoSerializer}. Everything else keeps
 * Kryo's defaults, and ND4J arrays keep ND4J's registrator.
 */
public final class SparkrlKryoRegistrator implements KryoRegistrator {

  /** The value for {@code spark.kryo.registrator}: ND4J's registrator, then this one. */
  public static final String REGISTRATORS =
      "org.nd4j.kryo.Nd4jRegistrator," + SparkrlKryoRegistrator.class.getName();

  @Override
  public void registerClasses(Kryo kryo) {
    JavaSerializer java = new JavaSerializer();
    kryo.addDefaultSerializer(Record.class, java);
    kryo.addDefaultSerializer(ObservationScaler.class, java);
    kryo.addDefaultSerializer(ObservationAugmentation.class, java);
    kryo.register(Episode.class, new EpisodeKryoSerializer());
  }
}
