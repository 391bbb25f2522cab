package io.sparkrl.bench;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.cli.dataset.LocalEpisodes;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a Parquet episode dataset as the NumPy arrays of a d3rlpy {@code MDPDataset}, so that
 * {@code scripts/bench-d3rlpy.sh} can train d3rlpy v0.30 on exactly the transitions sparkrl trains
 * on: Debian has no pyarrow, so Python cannot read the Parquet files itself.
 *
 * <p>d3rlpy's layout (its {@code dataset.pyx}) stores the reward of a_t with observation t + 1 and
 * makes an episode of m rows into m − 1 transitions, the last one terminal. So an episode of n rows
 * becomes: reward 0 (never read) then r_0, r_1, …; a {@link EndKind#TERMINAL} one gains a last row
 * (a copy of s_{n−1}, action 0: its value is multiplied by 1 − terminal = 0) and keeps its n
 * transitions; a {@link EndKind#TIMEOUT} one keeps its n rows and n − 1 transitions, its last row
 * being the bootstrap state. {@code terminals.npy} is 1 only at a true terminal end, {@code
 * episode_terminals.npy} at every episode end (d3rlpy ≥ 0.60's arguments). v0.30 splits episodes on
 * {@code terminals} and takes every end as terminal, so the script passes it {@code
 * episode_terminals}: a timeout is then not bootstrapped (docs/design.md §1.10, item 3).
 *
 * <p>Usage: {@code NpyExport DATA_DIR OUT_DIR [TRANSITIONS]}: the episodes in dataset order, or
 * only the first ones until they hold at least TRANSITIONS transitions (as {@code
 * FitEpochBenchmark} generates its data). Writes {@code observations.npy} (float32 [N, F]), {@code
 * actions.npy} (int64 [N]), {@code rewards.npy}, {@code terminals.npy}, {@code
 * episode_terminals.npy} (float32 [N]) and prints one JSON line of counts.
 */
public final class NpyExport {

  private NpyExport() {}

  /**
   * Runs the export.
   *
   * @param args data directory, output directory, optional transitions
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: NpyExport DATA_DIR OUT_DIR [TRANSITIONS]");
      System.exit(2);
    }
    long target = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    List<Episode> episodes = new ArrayList<>();
    long transitions = 0;
    for (Episode e : LocalEpisodes.read(Path.of(args[0]))) {
      if (transitions >= target) {
        break;
      }
      BenchmarkSupport.check(!e.shape().isImage(), "vector observations only");
      episodes.add(e);
      transitions += e.transitionCount();
    }
    int features = episodes.get(0).shape().size();
    int rows = 0;
    int terminals = 0;
    for (Episode e : episodes) {
      boolean terminal = e.end() == EndKind.TERMINAL;
      rows += e.length() + (terminal ? 1 : 0);
      terminals += terminal ? 1 : 0;
    }
    float[] obs = new float[rows * features];
    long[] actions = new long[rows];
    float[] rewards = new float[rows];
    float[] terminal = new float[rows];
    float[] episodeEnd = new float[rows];
    int i = 0;
    for (Episode e : episodes) {
      int n = e.length();
      boolean isTerminal = e.end() == EndKind.TERMINAL;
      for (int t = 0; t < n; t++, i++) {
        e.copyObservation(t, obs, i * features);
        actions[i] = e.action(t);
        rewards[i] = t == 0 ? 0f : e.reward(t - 1);
      }
      if (isTerminal) { // stands for the terminal state (not stored), the last successor
        e.copyObservation(n - 1, obs, i * features);
        rewards[i] = e.reward(n - 1);
        i++;
      }
      terminal[i - 1] = isTerminal ? 1f : 0f;
      episodeEnd[i - 1] = 1f;
    }
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    write(out.resolve("observations.npy"), "<f4", new int[] {rows, features}, obs);
    write(out.resolve("rewards.npy"), "<f4", new int[] {rows}, rewards);
    write(out.resolve("terminals.npy"), "<f4", new int[] {rows}, terminal);
    write(out.resolve("episode_terminals.npy"), "<f4", new int[] {rows}, episodeEnd);
    try (DataOutputStream s = open(out.resolve("actions.npy"), "<i8", new int[] {rows})) {
      for (long a : actions) {
        s.writeLong(Long.reverseBytes(a));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "{\"episodes\":%d,\"terminal_episodes\":%d,\"rows\":%d,\"transitions\":%d}%n",
        episodes.size(),
        terminals,
        rows,
        transitions);
  }

  private static void write(Path file, String dtype, int[] shape, float[] values)
      throws IOException {
    try (DataOutputStream s = open(file, dtype, shape)) {
      for (float v : values) {
        s.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v)));
      }
    }
  }

  /** A stream past an NPY 1.0 header (magic, version, header length, padded dict, newline). */
  private static DataOutputStream open(Path file, String dtype, int[] shape) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(',');
    }
    if (shape.length > 1) {
      dims.setLength(dims.length() - 1);
    }
    String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int padding = 63 - (10 + header.length()) % 64; // so that the data starts at a multiple of 64
    header = header + " ".repeat(padding) + "\n";
    OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    DataOutputStream s = new DataOutputStream(raw);
    s.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    s.writeShort(Short.reverseBytes((short) header.length()));
    s.write(header.getBytes(StandardCharsets.US_ASCII));
    return s;
  }
}
