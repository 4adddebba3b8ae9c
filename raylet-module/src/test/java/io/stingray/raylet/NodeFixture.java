package io.stingray.raylet;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Starts real nodes (Infinispan GCS, MapDB store) for tests, each in a cluster of its own. */
final class NodeFixture {
  private NodeFixture() {}

  static RayNode start(int cpus) {
    return start(NodeConfig.builder().numCpus(cpus));
  }

  static RayNode start(NodeConfig.Builder builder) {
    return RayNode.start(builder.clusterName("test-" + UUID.randomUUID()).build());
  }

  /** Polls until the condition holds; fails after the deadline. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Calls {@code attempt} until it returns without throwing (while a cluster settles); fails after
   * the deadline with the last failure as the cause.
   */
  static <T> T eventually(String what, Duration limit, java.util.concurrent.Callable<T> attempt) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        return attempt.call();
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out after " + limit + ": " + what, e);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
