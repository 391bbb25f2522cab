package io.sparkrl.spark.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction inside a value made of whitespace-separated command-line options, such as {@code
 * spark.driver.extraJavaOptions}: only a secret option's value is replaced, so {@code -Dx.password=
 * hunter2 -Dother=visible} is recorded as {@code -Dx.password=*********(redacted) -Dother=visible}.
 *
 * <p>An option {@code name=value} whose name or value is secret keeps its name; a secret flag
 * without {@code =} ({@code --password}) keeps its name and loses the next word when that is not an
 * option itself; any other secret word is replaced whole. Whitespace is kept as it was.
 */
final class OptionList {

  /** Keys whose values are option lists whatever they start with. */
  private static final String JAVA_OPTIONS_SUFFIX = "JavaOptions";

  /** The start of an option. */
  private static final String OPTION_PREFIX = "-";

  private static final Pattern WORD = Pattern.compile("\\S+");

  private OptionList() {}

  /**
   * Whether a configuration value is read as an option list: the key ends with {@value
   * #JAVA_OPTIONS_SUFFIX} ({@code extraJavaOptions}, {@code defaultJavaOptions}), or the value
   * starts with {@value #OPTION_PREFIX}.
   */
  static boolean applies(String key, String value) {
    return key.endsWith(JAVA_OPTIONS_SUFFIX) || value.stripLeading().startsWith(OPTION_PREFIX);
  }

  /**
   * The list with every secret part replaced by {@link Redaction#REDACTED}.
   *
   * @param value the option list
   * @param secret whether a name, value or word is secret
   */
  static String redact(String value, Predicate<String> secret) {
    StringBuilder out = new StringBuilder();
    walk(value, secret, out, null);
    return out.toString();
  }

  /** The secret parts {@link #redact} removes, as they appear in the value. */
  static List<String> secretValues(String value, Predicate<String> secret) {
    List<String> found = new ArrayList<>();
    walk(value, secret, new StringBuilder(), found);
    return found;
  }

  private static void walk(
      String value, Predicate<String> secret, StringBuilder out, List<String> found) {
    Matcher words = WORD.matcher(value);
    int end = 0;
    boolean nextIsSecret = false;
    while (words.find()) {
      out.append(value, end, words.start());
      end = words.end();
      String word = words.group();
      boolean option = word.startsWith(OPTION_PREFIX);
      if (nextIsSecret && !option) {
        replace(word, out, found);
        nextIsSecret = false;
        continue;
      }
      nextIsSecret = false;
      int eq = word.indexOf('=');
      if (eq >= 0) {
        String name = word.substring(0, eq);
        String val = word.substring(eq + 1);
        if (secret.test(name) || secret.test(val)) {
          out.append(name).append('=');
          replace(val, out, found);
        } else {
          out.append(word);
        }
      } else if (secret.test(word)) {
        if (option) {
          out.append(word);
          nextIsSecret = true;
        } else {
          replace(word, out, found);
        }
      } else {
        out.append(word);
      }
    }
    out.append(value, end, value.length());
  }

  private static void replace(String secretPart, StringBuilder out, List<String> found) {
    out.append(Redaction.REDACTED);
    if (found != null) {
      found.add(secretPart);
    }
  }
}
