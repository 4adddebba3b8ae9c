package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorLifetime;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.exception.RayTaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActorTest {
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

  /** A plain stateful actor. */
  public static class Counter {
    private int value;
    private final List<Integer> seen = new ArrayList<>();

    public Counter() {}

    public Counter(int start) {
      value = start;
    }

    public static Counter startingAt(int start) {
      return new Counter(start);
    }

    public int increment() {
      return ++value;
    }

    public int add(int n) {
      value += n;
      return value;
    }

    public void record(int n) {
      seen.add(n);
    }

    public List<Integer> seen() {
      return seen;
    }

    public int value() {
      return value;
    }

    public boolean restarted() {
      return RayContext.current().runtimeContext().wasCurrentActorRestarted();
    }

    static volatile CountDownLatch started = new CountDownLatch(1);

    public int sleepThenIncrement(int millis) throws InterruptedException {
      started.countDown();
      Thread.sleep(millis);
      return ++value;
    }

    public int exitNow() {
      RayContext.current().exitActor();
      return value;
    }

    public int fail() {
      throw new UnsupportedOperationException("no way");
    }
  }

  /** Records what RayContext.current() says inside its constructor. */
  public static class SelfAware {
    private final String actorInConstructor;

    public SelfAware() {
      actorInConstructor = RayContext.current().runtimeContext().currentActorId().hex();
    }

    public String seenInConstructor() {
      return actorInConstructor;
    }
  }

  /** Tracks how many calls run at once. */
  public static class Gate {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX = new AtomicInteger();

    public int enter(int millis) throws InterruptedException {
      int now = RUNNING.incrementAndGet();
      MAX.accumulateAndGet(now, Math::max);
      Thread.sleep(millis);
      RUNNING.decrementAndGet();
      return now;
    }
  }

  /** A constructor that throws. */
  public static class Broken {
    public Broken() {
      throw new IllegalStateException("cannot build");
    }

    public int ping() {
      return 1;
    }
  }

  /** Blocks until released, for pending-call tests. */
  public static class Blocker {
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile CountDownLatch started = new CountDownLatch(1);

    public int block() throws InterruptedException {
      started.countDown();
      release.await(30, TimeUnit.SECONDS);
      return 1;
    }
  }

  static int callThroughHandle(ActorHandle<Counter> c, int n) {
    return c.task(Counter::add, n).remote().get();
  }

  @Test
  void callsRunInSubmissionOrderAndKeepState() {
    ActorHandle<Counter> c = ray.actor(Counter::new).remote();
    for (int i = 0; i < 500; i++) {
      c.task(Counter::record, i).remote();
    }
    List<Integer> seen = c.task(Counter::seen).remote().get();
    assertThat(seen).hasSize(500);
    for (int i = 0; i < 500; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
    assertThat(ray.get(c.task(Counter::increment).remote())).isEqualTo(1);
  }

  @Test
  void currentContextWorksInActorConstructors() {
    ActorHandle<SelfAware> a = ray.actor(SelfAware::new).remote();
    assertThat(a.task(SelfAware::seenInConstructor).remote().get()).isEqualTo(a.id().hex());
  }

  @Test
  void constructorArgumentsAndStaticFactories() {
    ActorHandle<Counter> a = ray.actor(Counter::new, 10).remote();
    ActorHandle<Counter> b = ray.actor(Counter::startingAt, ray.put(100)).remote();
    assertThat(a.task(Counter::add, 5).remote().get()).isEqualTo(15);
    assertThat(b.task(Counter::add, ray.put(1)).remote().get()).isEqualTo(101);
  }

  @Test
  void handlesCanBePassedToTasks() {
    ActorHandle<Counter> c = ray.actor(Counter::new).remote();
    assertThat(ray.task(ActorTest::callThroughHandle, c, 7).remote().get()).isEqualTo(7);
    assertThat(c.task(Counter::value).remote().get()).isEqualTo(7);
  }

  @Test
  void methodExceptionsComeBackAsRayTaskException() {
    ActorHandle<Counter> c = ray.actor(Counter::new).remote();
    assertThatThrownBy(() -> c.task(Counter::fail).remote().get())
        .isInstanceOf(RayTaskException.class)
        .cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("no way");
    assertThat(c.task(Counter::increment).remote().get()).as("still alive").isEqualTo(1);
  }

  @Test
  void maxConcurrencyLetsCallsOverlap() {
    Gate.MAX.set(0);
    ActorHandle<Gate> serial = ray.actor(Gate::new).remote();
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refs.add(serial.task(Gate::enter, 50).remote());
    }
    ray.get(refs);
    assertThat(Gate.MAX.get()).isEqualTo(1);

    Gate.MAX.set(0);
    ActorHandle<Gate> parallel = ray.actor(Gate::new).setMaxConcurrency(4).remote();
    refs.clear();
    for (int i = 0; i < 4; i++) {
      refs.add(parallel.task(Gate::enter, 300).remote());
    }
    ray.get(refs);
    assertThat(Gate.MAX.get()).isGreaterThan(1);
  }

  @Test
  void maxPendingCallsAppliesBackPressure() {
    Blocker.release = new CountDownLatch(1);
    ActorHandle<Blocker> b = ray.actor(Blocker::new).setMaxPendingCalls(5).remote();
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      refs.add(b.task(Blocker::block).remote());
    }
    assertThatThrownBy(() -> b.task(Blocker::block).remote())
        .isInstanceOf(PendingCallsLimitExceededException.class)
        .hasMessageContaining("maxPendingCalls");
    Blocker.release.countDown();
    ray.get(refs);
    assertThat(b.task(Blocker::block).remote().get()).isEqualTo(1);
  }

  @Test
  void namedActorsAreFoundInTheirNamespaceOnly() {
    ActorHandle<Counter> c = ray.actor(Counter::new).setName("shared-counter").remote();
    c.task(Counter::add, 3).remote().get();
    ActorHandle<Counter> found = ray.<Counter>getActor("shared-counter").orElseThrow();
    assertThat(found.id()).isEqualTo(c.id());
    assertThat(found.task(Counter::value).remote().get()).isEqualTo(3);
    assertThat(ray.getActor("shared-counter", "elsewhere")).isEmpty();
    assertThat(ray.getActor("no-such-actor")).isEmpty();

    assertThatThrownBy(() -> ray.actor(Counter::new).setName("shared-counter").remote())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shared-counter")
        .hasMessageContaining("already taken");
    ActorHandle<Counter> other =
        ray.actor(Counter::new).setName("shared-counter").setNamespace("elsewhere").remote();
    assertThat(ray.<Counter>getActor("shared-counter", "elsewhere").orElseThrow().id())
        .isEqualTo(other.id());

    c.kill();
    NodeFixture.await(
        "a killed actor's name is free",
        Duration.ofSeconds(10),
        () -> ray.getActor("shared-counter").isEmpty());
    ray.actor(Counter::new).setName("shared-counter").setLifetime(ActorLifetime.DETACHED).remote();
  }

  @Test
  void killFailsPendingAndLaterCalls() {
    Blocker.release = new CountDownLatch(1);
    Blocker.started = new CountDownLatch(1);
    ActorHandle<Blocker> b = ray.actor(Blocker::new).remote();
    ObjectRef<Integer> running = b.task(Blocker::block).remote();
    ObjectRef<Integer> queued = b.task(Blocker::block).remote();
    awaitLatch(Blocker.started);
    b.kill();
    assertThatThrownBy(() -> ray.get(running, Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
    assertThatThrownBy(() -> ray.get(queued, Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
    assertThatThrownBy(() -> b.task(Blocker::block).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class)
        .hasMessageContaining("killed");
    Blocker.release.countDown();
  }

  @Test
  void killWithoutNoRestartRestartsWithFreshState() {
    ActorHandle<Counter> c = ray.actor(Counter::new).setMaxRestarts(1).remote();
    assertThat(c.task(Counter::add, 5).remote().get()).isEqualTo(5);
    assertThat(c.task(Counter::restarted).remote().get()).isFalse();
    c.kill(false);
    assertThat(c.task(Counter::increment).remote().get(Duration.ofSeconds(10))).isEqualTo(1);
    assertThat(c.task(Counter::restarted).remote().get()).isTrue();
    c.kill(false); // restarts exhausted: dead for good
    assertThatThrownBy(() -> c.task(Counter::increment).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
  }

  @Test
  void callsInFlightAreRetriedPerMaxTaskRetries() {
    ActorHandle<Counter> c =
        ray.actor(Counter::new).setMaxRestarts(-1).setMaxTaskRetries(1).remote();
    Counter.started = new CountDownLatch(1);
    ObjectRef<Integer> slow = c.task(Counter::sleepThenIncrement, 500).remote();
    awaitLatch(Counter.started);
    c.kill(false);
    assertThat(slow.get(Duration.ofSeconds(10))).as("retried on the new instance").isEqualTo(1);

    Counter.started = new CountDownLatch(1);
    ObjectRef<Integer> noRetry = c.task(Counter::sleepThenIncrement, 500).setMaxRetries(0).remote();
    awaitLatch(Counter.started);
    c.kill(false);
    assertThatThrownBy(() -> noRetry.get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
  }

  @Test
  void exitActorEndsTheActorForGood() {
    ActorHandle<Counter> c = ray.actor(Counter::new).setMaxRestarts(5).remote();
    assertThatThrownBy(() -> c.task(Counter::exitNow).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class)
        .hasMessageContaining("exitActor");
    assertThatThrownBy(() -> c.task(Counter::increment).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
    assertThatThrownBy(() -> ray.exitActor()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThrowingConstructorFailsEveryCall() {
    ActorHandle<Broken> b = ray.actor(Broken::new).remote();
    assertThatThrownBy(() -> b.task(Broken::ping).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class)
        .hasMessageContaining("cannot build")
        .cause()
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.task(Broken::ping).remote().get(Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("the call started").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
