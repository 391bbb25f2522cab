package io.sparkrl.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak memory of this JVM, for the scaling benchmark: its peak heap use (sampled) and peak heap
 * after a collection (its live data). The kernel's peak resident set of a process is {@link
 * io.sparkrl.spark.cluster.ProcessMemory#peakRssMib}.
 */
public final class PeakMemory {

  private PeakMemory() {}

  /**
   * Starts watching this JVM's heap: a daemon thread samples its use every 50 ms, and a listener on
   * every garbage collection records the heap left after it (the live data, garbage aside).
   */
  public static HeapSampler sampleHeap() {
    HeapSampler sampler = new HeapSampler();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(sampler::collected, null, null);
      }
    }
    Thread thread = new Thread(sampler, "peak-heap-sampler");
    thread.setDaemon(true);
    thread.start();
    return sampler;
  }

  /** The largest heap use, and the largest heap left after a collection, seen so far. */
  public static final class HeapSampler implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Set<String> heapPools = new HashSet<>();
    private volatile long peakBytes;
    private volatile long peakAfterGcBytes;

    private HeapSampler() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
    }

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

    private void collected(Notification notification, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long after = 0;
      for (Map.Entry<String, MemoryUsage> pool :
          info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          after += pool.getValue().getUsed();
        }
      }
      synchronized (this) {
        if (after > peakAfterGcBytes) {
          peakAfterGcBytes = after;
        }
      }
    }

    /** The peak heap use in MiB, including a sample taken now. */
    public double peakMib() {
      sample();
      return peakBytes / 1048576.0;
    }

    /** The largest heap left after a collection, in MiB: the peak of live data, to a collection. */
    public double peakAfterGcMib() {
      return peakAfterGcBytes / 1048576.0;
    }
  }
}
