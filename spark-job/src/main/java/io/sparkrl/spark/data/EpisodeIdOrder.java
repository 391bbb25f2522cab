package io.sparkrl.spark.data;

import java.util.Comparator;

/**
 * The order of episode ids in which transitions are numbered: the order Spark sorts the {@code
 * episode_id} column in. Numeric for int64 ids (held as their decimal strings in {@link
 * io.sparkrl.datasets.Episode#id()}), Unicode code point order (the order of UTF-8 bytes, Spark's
 * string order) for string ids.
 */
public enum EpisodeIdOrder implements Comparator<String> {
  /** int64 ids compared as numbers. */
  NUMERIC {
    @Override
    public int compare(String a, String b) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
  },
  /** String ids compared by code point, as Spark compares UTF-8 strings. */
  CODE_POINT {
    @Override
    public int compare(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int ca = a.codePointAt(i);
        int cb = b.codePointAt(j);
        if (ca != cb) {
          return Integer.compare(ca, cb);
        }
        i += Character.charCount(ca);
        j += Character.charCount(cb);
      }
      return Boolean.compare(i < a.length(), j < b.length());
    }
  };
}
