package io.sparkrl.datasets.imports;

import java.util.Locale;

/**
 * Byte counts as error messages show them: exact, then in binary units ("48000 bytes (46.9 KiB)").
 */
final class ByteSize {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  private static final double KIB = 1024.0;

  private ByteSize() {}

  static String describe(long bytes) {
    if (bytes < KIB) {
      return bytes + " bytes";
    }
    double value = bytes / KIB;
    int unit = 0;
    while (value >= KIB && unit < UNITS.length - 1) {
      value /= KIB;
      unit++;
    }
    return String.format(Locale.ROOT, "%d bytes (%.1f %s)", bytes, value, UNITS[unit]);
  }
}
