package io.sparkrl.core.config;

/**
 * d3rlpy's {@code use_gpu}: off, or the id of the CUDA device to train on. {@code true} in JSON
 * means device 0. On Spark executors the device that Spark's resource scheduling assigns to a task
 * wins.
 */
public record GpuSetting(boolean enabled, int deviceId) implements java.io.Serializable {

  public static final GpuSetting DISABLED = new GpuSetting(false, 0);

  public GpuSetting {
    if (deviceId < 0) {
      throw new IllegalArgumentException("use_gpu: device id must be >= 0, got " + deviceId);
    }
    if (!enabled && deviceId != 0) {
      throw new IllegalArgumentException("use_gpu: a disabled GPU setting has no device id");
    }
  }

  public static GpuSetting device(int deviceId) {
    return new GpuSetting(true, deviceId);
  }
}
