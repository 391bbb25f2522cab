package io.sparkrl.spark;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/** Spark's two serialisers as the job configures them, for round-trip tests. */
public final class SparkSerializers {

  /** The job's Spark configuration for serialisation: Kryo with sparkrl's registrators. */
  public static final SparkConf CONF =
      new SparkConf()
          .set("spark.serializer", KryoSerializer.class.getName())
          .set("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS);

  /** Kryo, as the job uses it for shuffles and broadcasts. */
  public static final SerializerInstance KRYO = new KryoSerializer(CONF).newInstance();

  /** Java serialisation, as Spark uses it for closures. */
  public static final SerializerInstance JAVA = new JavaSerializer(CONF).newInstance();

  /** Both serialisers. */
  public static final List<SerializerInstance> BOTH = List.of(KRYO, JAVA);

  private SparkSerializers() {}

  /** {@code value} serialised and deserialised with {@code serializer}. */
  @SuppressWarnings("unchecked")
  public static <T> T roundTrip(SerializerInstance serializer, T value) {
    ClassTag<T> tag = (ClassTag<T>) scala.reflect.ClassTag$.MODULE$.apply(value.getClass());
    ByteBuffer bytes = serializer.serialize(value, tag);
    return serializer.deserialize(bytes, tag);
  }
}
