package io.sparkrl.spark.provenance;

import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials that travel inside URIs from free text: the user information of any {@code
 * scheme://user:password@host/…} ({@code s3a://AKIA…:secret@bucket/x}, {@code hdfs://user:pw@nn/},
 * {@code https://u:p@host/}) and the values of query parameters whose name is secret ({@code
 * ?X-Amz-Signature=…}, {@code &token=…}). Both are replaced by {@link Redaction#REDACTED}; the
 * scheme, host and path stay readable.
 *
 * <p>User information may hold a {@code /} (an AWS secret key often does), so when it has a {@code
 * :} the match runs past {@code /} to the first {@code @}. A path with an {@code @} after a {@code
 * host:port} ({@code hdfs://nn:8020/a@b}) is then redacted too: a false positive, never a leak.
 */
public final class UriCredentials {

  /**
   * {@code scheme://} then either {@code user:password} (which may contain {@code /}, but does not
   * start with {@code //}: in {@code k8s://https://u:p@host} the inner URI's user is meant) or a
   * bare user, up to {@code @}.
   */
  private static final Pattern USER_INFO =
      Pattern.compile(
          "(\\b[A-Za-z][A-Za-z0-9+.\\-]*://)([^\\s/@?#:]*:(?!//)[^\\s@]*|[^\\s/@?#:]+)@");

  /** A query parameter: {@code ?name=value} or {@code &name=value}. */
  private static final Pattern QUERY_PARAMETER =
      Pattern.compile("([?&;])([^=&;\\s#?]+)=([^&;\\s#]*)");

  private UriCredentials() {}

  /**
   * The text with URI user information and secret query parameter values redacted.
   *
   * @param text any text, or null
   * @param secretParameter whether a query parameter's name marks its value as secret
   * @return the redacted text; null for null
   */
  public static String redact(String text, Predicate<String> secretParameter) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String withoutUsers =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(userInfoRedacted(m)));
    return QUERY_PARAMETER
        .matcher(withoutUsers)
        .replaceAll(
            m ->
                Matcher.quoteReplacement(
                    secretParameter.test(m.group(2))
                        ? m.group(1) + m.group(2) + "=" + Redaction.REDACTED
                        : m.group()));
  }

  private static String userInfoRedacted(MatchResult m) {
    return m.group(1) + Redaction.REDACTED + "@";
  }
}
