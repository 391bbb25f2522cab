package io.sparkrl.spark.provenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Removes secrets from what sparkrl records ({@code run.json}) and prints (its messages), with
 * Spark's own {@value #REGEX_KEY} and a few rules of sparkrl's (docs/design.md §3.5).
 *
 * <p>For a configuration entry ({@link #value}):
 *
 * <ul>
 *   <li>the secret pattern is Spark's default {@value #DEFAULT_REGEX} together with a {@value
 *       #REGEX_KEY} the user set (Spark's UI uses a user's regex instead of the default; sparkrl
 *       keeps both, so narrowing the regex for the UI never writes a password into a kept file);
 *   <li>as in Spark's {@code Utils.redact}, a key or a value that matches the pattern has its whole
 *       value replaced by {@link #REDACTED}, except in an option list ({@code *JavaOptions}, or a
 *       value starting with {@code -}): there only the matching option's value goes ({@code
 *       -Dx.password=*********(redacted) -Dother=visible}; {@code OptionList});
 *   <li>an environment variable passed through Spark ({@code spark.executorEnv.NAME}, {@code
 *       spark.yarn.appMasterEnv.NAME}, {@code spark.kubernetes.driverEnv.NAME}) whose name matches
 *       {@link #CREDENTIAL_NAMES} is redacted even when Spark's pattern misses it ({@code
 *       DB_PASS});
 *   <li>then credentials in URIs ({@link UriCredentials}) and matches of {@value
 *       #STRING_REGEX_KEY}.
 * </ul>
 *
 * The values of {@value #REGEX_KEY} and {@value #STRING_REGEX_KEY} are patterns, not secrets: they
 * are recorded as given even when they contain a word such as {@code secret}.
 *
 * <p>Free text (paths, URIs, error messages; {@link #text}) loses URI credentials, the value of
 * every {@code name=value} whose name is secret, matches of {@value #STRING_REGEX_KEY}, and every
 * occurrence of a secret value of the configuration at least {@value #MIN_LITERAL_LENGTH}
 * characters long, so an error message that echoes a password does not print it.
 */
public final class Redaction {

  /** What replaces a secret, as Spark's UI and logs show it. */
  public static final String REDACTED = "*********(redacted)";

  /** Spark's key for the regex of secret keys and values. */
  public static final String REGEX_KEY = "spark.redaction.regex";

  /** Spark 3.5's default for {@value #REGEX_KEY} ({@code SECRET_REDACTION_PATTERN}). */
  public static final String DEFAULT_REGEX = "(?i)secret|password|token|access[.]?key";

  /** Spark's key for the regex of secret parts of free text; unset by default. */
  public static final String STRING_REGEX_KEY = "spark.redaction.string.regex";

  /**
   * Names of environment variables and URI query parameters that hold a credential, beyond Spark's
   * pattern: {@code DB_PASS}, {@code API_KEY}, {@code X-Amz-Signature}, Azure's {@code sig}.
   */
  public static final Pattern CREDENTIAL_NAMES =
      Pattern.compile("(?i)pass|secret|token|key|credential|signature|auth|^sig$");

  /** A secret value shorter than this is not searched for in free text ({@code 1}, {@code on}). */
  public static final int MIN_LITERAL_LENGTH = 6;

  /** Keys of environment variables Spark passes on; group 1 is the variable's name. */
  private static final Pattern ENV_KEY =
      Pattern.compile("^spark\\.(?:[A-Za-z]+\\.)?(?:executorEnv|appMasterEnv|driverEnv)\\.(.+)$");

  /** {@code name=value} in free text. */
  private static final Pattern ASSIGNMENT = Pattern.compile("([\\w.\\-]+)=([^\\s,;&\"']+)");

  private final List<Pattern> secret;
  private final Pattern stringPattern;
  private final List<String> literals;

  private Redaction(List<Pattern> secret, Pattern stringPattern, Map<String, String> conf) {
    this.secret = secret;
    this.stringPattern = stringPattern;
    Set<String> found = new HashSet<>();
    conf.forEach((key, value) -> collectSecrets(key, value, found));
    List<String> sorted = new ArrayList<>(found);
    // longest first, so a secret that contains another is removed whole
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.literals = Collections.unmodifiableList(sorted);
  }

  /**
   * The redaction a configuration asks for.
   *
   * @param conf configuration entries; {@value #REGEX_KEY} and {@value #STRING_REGEX_KEY} are read
   * @return the redaction
   * @throws IllegalArgumentException if either regex does not compile; the message names the key
   */
  public static Redaction of(Map<String, String> conf) {
    String user = conf.get(REGEX_KEY);
    Pattern base = Pattern.compile(DEFAULT_REGEX);
    List<Pattern> secret =
        user == null || user.equals(DEFAULT_REGEX)
            ? List.of(base)
            : List.of(base, compile(REGEX_KEY, user));
    String stringRegex = conf.get(STRING_REGEX_KEY);
    return new Redaction(
        secret, stringRegex == null ? null : compile(STRING_REGEX_KEY, stringRegex), conf);
  }

  /** The redaction of a Spark configuration ({@link #of(Map)}). */
  public static Redaction of(SparkConf conf) {
    Map<String, String> entries = new TreeMap<>();
    for (Tuple2<String, String> e : conf.getAll()) {
      entries.put(e._1(), e._2());
    }
    return of(entries);
  }

  /** The redaction of a running session's configuration ({@link #of(Map)}). */
  public static Redaction of(SparkSession spark) {
    return of(spark.sparkContext().getConf());
  }

  /** Spark's default pattern and no configuration values to look for. */
  public static Redaction sparkDefault() {
    return of(Map.of());
  }

  /**
   * Whether a configuration key's whole value is secret: the key matches the pattern, or it passes
   * an environment variable whose name matches {@link #CREDENTIAL_NAMES}.
   */
  public boolean isSecretKey(String key) {
    if (isSecretText(key)) {
      return true;
    }
    Matcher env = ENV_KEY.matcher(key);
    return env.matches() && CREDENTIAL_NAMES.matcher(env.group(1)).find();
  }

  /**
   * One configuration entry's value as it may be recorded (the rules in the class comment).
   *
   * @param key the key
   * @param value its value, or null
   * @return the value with its secrets replaced by {@link #REDACTED}; null for null
   */
  public String value(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(key)) {
      return REDACTED;
    }
    String kept;
    if (OptionList.applies(key, value)) {
      kept = OptionList.redact(value, this::isSecretText);
    } else if (valueMayBeSecret(key) && isSecretText(value)) {
      return REDACTED;
    } else {
      kept = value;
    }
    return applyStringPattern(UriCredentials.redact(kept, this::isSecretName));
  }

  /**
   * Configuration entries as they may be recorded.
   *
   * @param conf the entries
   * @return the same keys, sorted, with {@link #value} applied to every value
   */
  public Map<String, String> properties(Map<String, String> conf) {
    Map<String, String> out = new TreeMap<>();
    conf.forEach((key, value) -> out.put(key, value(key, value)));
    return out;
  }

  /**
   * Free text as it may be recorded or printed: a path, a URI, an error message.
   *
   * @param text the text, or null
   * @return the text without the secrets the class comment lists; null for null
   */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String literal : literals) {
      out = out.replace(literal, REDACTED);
    }
    out = UriCredentials.redact(out, this::isSecretName);
    out =
        ASSIGNMENT
            .matcher(out)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        isSecretName(m.group(1)) ? m.group(1) + "=" + REDACTED : m.group()));
    return applyStringPattern(out);
  }

  private boolean isSecretText(String text) {
    for (Pattern p : secret) {
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean isSecretName(String name) {
    return isSecretText(name) || CREDENTIAL_NAMES.matcher(name).find();
  }

  /** Whether a value matching the pattern is redacted: not for the redaction regexes themselves. */
  private static boolean valueMayBeSecret(String key) {
    return !REGEX_KEY.equals(key) && !STRING_REGEX_KEY.equals(key);
  }

  private String applyStringPattern(String text) {
    return stringPattern == null
        ? text
        : stringPattern.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED));
  }

  /** Records the parts of an entry that {@link #value} removes, to find them in free text. */
  private void collectSecrets(String key, String value, Set<String> found) {
    if (value == null) {
      return;
    }
    if (isSecretKey(key)
        || (!OptionList.applies(key, value) && valueMayBeSecret(key) && isSecretText(value))) {
      addLiteral(value, found);
    } else if (OptionList.applies(key, value)) {
      OptionList.secretValues(value, this::isSecretText).forEach(s -> addLiteral(s, found));
    }
  }

  private static void addLiteral(String value, Set<String> found) {
    if (value.length() >= MIN_LITERAL_LENGTH && !value.equals(REDACTED)) {
      found.add(value);
    }
  }

  private static Pattern compile(String key, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          key + ": not a valid regular expression (" + e.getDescription() + "): " + regex, e);
    }
  }
}
