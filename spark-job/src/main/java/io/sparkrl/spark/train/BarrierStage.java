package io.sparkrl.spark.train;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Runs a partition function as a Spark barrier stage ({@code RDD.barrier().mapPartitions}, which
 * the Java RDD API lacks): every partition's task is launched at once, and if one fails, Spark
 * kills the others and fails the job.
 */
final class BarrierStage {

  private BarrierStage() {}

  /** Runs {@code task} on every partition of {@code rdd} at once and collects what it returns. */
  static <T, S> List<S> collect(
      JavaRDD<T> rdd, FlatMapFunction<java.util.Iterator<T>, S> task, Class<S> type) {
    ClassTag<S> tag = ClassTag$.MODULE$.apply(type);
    RDD<S> out = rdd.rdd().barrier().mapPartitions(new Adapter<>(task), false, tag);
    return JavaRDD.fromRDD(out, tag).collect();
  }

  /** A Java partition function as the Scala function {@code RDDBarrier.mapPartitions} takes. */
  private static final class Adapter<T, S>
      extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<S>>
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final FlatMapFunction<java.util.Iterator<T>, S> task;

    Adapter(FlatMapFunction<java.util.Iterator<T>, S> task) {
      this.task = task;
    }

    @Override
    public scala.collection.Iterator<S> apply(scala.collection.Iterator<T> rows) {
      try {
        return JavaConverters.asScalaIterator(task.call(JavaConverters.asJavaIterator(rows)));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
