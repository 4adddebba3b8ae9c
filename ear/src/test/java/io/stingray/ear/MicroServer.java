package io.stingray.ear;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process with the adapter, the console and the example deployed, for the slow
 * tests; its log goes to {@code target/micro-PORT.log}. The console users are the test users file
 * ({@code ada} admin, {@code vera} viewer).
 */
final class MicroServer implements AutoCloseable {
  static final String ADMIN = "ada:admin-test-password";
  static final String VIEWER = "vera:viewer-test-password";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final int port;
  private final Process process;

  private MicroServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a server; {@link #awaitReady} waits for it.
   *
   * @param options more JVM options, such as {@code -Dstingray.<property>=...}
   */
  static MicroServer start(int port, String cluster, String... options) throws IOException {
    return start(
        port,
        cluster,
        List.of(
            System.getProperty("stingray.rar"),
            System.getProperty("stingray.console"),
            System.getProperty("stingray.example")),
        options);
  }

  /**
   * Starts a server that deploys {@code deployments}, in order; {@link #awaitReady} or {@link
   * #awaitBody} waits for it.
   */
  static MicroServer start(int port, String cluster, List<String> deployments, String... options)
      throws IOException {
    Files.createDirectories(Path.of("target"));
    Path users = Path.of("src", "test", "resources", "console-users").toAbsolutePath();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dstingray.clusterName=" + cluster,
                "-Dstingray.clusterSecret=micro-test-secret",
                "-Dstingray.numCpus=2",
                "-Dstingray.console.usersFile=" + users));
    cmd.addAll(List.of(options));
    cmd.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.micro.jar"),
            "--nohazelcast",
            "--port",
            String.valueOf(port)));
    for (String d : deployments) {
      cmd.add("--deploy");
      cmd.add(d);
    }
    Path log = log(port);
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new MicroServer(port, p);
  }

  private static Path log(int port) {
    return Path.of("target", "micro-" + port + ".log");
  }

  /** What the server has written so far. */
  String log() throws IOException {
    return Files.readString(log(port));
  }

  /** Waits until the node is ready and the console answers a signed-in user. */
  void awaitReady() throws Exception {
    awaitBody("the server on port " + port + " is ready", "/health/ready", null, "\"UP\"", 240);
    awaitBody("the console on port " + port + " answers", "/stingray/api/v1/me", ADMIN, "ada", 60);
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Sends a request as {@code user} ("name:password", or null for nobody). */
  HttpResponse<String> send(String method, String path, String user, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET as {@code user}; fails unless the answer is 200. */
  String get(String path, String user) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", path, user);
    if (r.statusCode() != 200) {
      throw new AssertionError(url(path) + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Polls GET {@code path} until its body contains {@code expected} (spaces ignored). */
  void awaitBody(String what, String path, String user, String expected, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Payara Micro on port " + port + " exited; see its log");
      }
      try {
        HttpResponse<String> r = send("GET", path, user);
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200 && r.body().replace(" ", "").contains(expected)) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "timed out after " + seconds + " s waiting until " + what + ": " + last);
  }

  /** Polls this server's console until node {@code name} is in its node table; its id. */
  String awaitNodeId(String name, int seconds) throws Exception {
    java.util.regex.Pattern p =
        java.util.regex.Pattern.compile("\"id\":\"([0-9a-f]{32})\"[^{}]*\"name\":\"" + name + "\"");
    String nodes = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      nodes = get("/stingray/api/v1/nodes", VIEWER);
      java.util.regex.Matcher m = p.matcher(nodes);
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "node " + name + " is not in the node table of " + port + ": " + nodes);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
