package io.stingray.benchmarks;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The four shapes every Stingray setup is measured on (one node, cluster): sync and async no-op
 * tasks, sync and async calls of one actor. Where the work runs is up to the context and the actor.
 */
final class CoreShapes {
  private CoreShapes() {}

  static void measure(
      Rounds rounds,
      RayContext ray,
      String sys,
      ActorHandle<Workloads.Actor> actor,
      int sync,
      int async)
      throws Exception {
    rounds.measure(
        "single_client_tasks_sync",
        sys,
        sync,
        "ops/s",
        () -> {
          for (int i = 0; i < sync; i++) {
            ray.get(ray.task(Workloads::noop).remote());
          }
        });
    rounds.measure(
        "single_client_tasks_async",
        sys,
        async,
        "ops/s",
        () -> {
          List<ObjectRef<Integer>> refs = new ArrayList<>(async);
          for (int i = 0; i < async; i++) {
            refs.add(ray.task(Workloads::noop).remote());
          }
          ray.get(refs);
        });
    rounds.measure(
        "1_1_actor_calls_sync",
        sys,
        sync,
        "ops/s",
        () -> {
          for (int i = 0; i < sync; i++) {
            ray.get(actor.task(Workloads.Actor::call).remote());
          }
        });
    rounds.measure(
        "1_1_actor_calls_async",
        sys,
        async,
        "ops/s",
        () -> {
          List<ObjectRef<Long>> refs = new ArrayList<>(async);
          for (int i = 0; i < async; i++) {
            refs.add(actor.task(Workloads.Actor::call).remote());
          }
          ray.get(refs);
        });
  }
}
