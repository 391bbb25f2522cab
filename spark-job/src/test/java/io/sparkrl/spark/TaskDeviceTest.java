package io.sparkrl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class TaskDeviceTest extends SparkTestBase {

  @Test
  void bindsNothingOutsideATaskOrWithoutAGpuAssignment() {
    assertThat(TaskDevice.bind()).isEqualTo(-1);
    List<Integer> bound =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2, 3, 4), 2)
            .map(i -> TaskDevice.bind())
            .collect();
    assertThat(bound).containsOnly(-1);
    assertThat(TaskDevice.isCudaBackend()).isFalse();
  }
}
