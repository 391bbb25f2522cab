package io.sparkrl.spark.provenance;

import static io.sparkrl.spark.provenance.Redaction.REDACTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.Test;
import scala.Predef;
import scala.Tuple2;
import scala.collection.Seq;

/** {@link Redaction} against Spark's own {@code Utils.redact} and hand-written expectations. */
class RedactionTest {

  private static final Redaction DEFAULT = Redaction.sparkDefault();

  /** What Spark itself records for each entry ({@code Utils.redact} with the conf's regex). */
  private static Map<String, String> sparkRedacts(Map<String, String> conf) {
    SparkConf spark = new SparkConf(false);
    conf.forEach(spark::set);
    Seq<Tuple2<String, String>> redacted =
        Utils.redact(spark, Predef.wrapRefArray(spark.getAll()).toSeq());
    Map<String, String> out = new LinkedHashMap<>();
    redacted.foreach(t -> out.put(t._1(), t._2()));
    return out;
  }

  @Test
  void theDefaultIsSpark35sAndTheKeysAreSparks() {
    var config = org.apache.spark.internal.config.package$.MODULE$;
    assertThat(Redaction.REGEX_KEY).isEqualTo(config.SECRET_REDACTION_PATTERN().key());
    assertThat(Redaction.DEFAULT_REGEX)
        .isEqualTo(config.SECRET_REDACTION_PATTERN().defaultValueString());
    assertThat(Redaction.STRING_REGEX_KEY).isEqualTo(config.STRING_REDACTION_PATTERN().key());
    assertThat(sparkRedacts(Map.of("spark.authenticate.secret", "s3cr3t")))
        .containsEntry("spark.authenticate.secret", REDACTED);
  }

