package io.sparkrl.spark;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-protocol server for the {@code s3a://} tests: S3Proxy with its in-memory ({@code
 * transient}) blob store, started as a separate JVM on {@code 127.0.0.1} and a free port, with one
 * new bucket and its own credentials. S3Proxy runs from its self-contained jar (the build copies it
 * and names it in the system property {@value #JAR_PROPERTY}) because its Jackson, Guava, logback
 * and Jetty would clash with Spark's on the test class path.
 */
public final class S3TestServer implements AutoCloseable {

  /** The system property naming S3Proxy's jar with dependencies (set by the spark-job pom). */
  public static final String JAR_PROPERTY = "sparkrl.test.s3proxyJar";

  private static final String REGION = "us-east-1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String HEAP = "-Xmx512m";

  private final Process process;
  private final Path log;
  private final String endpoint;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final AmazonS3 client;
  private final Thread stopAtExit;

  private S3TestServer(Path workDir) throws IOException {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "S3Proxy jar not found: system property " + JAR_PROPERTY + " = " + jar);
    }
    int port = freePort();
    endpoint = "http://127.0.0.1:" + port;
    String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    bucket = "sparkrl-" + unique;
    accessKey = "access-" + unique;
    secretKey = "secret-" + UUID.randomUUID();
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=transient",
            "jclouds.identity=" + accessKey,
            "jclouds.credential=" + secretKey,
            ""),
        StandardCharsets.UTF_8);
    log = workDir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java, HEAP, "-XX:+UseSerialGC", "-jar", jar, "--properties", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("LOG_LEVEL", "warn");
    process = builder.start();
    stopAtExit = new Thread(process::destroyForcibly, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    client =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new EndpointConfiguration(endpoint, REGION))
            .withPathStyleAccessEnabled(true)
            .withCredentials(
                new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
            .build();
  }

  /**
   * Starts a server and creates its bucket.
   *
   * @param workDir a directory for its properties and log
   * @return the running server; close it to stop the process
   * @throws IOException if it cannot start within a minute (the message holds its log)
   */
  public static S3TestServer start(Path workDir) throws IOException {
    S3TestServer server = new S3TestServer(workDir);
    try {
      server.awaitListening();
      server.client.createBucket(server.bucket);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue() + ":\n" + logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("S3Proxy not listening on " + endpoint + ":\n" + logText());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting S3Proxy", e);
      }
    }
  }

  private String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bucket's name. */
  public String bucket() {
    return bucket;
  }

  /** The secret key, to check that it appears nowhere it should not. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The {@code s3a://} URI of a key in the bucket.
   *
   * @param key a key without a leading slash, such as {@code runs/a}
   * @return {@code s3a://bucket/key}
   */
  public String uri(String key) {
    return "s3a://" + bucket + "/" + key;
  }

  /**
   * The Hadoop settings S3A needs to reach this server: endpoint, path-style access, plain HTTP,
   * static credentials, few retries, 5 MiB multipart blocks buffered in memory.
   *
   * @return keys and values, to set on a Hadoop configuration or (prefixed {@code spark.hadoop.})
   *     on a Spark one
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint);
    s.put("fs.s3a.endpoint.region", REGION);
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", accessKey);
    s.put("fs.s3a.secret.key", secretKey);
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    s.put("fs.s3a.retry.interval", "100ms");
    s.put("fs.s3a.multipart.size", "5M");
    s.put("fs.s3a.fast.upload.buffer", "bytebuffer");
    return s;
  }

  /**
   * The objects under a prefix, as the server lists them (hidden names included).
   *
   * @param prefix a key prefix such as {@code runs/a/}
   * @return the summaries, with keys, sizes and last-modified times
   */
  public List<S3ObjectSummary> objects(String prefix) {
    List<S3ObjectSummary> all = new ArrayList<>();
    ListObjectsV2Request request =
        new ListObjectsV2Request().withBucketName(bucket).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = client.listObjectsV2(request);
      all.addAll(page.getObjectSummaries());
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return all;
  }

  /**
   * The keys of the multipart uploads begun and neither completed nor aborted.
   *
   * @return the keys, empty when no upload is in progress
   */
  public List<String> uploadsInProgress() {
    List<String> keys = new ArrayList<>();
    client
        .listMultipartUploads(new ListMultipartUploadsRequest(bucket))
        .getMultipartUploads()
        .forEach(u -> keys.add(u.getKey()));
    return keys;
  }

  @Override
  public void close() {
    client.shutdown();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the process is being stopped anyway
    }
  }
}
