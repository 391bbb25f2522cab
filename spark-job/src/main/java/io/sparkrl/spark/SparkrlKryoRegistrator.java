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
 * Kryo's defaults. Nothing sparkrl sends holds an ND4J array (parameters and observations travel as
 * {@code float[]}), so ND4J's own registrator (in dl4j-spark's nd4j-kryo) is not needed.
 */
public final class SparkrlKryoRegistrator implements KryoRegistrator {

  /** The value for {@code spark.kryo.registrator}. */
  public static final String REGISTRATORS = SparkrlKryoRegistrator.class.getName();

  @Override
  public void registerClasses(Kryo kryo) {
    JavaSerializer java = new JavaSerializer();
    kryo.addDefaultSerializer(Record.class, java);
    kryo.addDefaultSerializer(ObservationScaler.class, java);
    kryo.addDefaultSerializer(ObservationAugmentation.class, java);
    kryo.register(Episode.class, new EpisodeKryoSerializer());
  }
}
