package io.stingray.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Payara Micro scenario's node: a Payara Micro server in the node's namespace with the adapter,
 * the console (health and metrics) and the example deployed, driven over HTTP from the harness on
 * the bridge (the faults cut only the nodes' traffic with each other, never the harness's). Views
 * come from polling the server ({@code /health/ready}: DOWN while fenced; the example's {@code
 * api/nodes}: the nodes it sees alive; {@code /metrics}: the object store's bytes), operations from
 * a {@link MicroWork} in the harness. Threads: a view poller and a metrics poller of its own, plus
 * the workload's.
 */
final class MicroAgent extends Agent {
  static final Duration START_LIMIT = Duration.ofSeconds(300);
  static final int HTTP_PORT = 8080;
  private static final Pattern SELF = Pattern.compile("\"self\":\"([0-9a-f]+)\"");
  private static final Pattern ALIVE = Pattern.compile("\"alive\":\\[([^]]*)]");
  private static final Pattern STORE =
      Pattern.compile("(?m)^stingray_object_store_used_bytes(?:\\{[^}]*})?\\s+([0-9.eE+-]+)\\s*$");

  private final HttpClient http;
  private final String base;
  private final Path root;
  private final MicroWork work;
  private final Thread views;
  private final Thread metrics;
  private volatile long storeBytes;
  private volatile boolean closed;

  private MicroAgent(
      int index,
      String nodeId,
      Process process,
      BlockingQueue<String> replies,
      HttpClient http,
      String base,
      Path root,
      History history,
      long storeBytes) {
    super(index, nodeId, process, replies);
    this.http = http;
    this.base = base;
    this.root = root;
    this.storeBytes = storeBytes;
    this.work = new MicroWork(http, base, index, history, process::isAlive);
    this.views = new Thread(() -> pollViews(history), "chaos-views-" + index);
    this.metrics = new Thread(this::pollMetrics, "chaos-metrics-" + index);
    views.setDaemon(true);
    metrics.setDaemon(true);
    views.start();
    metrics.start();
  }

  /**
   * Starts Payara Micro for node {@code index} and waits until its node is ready.
   *
   * @throws IllegalStateException if the server ends or is not ready within {@link #START_LIMIT}
   */
  static MicroAgent start(Setup s, int index, int generation) {
    Path root = s.dir().resolve("payara-" + index + "-" + generation).toAbsolutePath();
    List<String> cmd =
        javaInNamespace(
            index,
            "-Xmx640m",
            "-XX:MaxDirectMemorySize=320m",
            "-Dstingray.clusterName=chaos",
            "-Dstingray.nodeName=n" + index,
            "-Dstingray.numCpus=2",
            "-Dstingray.bindAddress=" + Netns.address(index),
            "-Dstingray.objectStoreMemory=" + (192L << 20),
            "-Dstingray.jgroups.hosts=" + Netns.jgroupsHosts(s.nodes()),
            "-Dstingray.jgroups.ping_range=0",
            // the example's orders database (~/.stingray, H2 auto-server on localhost) of its own:
            // a server in another namespace cannot reach one another node opened, and the example
            // would not deploy (its persistence unit connects as it deploys)
            "-Duser.home=" + root,
            "-jar",
            s.payara().microJar().toString(),
            "--nohazelcast",
            "--port",
            String.valueOf(HTTP_PORT),
            "--rootdir",
            root.toString());
    for (Path d : s.payara().deployments()) {
      cmd.add("--deploy");
      cmd.add(d.toString());
    }
    Path log = s.dir().resolve("node-" + index + "-" + generation + ".log");
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    Process p = launch(cmd, s, index, log, replies);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://" + Netns.address(index) + ":" + HTTP_PORT;
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        HttpResponse<String> ready = get(http, base + "/health/ready", Duration.ofSeconds(5));
        last = ready.statusCode() + " " + ready.body();
        if (ready.statusCode() == 200) {
          Matcher self =
              SELF.matcher(get(http, base + "/stingray-example/api/nodes", limit(10)).body());
          Long store = store(get(http, base + "/metrics", limit(30)).body());
          if (self.find() && store != null) {
            return new MicroAgent(
                index, self.group(1), p, replies, http, base, root, s.history(), store);
          }
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep(1_000);
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "Payara Micro of node "
            + index
            + " was not ready within "
            + START_LIMIT.toSeconds()
            + " s (last answer: "
            + Workload.words(last)
            + "); see "
            + log.toAbsolutePath());
  }

