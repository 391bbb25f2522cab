package io.sparkrl.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * Binds a Spark task to the GPU that Spark's resource scheduling assigned it ({@code
 * spark.task.resource.gpu.amount}, {@code spark.executor.resource.gpu.amount} with a discovery
 * script): with the CUDA build ({@code mvn -Pcuda}), ND4J work of the calling thread then runs on
 * that device. With the CPU backend, outside a task, or without a GPU assignment it does nothing.
 */
public final class TaskDevice {

  /** Spark's resource name for GPUs. */
  public static final String GPU = "gpu";

  private TaskDevice() {}

  /**
   * Binds the current thread to the task's first assigned GPU.
   *
   * @return the device id bound, or -1 when nothing was bound
   */
  public static int bind() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return -1;
    }
    Option<ResourceInformation> gpu = task.resources().get(GPU);
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return -1;
    }
    int devices = Nd4j.getAffinityManager().getNumberOfDevices();
    int id = Integer.parseInt(gpu.get().addresses()[0].trim());
    if (!isCudaBackend() || id >= devices) {
      return -1;
    }
    Nd4j.getAffinityManager().unsafeSetDevice(id);
    return id;
  }

  /** Whether ND4J runs on its CUDA backend. */
  public static boolean isCudaBackend() {
    return Nd4j.getBackend()
        .getClass()
        .getName()
        .toLowerCase(java.util.Locale.ROOT)
        .contains("cuda");
  }
}
