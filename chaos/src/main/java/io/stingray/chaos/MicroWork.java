package io.stingray.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Payara Micro scenario's workload on one server: requests to the example application, as a
 * user of the cluster would send them, each checked against what it must answer. {@code spread}: 6
 * tasks spread over the cluster, all accounted for; {@code blobs}: 3 results of 1 MiB made across
 * the cluster and pulled to the server, every byte intact; {@code pi}: 4 tasks whose estimate must
 * be near π. Every request has {@link Workload#DEADLINE} and ends as one {@code OP} line of the
 * history: ok, wrong, error (the status and the start of the body) or timeout.
 *
 * <p>Threads: {@link #start} starts two workers; {@link #stop} joins them; {@link #oldestStart} may
 * be called from any thread.
 */
final class MicroWork {
  private static final Pattern NODE_COUNT = Pattern.compile("\"[0-9a-f]{8,}\":(\\d+)");
  private static final Pattern BLOB_COUNT = Pattern.compile("\"blobs\":(\\d+)");
  private static final Pattern PI = Pattern.compile("\"pi\":([0-9.eE+-]+)");

  private final HttpClient http;
  private final String base;
  private final int node;
  private final History history;
  private final BooleanSupplier serverRuns;
  private final Workers workers;

  /** {@code serverRuns}: false once the server's process has ended (killed): the work ends too. */
  MicroWork(HttpClient http, String base, int node, History history, BooleanSupplier serverRuns) {
    this.http = http;
    this.base = base;
    this.node = node;
    this.history = history;
    this.serverRuns = serverRuns;
    this.workers = new Workers("chaos-http-" + node, 2);
  }

  void start() {
    workers.start(this::loop);
  }

  /** Stops the workers after their current operation; waits for them. */
  void stop() throws InterruptedException {
    workers.stop();
  }

  /** When the oldest operation in flight started (epoch millis); 0 when none runs. */
  long oldestStart() {
    return workers.oldestStart();
  }

  private void loop(int worker) {
    SplittableRandom rnd = new SplittableRandom(System.nanoTime() ^ worker);
    while (workers.running() && serverRuns.getAsBoolean()) {
      int dice = rnd.nextInt(100);
      String kind = dice < 45 ? "spread" : dice < 80 ? "blobs" : "pi";
      long t0 = System.currentTimeMillis();
      workers.started(worker, t0);
      String outcome;
      String detail;
      try {
        HttpResponse<String> r = MicroAgent.get(http, base + path(kind), Workload.DEADLINE);
        if (r.statusCode() != 200) {
          outcome = "error";
          detail = "HTTP_" + r.statusCode() + ":" + Workload.words(text(r.body()));
        } else {
          String wrong = check(kind, r.body());
          outcome = wrong == null ? "ok" : "wrong";
          detail = wrong == null ? "-" : Workload.words(wrong);
        }
      } catch (HttpTimeoutException e) {
        outcome = "timeout";
        detail = "no_answer_within_" + Workload.DEADLINE.toSeconds() + "_s";
      } catch (IOException e) {
        outcome = "error";
        detail = e.getClass().getSimpleName() + ":" + Workload.words(e.getMessage());
      } catch (InterruptedException e) {
        return;
      } finally {
        workers.started(worker, 0);
      }
      history.line(
          node,
          "OP "
              + t0
              + " "
              + System.currentTimeMillis()
              + " "
              + kind
              + " "
              + outcome
              + " "
              + detail);
      try {
        Thread.sleep(20 + rnd.nextInt(60));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String path(String kind) {
    return switch (kind) {
      case "spread" -> "/stingray-example/api/spread?tasks=6";
      case "blobs" -> "/stingray-example/api/blobs?tasks=3&mib=1";
      default -> "/stingray-example/api/pi?samples=400000&tasks=4";
    };
  }

  /** What is wrong with an answer, or null when it is right. */
  static String check(String kind, String body) {
    switch (kind) {
      case "spread" -> {
        int sum = sum(NODE_COUNT.matcher(body));
        return sum == 6 ? null : "WRONG 6 tasks, " + sum + " accounted for: " + body;
      }
      case "blobs" -> {
        int sum = sum(BLOB_COUNT.matcher(body));
        if (!body.contains("\"intact\":true")) {
          return "WRONG blobs arrived damaged: " + body;
        }
        return sum == 3 ? null : "WRONG 3 blobs, " + sum + " accounted for: " + body;
      }
      default -> {
        Matcher m = PI.matcher(body);
        if (!m.find()) {
          return "WRONG no estimate: " + body;
        }
        double pi = Double.parseDouble(m.group(1));
        return Math.abs(pi - Math.PI) < 0.05 ? null : "WRONG pi " + pi;
      }
    }
  }

  private static int sum(Matcher m) {
    int sum = 0;
    while (m.find()) {
      sum += Integer.parseInt(m.group(1));
    }
    return sum;
  }

  /** An answer's body without its markup (a server's error page is HTML). */
  private static String text(String body) {
    return body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
  }
}
