package io.stingray.chaos;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.GetTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The mixed work one agent keeps its node busy with, each operation checked against a result the
 * agent computes itself: a task ({@link ChaosOps#mix}), a large value made on another node and
 * pulled here, a value put here and read by a task elsewhere, and calls to the agent's own counter
 * actor. Every operation ends as one history line: ok, wrong, error or timeout (the get's
 * deadline). Values put and acknowledged are kept and read again by {@link #checkKept}: an
 * acknowledged object must not be lost while its owner lives.
 *
 * <p>Threads: {@link #start} starts {@code threads} workers; {@link #stop} joins them. {@link
 * #oldestInFlightMillis} may be called from any thread.
 */
final class Workload {
  static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int KEPT = 16;

  private final RayContext ray;
  private final String tag;
  private final Consumer<String> out;
  private final Deque<Kept> kept = new ArrayDeque<>();
  private final Map<String, Long> lastCount = new HashMap<>();
  private final Workers workers;
  private ActorHandle<ChaosOps.Counter> counter; // worker 0 only
  private String lastInstance; // worker 0 only

  private record Kept(ObjectRef<byte[]> ref, String digest) {}

  Workload(RayContext ray, String tag, int threads, Consumer<String> out) {
    this.ray = ray;
    this.tag = tag;
    this.out = out;
    this.workers = new Workers("chaos-workload", threads);
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
    while (workers.running()) {
      int dice = rnd.nextInt(100);
      String kind =
          worker == 0 && dice < 30 ? "actor" : dice < 60 ? "task" : dice < 80 ? "blob" : "put";
      long t0 = System.currentTimeMillis();
      workers.started(worker, t0);
      String outcome;
      String detail;
      try {
        detail =
            switch (kind) {
              case "actor" -> actorCall();
              case "task" -> task(rnd);
              case "blob" -> blob(rnd);
              default -> put(rnd);
            };
        outcome = detail.startsWith("WRONG ") ? "wrong" : "ok";
      } catch (GetTimeoutException e) {
        outcome = "timeout";
        detail = words(e.getMessage());
      } catch (RuntimeException e) {
        outcome = "error";
        detail = e.getClass().getSimpleName() + ":" + words(e.getMessage());
        if ("actor".equals(kind) && !(e instanceof io.stingray.api.exception.RayActorException)) {
          counter = null; // make a new one next time (its creation may have failed)
        }
      } finally {
        workers.started(worker, 0); // an Error ends the worker (its log says so), not as a hang
      }
      out.accept(
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

  private String task(SplittableRandom rnd) {
    long x = rnd.nextLong();
    long got =
        ray.get(
            ray.task(ChaosOps::mix, x).setSchedulingStrategy(SchedulingStrategy.spread()).remote(),
            DEADLINE);
    return got == ChaosOps.mix(x) ? "-" : "WRONG mix(" + x + ")=" + got;
  }

  private String blob(SplittableRandom rnd) {
    long seed = rnd.nextLong();
    int size = 64 * 1024 + rnd.nextInt(3 * 1024 * 1024);
    byte[] got =
        ray.get(
            ray.task(ChaosOps::blob, seed, size)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote(),
            DEADLINE);
    String want = ChaosOps.digest(ChaosOps.blob(seed, size));
    String have = ChaosOps.digest(got);
    return want.equals(have) ? size + "B" : "WRONG blob " + size + "B " + have;
  }

  private String put(SplittableRandom rnd) {
    byte[] bytes = new byte[1024 + rnd.nextInt(3 * 1024 * 1024)];
    rnd.nextBytes(bytes);
    String want = ChaosOps.digest(bytes);
    ObjectRef<byte[]> ref = ray.put(bytes);
    String seen =
        ray.get(
            ray.task(ChaosOps::digest, ref)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote(),
            DEADLINE);
    if (!want.equals(seen)) {
      return "WRONG put " + bytes.length + "B read as " + seen;
    }
    synchronized (kept) {
      kept.addLast(new Kept(ref, want));
      if (kept.size() > KEPT) {
        kept.removeFirst();
      }
    }
    return bytes.length + "B";
  }

  private String actorCall() {
    if (counter == null) {
      // a creation that failed on the way may still have made it: look it up first
      counter =
          ray.<ChaosOps.Counter>getActor("counter-" + tag)
              .orElseGet(
                  () ->
                      ray.actor(ChaosOps.Counter::new)
                          .setName("counter-" + tag)
                          .setMaxRestarts(-1)
                          .setSchedulingStrategy(SchedulingStrategy.spread())
                          .remote());
    }
    String got = ray.get(counter.task(ChaosOps.Counter::incr).remote(), DEADLINE);
    String instance = got.substring(0, got.indexOf(':'));
    long value = Long.parseLong(got.substring(got.indexOf(':') + 1));
    Long before = lastCount.get(instance);
    String previous = lastInstance;
    lastInstance = instance;
    lastCount.put(instance, value);
    if (before != null && !instance.equals(previous)) {
      return "WRONG instance "
          + instance
          + " answered again after "
          + previous
          + ": two live instances of one actor";
    }
    if (before != null && value <= before) {
      return "WRONG instance " + instance + " counted " + value + " after " + before;
    }
    return got;
  }

  /**
   * Reads every kept value again. Returns {@code checked lost wrong detail}: an acknowledged value
   * must come back whole while this node (its owner) lives.
   */
  String checkKept() {
    List<Kept> all;
    synchronized (kept) {
      all = List.copyOf(kept);
    }
    int lost = 0;
    int wrong = 0;
    String detail = "-";
    for (Kept k : all) {
      try {
        String have = ChaosOps.digest(ray.get(k.ref(), DEADLINE));
        if (!have.equals(k.digest())) {
          wrong++;
          detail = "read " + have + " instead of " + k.digest();
        }
      } catch (RuntimeException e) {
        lost++;
        detail = e.getClass().getSimpleName() + ":" + words(e.getMessage());
      }
    }
    return all.size() + " " + lost + " " + wrong + " " + detail;
  }

  /** Drops every reference this workload holds, so the objects can be freed. */
  void release() {
    synchronized (kept) {
      kept.clear();
    }
    counter = null;
  }

  static String words(String s) {
    if (s == null || s.isBlank()) {
      return "-";
    }
    String w = s.replaceAll("\\s+", "_");
    return w.length() > 160 ? w.substring(0, 160) : w;
  }
}
