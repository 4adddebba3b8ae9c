package io.stingray.benchmarks.peers;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.stingray.benchmarks.Rounds;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The task and actor shapes on Hazelcast's {@code IExecutorService} with two members on loopback
 * (this JVM and one started here): tasks go to any member, "actor calls" to the owner of one key.
 * Args: output JSON path, then {@code --quick}.
 */
public final class HazelcastBench {
  private HazelcastBench() {}

  public static void main(String[] args) throws Exception {
    Rounds r = new Rounds(args);
    Process second = startSecondMember();
    HazelcastInstance hz = HazelcastMember.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (hz.getCluster().getMembers().size() < 2) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the second Hazelcast member did not join in 60 s");
        }
        Thread.sleep(100);
      }
      IExecutorService ex = hz.getExecutorService("bench");
      NoopTask task = new NoopTask();
      String sys = "hazelcast";
      int sync = r.n(5_000);
      r.measure(
          "single_client_tasks_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              ex.submit(task).get();
            }
          });
      int async = r.n(50_000);
      r.measure(
          "single_client_tasks_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<Future<Integer>> fs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              fs.add(ex.submit(task));
            }
            for (Future<Integer> f : fs) {
              f.get();
            }
          });
      r.measure(
          "1_1_actor_calls_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              ex.submitToKeyOwner(task, "actor").get();
            }
          });
      r.measure(
          "1_1_actor_calls_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<Future<Integer>> fs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              fs.add(ex.submitToKeyOwner(task, "actor"));
            }
            for (Future<Integer> f : fs) {
              f.get();
            }
          });
    } finally {
      hz.getCluster().shutdown();
      second.waitFor(30, TimeUnit.SECONDS);
      second.destroyForcibly();
    }
    r.write(Path.of(args[0]));
    System.exit(0);
  }

  private static Process startSecondMember() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(HazelcastMember.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains("HAZELCAST MEMBER READY")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "member-output");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new IllegalStateException("the second Hazelcast member exited before it was ready");
  }
}
