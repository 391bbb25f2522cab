package io.sparkrl.core.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a zip from an untrusted source entry by entry, in bounded memory: the caller names the most
 * bytes each entry it keeps may inflate to, entries it does not want are skipped up to a limit
 * without being kept, and the number of entries is capped. A zip bomb or a forged entry stops at
 * its limit with an {@link IllegalArgumentException} that names the source, the entry and the
 * limit, instead of an out-of-memory error. {@link ZipInputStream} alone reads whatever an entry
 * holds, which is why this exists.
 */
public final class BoundedZipReader {

  /** The most entries an archive may have. */
  public static final int MAX_ENTRIES = 1024;

  /** The most bytes a skipped entry may inflate to. */
  public static final long MAX_SKIPPED_BYTES = 64L << 20;

  private static final int CHUNK = 64 << 10;

  private final ZipInputStream zip;
  private final String source;
  private final Set<String> seen = new HashSet<>();
  private ZipEntry current;

  /**
   * @param in the archive's bytes (not closed here)
   * @param source what to name in errors: the file
   */
  public BoundedZipReader(InputStream in, String source) {
    this.zip = new ZipInputStream(in, StandardCharsets.UTF_8);
    this.source = source;
  }

  /**
   * Moves to the next entry.
   *
   * @return its name, or null at the end of the archive
   * @throws IllegalArgumentException if the archive has more than {@link #MAX_ENTRIES} entries or
   *     names one entry twice
   * @throws IOException if the bytes are not a zip
   */
  public String next() throws IOException {
    try {
      current = zip.getNextEntry();
    } catch (ZipException e) {
      throw new IOException(source + ": not a readable zip archive (" + e.getMessage() + ")", e);
    }
    if (current == null) {
      return null;
    }
    if (seen.size() >= MAX_ENTRIES) {
      throw new IllegalArgumentException(
          source + ": more than " + MAX_ENTRIES + " entries, the most an archive may have");
    }
    if (!seen.add(current.getName())) {
      throw new IllegalArgumentException(
          source + ": entry " + current.getName() + " appears twice");
    }
    return current.getName();
  }

  /** How many entries {@link #next} has returned. */
  public int entries() {
    return seen.size();
  }

  /**
   * The current entry's bytes.
   *
   * @param maxBytes the most it may inflate to
   * @param what what such an entry is, for the error ("a network of 70,000 parameters")
   * @throws IllegalArgumentException if it holds more, without reading past the limit
   */
  public byte[] read(long maxBytes, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, CHUNK));
    copy(maxBytes, what, out);
    return out.toByteArray();
  }

  /**
   * Skips the current entry without keeping it.
   *
   * @throws IllegalArgumentException if it inflates to more than {@link #MAX_SKIPPED_BYTES}
   */
  public void skip() throws IOException {
    copy(MAX_SKIPPED_BYTES, "an entry this reader does not use", null);
  }

  private void copy(long maxBytes, String what, ByteArrayOutputStream out) throws IOException {
    if (current == null) {
      throw new IllegalStateException("no current entry: call next() first");
    }
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    for (int n = zip.read(buffer); n != -1; n = zip.read(buffer)) {
      total += n;
      if (total > maxBytes) {
        throw new IllegalArgumentException(
            source
                + ": entry "
                + current.getName()
                + " holds more than "
                + maxBytes
                + " bytes, the most "
                + what
                + " may hold");
      }
      if (out != null) {
        out.write(buffer, 0, n);
      }
    }
  }
}
