package io.sparkrl.core.dynamics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Rewrites a zip's entries, for tests of archives with changed metadata or order. */
final class ZipEntries {

  private ZipEntries() {}

  static byte[] replaceText(byte[] zip, String entry, String target, String replacement)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream rewritten = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(entry)) {
          String text = new String(bytes, StandardCharsets.UTF_8);
          if (!text.contains(target)) {
            throw new IllegalStateException(entry + " does not contain " + target);
          }
          bytes = text.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
        }
        rewritten.putNextEntry(new ZipEntry(e.getName()));
        rewritten.write(bytes);
        rewritten.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static byte[] moveToEnd(byte[] zip, String entry) throws IOException {
    java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    byte[] moved = entries.remove(entry);
    entries.put(entry, moved);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream rewritten = new ZipOutputStream(out)) {
      for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
        rewritten.putNextEntry(new ZipEntry(e.getKey()));
        rewritten.write(e.getValue());
        rewritten.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
