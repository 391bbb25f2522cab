package io.sparkrl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Peak memory of processes, for the scaling benchmark: the kernel's peak resident set of a process
 * ({@code VmHWM}: heap, ND4J's native buffers and everything else the process touched), and this
 * JVM's peak heap use, sampled.
 */
public final class PeakMemory {

  private PeakMemory() {}

  /**
   * The peak resident set of process {@code pid} so far, in MiB.
   *
   * @return NaN when the process is gone or the system has no {@code /proc/<pid>/status} (not
   *     Linux)
   */
  public static double rssMib(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      return Double.NaN;
    } catch (NoSuchFileException e) {
      return Double.NaN;
    } catch (IOException e) {
      // a process that exits while its status is read
      if (!Files.exists(status)) {
        return Double.NaN;
      }
      throw new UncheckedIOException("cannot read " + status, e);
    }
  }

  /** Starts a daemon thread that samples this JVM's heap use every 50 ms. */
  public static HeapSampler sampleHeap() {
    HeapSampler sampler = new HeapSampler();
    Thread thread = new Thread(sampler, "peak-heap-sampler");
    thread.setDaemon(true);
    thread.start();
    return sampler;
  }

  /** The largest heap use seen by {@link #sampleHeap}'s thread. */
  public static final class HeapSampler implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile long peakBytes;

    private HeapSampler() {}

    @Override
    public void run() {
      while (true) {
        sample();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private synchronized void sample() {
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used > peakBytes) {
        peakBytes = used;
      }
    }

    /** The peak heap use in MiB, including a sample taken now. */
    public double peakMib() {
      sample();
      return peakBytes / 1048576.0;
    }
  }
}