  @Test
  void aPlainValueIsRedactedExactlyWhereSparkRedactsIt() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.executor.memory", "4g");
    conf.put("spark.hadoop.fs.s3a.secret.key", "hunter2");
    conf.put("spark.hadoop.fs.s3a.access.key", "AKIAEXAMPLE");
    conf.put("spark.ssl.keyStorePassword", "pw");
    conf.put("spark.yarn.access.TOKEN.renewal", "t");
    conf.put("spark.app.name", "my token job");
    conf.put("spark.kryo.registrator", "io.example.Registrator");
    Map<String, String> spark = sparkRedacts(conf);
    conf.forEach(
        (key, value) -> assertThat(DEFAULT.value(key, value)).as(key).isEqualTo(spark.get(key)));
    assertThat(spark.values()).filteredOn(REDACTED::equals).hasSize(5);
  }

  @Test
  void aUserRegexTakesEffectAndKeepsSparksDefault() {
    Map<String, String> conf =
        Map.of(
            Redaction.REGEX_KEY,
            "(?i)mycompany[.]vault",
            "spark.hadoop.mycompany.vault",
            "hunter2",
            "spark.authenticate.secret",
            "s3cr3t");
    Redaction user = Redaction.of(conf);
    assertThat(sparkRedacts(conf)).containsEntry("spark.hadoop.mycompany.vault", REDACTED);
    assertThat(user.value("spark.hadoop.mycompany.vault", "hunter2")).isEqualTo(REDACTED);
    assertThat(user.value("spark.authenticate.secret", "s3cr3t")).isEqualTo(REDACTED);
    assertThat(user.value(Redaction.REGEX_KEY, "(?i)mycompany[.]vault"))
        .isEqualTo("(?i)mycompany[.]vault");
    assertThat(DEFAULT.value("spark.hadoop.mycompany.vault", "hunter2")).isEqualTo("hunter2");
  }

  @Test
  void anInvalidUserRegexIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Redaction.of(Map.of(Redaction.REGEX_KEY, "(unclosed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Redaction.REGEX_KEY)
        .hasMessageContaining("(unclosed");
  }

  @Test
  void onlyTheSecretOptionsOfAnOptionListAreRedacted() {
    String key = "spark.driver.extraJavaOptions";
    // Spark drops the whole list; sparkrl keeps the options that hold no secret
    assertThat(sparkRedacts(Map.of(key, "-Dx.password=hunter2 -Dother=visible")))
        .containsEntry(key, REDACTED);
    assertThat(DEFAULT.value(key, "-Dx.password=hunter2 -Dother=visible"))
        .isEqualTo("-Dx.password=" + REDACTED + " -Dother=visible");
    assertThat(DEFAULT.value(key, "-Xmx2g  -Dapi.auth=my-token-1 --password hunter2 -Dplain=1"))
        .isEqualTo("-Xmx2g  -Dapi.auth=" + REDACTED + " --password " + REDACTED + " -Dplain=1");
    assertThat(DEFAULT.value("spark.executor.defaultJavaOptions", "-Dstore.url=hdfs://u:p@nn/k"))
        .isEqualTo("-Dstore.url=hdfs://" + REDACTED + "@nn/k");
  }

  @Test
  void environmentVariablesWithCredentialNamesAreRedactedWhereSparksDefaultMissesThem() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.executorEnv.DB_PASS", "hunter2");
    conf.put("spark.yarn.appMasterEnv.API_KEY", "k-123");
    conf.put("spark.kubernetes.driverEnv.GITHUB_AUTH", "ghp_x");
    conf.put("spark.executorEnv.OMP_NUM_THREADS", "1");
    assertThat(sparkRedacts(conf)).containsEntry("spark.executorEnv.DB_PASS", "hunter2");
    assertThat(DEFAULT.properties(conf))
        .containsEntry("spark.executorEnv.DB_PASS", REDACTED)
        .containsEntry("spark.yarn.appMasterEnv.API_KEY", REDACTED)
        .containsEntry("spark.kubernetes.driverEnv.GITHUB_AUTH", REDACTED)
        .containsEntry("spark.executorEnv.OMP_NUM_THREADS", "1");
  }

  @Test
  void uriUserInformationIsRedactedAndTheRestKept() {
    assertThat(DEFAULT.text("s3a://AKIAEXAMPLE:se/cr+et@bucket/data"))
        .isEqualTo("s3a://" + REDACTED + "@bucket/data");
    assertThat(DEFAULT.text("read hdfs://alice:pw@nn:8020/x and https://u:p@h/y failed"))
        .isEqualTo(
            "read hdfs://" + REDACTED + "@nn:8020/x and https://" + REDACTED + "@h/y failed");
    assertThat(DEFAULT.text("k8s://https://admin:pw@kube:6443"))
        .isEqualTo("k8s://https://" + REDACTED + "@kube:6443");
    assertThat(DEFAULT.text("https://ghp_token1@github.com/o/r"))
        .isEqualTo("https://" + REDACTED + "@github.com/o/r");
    for (String clean :
        new String[] {"hdfs://nn:8020/data/cartpole", "file:///data/a", "/data/b"}) {
      assertThat(DEFAULT.text(clean)).isEqualTo(clean);
    }
    assertThat(DEFAULT.value("spark.eventLog.dir", "hdfs://user:pw@nn/logs"))
        .isEqualTo("hdfs://" + REDACTED + "@nn/logs");
  }

  @Test
  void secretQueryParametersAreRedactedAndOthersKept() {
    assertThat(
            DEFAULT.text(
                "https://b.s3.amazonaws.com/x?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abcd1234"))
        .isEqualTo(
            "https://b.s3.amazonaws.com/x?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential="
                + REDACTED
                + "&X-Amz-Signature="
                + REDACTED);
    assertThat(DEFAULT.text("https://h/d?page=2&token=t0k&sig=zz"))
        .isEqualTo("https://h/d?page=2&token=" + REDACTED + "&sig=" + REDACTED);
  }

  @Test
  void errorMessagesLoseAssignmentsAndEchoedSecretValues() {
    Redaction redaction =
        Redaction.of(
            Map.of(
                "spark.executorEnv.DB_PASS", "hunter2",
                "spark.driver.extraJavaOptions", "-Dx.password=opt-secret -Dother=visible",
                "spark.ssl.keyPassword", "pw"));
    String message =
        "java.io.IOException: Wrong FS: hdfs://u:p@nn/x, expected: file:///;"
            + " login with hunter2 refused; -Dx.password=opt-secret was set; db.password=abc;"
            + " -Dother=visible; pw is short";
    assertThat(redaction.text(message))
        .isEqualTo(
            "java.io.IOException: Wrong FS: hdfs://"
                + REDACTED
                + "@nn/x, expected: file:///; login with "
                + REDACTED
                + " refused; -Dx.password="
                + REDACTED
                + " was set; db.password="
                + REDACTED
                + "; -Dother=visible; pw is short");
    assertThat(redaction.text(null)).isNull();
  }

  @Test
  void theStringRegexRedactsMatchesInValuesAndText() {
    Redaction redaction = Redaction.of(Map.of(Redaction.STRING_REGEX_KEY, "ssn-\\d+"));
    assertThat(redaction.text("user ssn-1234 failed")).isEqualTo("user " + REDACTED + " failed");
    assertThat(redaction.value("spark.app.name", "job for ssn-99"))
        .isEqualTo("job for " + REDACTED);
  }

  @Test
  void redactingTwiceChangesNothing() {
    Map<String, String> conf =
        Map.of(
            "spark.driver.extraJavaOptions", "-Dx.password=hunter2 -Dother=visible",
            "spark.executorEnv.DB_PASS", "hunter2",
            "spark.eventLog.dir", "s3a://a:b@bucket/logs");
    Map<String, String> once = Redaction.of(conf).properties(conf);
    assertThat(Redaction.of(once).properties(once)).isEqualTo(once);
    assertThat(once.toString()).doesNotContain("hunter2").contains("-Dother=visible");
  }
}
