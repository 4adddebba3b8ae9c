package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.exception.TaskCancelledException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CancelTest {
  static RayNode node;
  static RayContext ray;
  static volatile CountDownLatch started = new CountDownLatch(1);
  static volatile CountDownLatch childStarted = new CountDownLatch(1);

  @BeforeAll
  static void start() {
    node = NodeFixture.start(1);
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static int sleepLong() throws InterruptedException {
    started.countDown();
    Thread.sleep(60_000);
    return 1;
  }

  static int childSleep() throws InterruptedException {
    childStarted.countDown();
    Thread.sleep(60_000);
    return 1;
  }

  static int parent() {
    RayContext r = RayContext.current();
    ObjectRef<Integer> child = r.task(CancelTest::childSleep).setResource("CPU", 0).remote();
    return r.get(child);
  }

  static int one() {
    return 1;
  }

  static int plusOne(int x) {
    return x + 1;
  }

  private static void awaitLatch(CountDownLatch l) throws InterruptedException {
    assertThat(l.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void forceCancelInterruptsARunningTaskAndFreesItsCpu() throws Exception {
    started = new CountDownLatch(1);
    ObjectRef<Integer> running = ray.task(CancelTest::sleepLong).remote();
    awaitLatch(started);
    ObjectRef<Integer> queued = ray.task(CancelTest::one).remote();
    ObjectRef<Integer> dependent = ray.task(CancelTest::plusOne, queued).remote();
    ray.cancel(queued);
    assertThatThrownBy(() -> queued.get(Duration.ofSeconds(5)))
        .isInstanceOf(TaskCancelledException.class);
    assertThatThrownBy(() -> dependent.get(Duration.ofSeconds(5)))
        .isInstanceOf(TaskCancelledException.class);

    ray.cancel(running, true, true);
    assertThatThrownBy(() -> running.get(Duration.ofSeconds(5)))
        .isInstanceOf(TaskCancelledException.class);
    assertThat(ray.task(CancelTest::one).remote().get(Duration.ofSeconds(10))).isEqualTo(1);
  }

  @Test
  void recursiveCancelReachesChildren() throws Exception {
    childStarted = new CountDownLatch(1);
    ObjectRef<Integer> p = ray.task(CancelTest::parent).remote();
    awaitLatch(childStarted);
    ray.cancel(p, true, true);
    assertThatThrownBy(() -> p.get(Duration.ofSeconds(5)))
        .isInstanceOf(TaskCancelledException.class);
    NodeFixture.await(
        "the child stopped running",
        Duration.ofSeconds(10),
        () -> node.raylet().scheduler().runningCount() == 0);
  }

  @Test
  void stoppingTheNodeFailsPendingGetsInsteadOfHanging() throws Exception {
    RayNode own = NodeFixture.start(1);
    started = new CountDownLatch(1);
    ObjectRef<Integer> never = own.context().task(CancelTest::sleepLong).remote();
    awaitLatch(started);
    java.util.concurrent.CompletableFuture<Throwable> seen =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                never.get();
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    own.close();
    assertThat(seen.get(10, TimeUnit.SECONDS))
        .isInstanceOf(io.stingray.api.exception.RayException.class)
        .hasMessageContaining("node stopped");
  }

  @Test
  void cancellingAFinishedTaskChangesNothing() {
    ObjectRef<Integer> done = ray.task(CancelTest::one).remote();
    assertThat(done.get()).isEqualTo(1);
    ray.cancel(done);
    assertThat(done.get()).isEqualTo(1);
    ObjectRef<String> put = ray.put("kept");
    ray.cancel(put, true, true);
    assertThat(put.get()).isEqualTo("kept");
  }
}
