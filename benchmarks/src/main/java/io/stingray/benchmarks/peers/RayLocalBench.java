package io.stingray.benchmarks.peers;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.stingray.benchmarks.Rounds;
import io.stingray.benchmarks.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same shapes on Ray's own Java runtime in its single-JVM mode ({@code ray.run-mode=LOCAL}).
 * Runs in a JVM of its own with Ray's class path. Args: output JSON path, then {@code --quick}.
 */
public final class RayLocalBench {
  private RayLocalBench() {}

  public static void main(String[] args) throws Exception {
    Rounds r = new Rounds(args);
    System.setProperty("ray.run-mode", "LOCAL");
    Ray.init();
    try {
      String sys = "ray-local";
      int sync = r.n(5_000);
      r.measure(
          "single_client_tasks_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              Ray.get(Ray.task(Workloads::noop).remote());
            }
          });
      int async = r.n(20_000);
      r.measure(
          "single_client_tasks_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<ObjectRef<Integer>> refs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              refs.add(Ray.task(Workloads::noop).remote());
            }
            Ray.get(refs);
          });
      ActorHandle<Workloads.Actor> actor = Ray.actor(Workloads.Actor::new).remote();
      r.measure(
          "1_1_actor_calls_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              Ray.get(actor.task(Workloads.Actor::call).remote());
            }
          });
      r.measure(
          "1_1_actor_calls_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<ObjectRef<Long>> refs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              refs.add(actor.task(Workloads.Actor::call).remote());
            }
            Ray.get(refs);
          });
      byte[] small = new byte[100];
      int puts = r.n(50_000);
      r.measure(
          "single_client_put_calls",
          sys,
          puts,
          "ops/s",
          () -> {
            for (int i = 0; i < puts; i++) {
              Ray.put(small);
            }
          });
      ObjectRef<byte[]> smallRef = Ray.put(small);
      int gets = r.n(50_000);
      r.measure(
          "single_client_get_calls",
          sys,
          gets,
          "ops/s",
          () -> {
            for (int i = 0; i < gets; i++) {
              Ray.get(smallRef);
            }
          });
      byte[] large = new byte[100 << 20];
      int largePuts = 1; // Ray local mode never frees objects: keep the heap bounded
      r.measure(
          "single_client_put_gigabytes",
          sys,
          (long) largePuts * large.length,
          "B/s",
          () -> {
            for (int i = 0; i < largePuts; i++) {
              Ray.put(large);
            }
          });
    } finally {
      Ray.shutdown();
    }
    r.write(Path.of(args[0]));
    System.exit(0);
  }
}
