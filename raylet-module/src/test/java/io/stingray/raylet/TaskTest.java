package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.TaskId;
import io.stingray.api.exception.RayTaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskTest {
  static RayNode node;
  static RayContext ray;

  @BeforeAll
  static void start() {
    node = NodeFixture.start(2);
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static int add(int a, int b) {
    return a + b;
  }

  static String echo(String s) {
    return s;
  }

  static int[] fill(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 7);
    return a;
  }

  static long sum(int[] a) {
    long s = 0;
    for (int x : a) {
      s += x;
    }
    return s;
  }

  static int boom(int x) {
    throw new IllegalStateException("boom " + x);
  }

  static int plusOne(int x) {
    return x + 1;
  }

  static List<Integer> mutateAndReturn(List<Integer> list) {
    list.add(99);
    return list;
  }

  static int fib(int n) {
    if (n < 2) {
      return n;
    }
    RayContext r = RayContext.current();
    ObjectRef<Integer> a = r.task(TaskTest::fib, n - 1).remote();
    ObjectRef<Integer> b = r.task(TaskTest::fib, n - 2).remote();
    return r.get(a) + r.get(b);
  }

  static TaskId myTaskId() {
    return RayContext.current().runtimeContext().currentTaskId();
  }

  /** Holds a ref inside: the inner ref must arrive as a ref, not resolved. */
  record Box(ObjectRef<Integer> inner) {}

  static int unbox(Box box) {
    return box.inner().get() * 10;
  }

  static final AtomicInteger FLAKY = new AtomicInteger();

  static int flaky(int failures) {
    if (FLAKY.incrementAndGet() <= failures) {
      throw new IllegalStateException("transient");
    }
    return 42;
  }

  static int constant() {
    return 5;
  }

  static final AtomicInteger SIDE_EFFECT = new AtomicInteger();

  static void bump(int by) {
    SIDE_EFFECT.addAndGet(by);
  }

  @Test
  void taskReturnsItsResult() {
    assertThat(ray.task(TaskTest::add, 2, 3).remote().get()).isEqualTo(5);
    assertThat(ray.get(ray.task(TaskTest::constant).remote())).isEqualTo(5);
    assertThat(ray.get(ray.task(TaskTest::echo, "hi").remote())).isEqualTo("hi");
  }

  @Test
  void objectRefArgumentsAreResolvedBeforeTheTaskRuns() {
    ObjectRef<Integer> a = ray.task(TaskTest::add, 1, 1).remote();
    ObjectRef<Integer> b = ray.put(40);
    assertThat(ray.get(ray.task(TaskTest::add, a, b).remote())).isEqualTo(42);
    ObjectRef<Integer> chain = ray.task(TaskTest::plusOne, 0).remote();
    for (int i = 0; i < 50; i++) {
      chain = ray.task(TaskTest::plusOne, chain).remote();
    }
    assertThat(chain.get()).isEqualTo(51);
  }

  @Test
  void nestedRefsArePassedAsRefs() {
    ObjectRef<Integer> inner = ray.put(4);
    assertThat(ray.get(ray.task(TaskTest::unbox, new Box(inner)).remote())).isEqualTo(40);
  }

  @Test
  void argumentsAreCopiedAtSubmission() {
    List<Integer> mine = new ArrayList<>(List.of(1, 2));
    ObjectRef<List<Integer>> r = ray.task(TaskTest::mutateAndReturn, mine).remote();
    mine.add(3);
    assertThat(r.get()).containsExactly(1, 2, 99);
    assertThat(mine).containsExactly(1, 2, 3);
  }

  @Test
  void largeArgumentsAndResultsGoThroughTheStore() {
    ObjectRef<int[]> big = ray.task(TaskTest::fill, 1_000_000).remote();
    assertThat(ray.get(ray.task(TaskTest::sum, big).remote())).isEqualTo(7_000_000L);
    int[] local = fill(500_000);
    assertThat(ray.get(ray.task(TaskTest::sum, local).remote())).isEqualTo(3_500_000L);
  }

  @Test
  void voidTaskRefCompletesWithNull() {
    ObjectRef<Void> done = ray.task(TaskTest::bump, 5).remote();
    assertThat(done.get(Duration.ofSeconds(10))).isNull();
    assertThat(SIDE_EFFECT.get()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void applicationExceptionKeepsTypeMessageAndStackAndFlowsToDependents() {
    ObjectRef<Integer> failed = ray.task(TaskTest::boom, 7).remote();
    assertThatThrownBy(failed::get)
        .isInstanceOf(RayTaskException.class)
        .hasMessageContaining("boom 7")
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom 7")
        .satisfies(
            c -> assertThat(c.getStackTrace()).anyMatch(e -> e.getMethodName().equals("boom")));
    ObjectRef<Integer> dependent = ray.task(TaskTest::plusOne, failed).remote();
    ObjectRef<Integer> twoAway = ray.task(TaskTest::plusOne, dependent).remote();
    assertThatThrownBy(twoAway::get)
        .isInstanceOf(RayTaskException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom 7");
  }

  @Test
  void retryExceptionsRerunsTheTask() {
    FLAKY.set(0);
    assertThat(ray.task(TaskTest::flaky, 2).setRetryExceptions(true).remote().get()).isEqualTo(42);
    FLAKY.set(0);
    assertThatThrownBy(() -> ray.task(TaskTest::flaky, 2).remote().get())
        .isInstanceOf(RayTaskException.class);
    FLAKY.set(0);
    assertThatThrownBy(
            () ->
                ray.task(TaskTest::flaky, 5)
                    .setRetryExceptions(true)
                    .setMaxRetries(2)
                    .remote()
                    .get())
        .isInstanceOf(RayTaskException.class);
  }

  @Test
  void recursiveTasksDoNotDeadlockATwoCpuNode() {
    assertThat(ray.get(ray.task(TaskTest::fib, 12).remote(), Duration.ofSeconds(60)))
        .isEqualTo(144);
  }

  @Test
  void currentContextWorksInTasksOnly() {
    TaskId id = ray.get(ray.task(TaskTest::myTaskId).remote());
    assertThat(id).isNotNull();
    assertThat(ray.runtimeContext().currentTaskId()).isNull();
    assertThatThrownBy(RayContext::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a task");
    Thread[] own = new Thread[1];
    Throwable[] seen = new Throwable[1];
    own[0] =
        new Thread(
            () -> {
              try {
                RayContext.current();
              } catch (Throwable t) {
                seen[0] = t;
              }
            });
    own[0].start();
    try {
      own[0].join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twentyThreadsUseTheApiAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<Long>> jobs = new ArrayList<>();
      for (int t = 0; t < 20; t++) {
        int base = t;
        jobs.add(
            () -> {
              long total = 0;
              for (int i = 0; i < 100; i++) {
                ObjectRef<Integer> p = ray.put(i);
                total += ray.get(ray.task(TaskTest::add, p, base).remote());
              }
              return total;
            });
      }
      List<Future<Long>> results = pool.invokeAll(jobs);
      for (int t = 0; t < 20; t++) {
        assertThat(results.get(t).get()).isEqualTo(4950L + 100L * t);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