  private static Duration limit(int seconds) {
    return Duration.ofSeconds(seconds);
  }

  static HttpResponse<String> get(HttpClient http, String url, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The object store's used bytes in a Prometheus text, or null if it is not there. */
  static Long store(String metrics) {
    Matcher m = STORE.matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : null;
  }

  /** The node ids in an {@code api/nodes} answer's {@code alive} list, or null if none is there. */
  static String alive(String nodes) {
    Matcher m = ALIVE.matcher(nodes);
    if (!m.find()) {
      return null;
    }
    String ids = m.group(1).replace("\"", "").replace(" ", "");
    return ids.isEmpty() ? "-" : ids;
  }

  /** Every 500 ms, what the server says of itself, as a {@code VIEW} line of the history. */
  private void pollViews(History history) {
    while (!closed) {
      try {
        long oldest = work.oldestStart(); // read first: never after the view's time
        HttpResponse<String> ready = get(http, base + "/health/ready", limit(2));
        HttpResponse<String> nodes = get(http, base + "/stingray-example/api/nodes", limit(2));
        String alive = nodes.statusCode() == 200 ? alive(nodes.body()) : null;
        if (alive != null && (ready.statusCode() == 200 || ready.statusCode() == 503)) {
          history.line(
              index,
              "VIEW "
                  + System.currentTimeMillis()
                  + " "
                  + (ready.statusCode() == 200 ? 0 : 1)
                  + " "
                  + alive
                  + " "
                  + storeBytes
                  + " - "
                  + oldest);
        }
      } catch (IOException e) { // paused, or busy: no view this time
      } catch (InterruptedException e) {
        return;
      }
      sleep(500);
    }
  }

  /** Every 2 s, the object store's bytes ({@code /metrics} asks every node: it can be slow). */
  private void pollMetrics() {
    while (!closed) {
      try {
        HttpResponse<String> r = get(http, base + "/metrics", limit(30));
        Long used = r.statusCode() == 200 ? store(r.body()) : null;
        if (used != null) {
          storeBytes = used;
        }
      } catch (IOException e) { // paused, or busy: the last figure stands
      } catch (InterruptedException e) {
        return;
      }
      sleep(2_000);
    }
  }

  @Override
  boolean send(String command) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      switch (command) {
        case "work" -> work.start();
        case "rest" -> {
          work.stop();
          replies.add("RESTED");
        }
        // the example keeps no value between requests: there is nothing to read again
        case "check" -> replies.add("KEPT 0 0 0 the_Payara_scenario_keeps_no_values");
        case "release" -> {
          collectGarbage(); // the refs of the last requests are released when collected
          replies.add("RELEASED");
        }
        default -> replies.add("UNKNOWN " + command);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs the server's garbage collector (with {@code jcmd}), so that unused refs are released. */
  private void collectGarbage() throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 3; i++) {
      try {
        Process gc =
            new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!gc.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          gc.destroyForcibly(); // the server does not answer: it collects on its own in time
          return;
        }
      } catch (IOException e) {
        return; // no jcmd: the server collects on its own in time
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    closed = true;
    views.interrupt();
    metrics.interrupt();
    if (process.isAlive()) {
      signal("CONT"); // first: a paused server would hold each request to its deadline
    }
    try {
      work.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: Payara undeploys, the adapter leaves the cluster
      awaitEnd();
    }
    deleteTree(root);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover server directory in the run's output, nothing worse
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
