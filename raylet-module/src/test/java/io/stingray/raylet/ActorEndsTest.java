package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.RayContext;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.spi.ActorEnds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an actor factory registers for an instance's end ({@link ActorEnds}: a CDI bean's
 * {@code @PreDestroy}) runs once when the instance is dropped: killed, restarted (the new instance
 * is made again), exited; and an actor of a CDI bean on a node without CDI fails saying so.
 */
class ActorEndsTest {
  static RayNode node;
  static RayContext ray;
  static final List<String> ENDED = new CopyOnWriteArrayList<>();
  static final AtomicInteger MADE = new AtomicInteger();

  @BeforeAll
  static void start() {
    node = NodeFixture.start(2);
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** An actor whose factory asks to be told when each instance ends. */
  public static class Tracked {
    final String name;

    Tracked(String name) {
      this.name = name;
    }

    public static Tracked make(String tag) {
      Tracked t = new Tracked(tag + "#" + MADE.incrementAndGet());
      ActorEnds.register(t, () -> ENDED.add(t.name));
      return t;
    }

    public String name() {
      return name;
    }

    public String exit() {
      RayContext.current().exitActor();
      return name;
    }
  }

  private static void awaitEnded(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ENDED.contains(name)) {
      assertThat(System.nanoTime()).as(name + " ended; ended: " + ENDED).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aKilledInstanceEndsOnce() throws Exception {
    ActorHandle<Tracked> a = ray.actor(Tracked::make, "killed").remote();
    String name = ray.get(a.task(Tracked::name).remote(), Duration.ofSeconds(10));
    assertThat(ENDED).doesNotContain(name);
    a.kill();
    awaitEnded(name);
    a.kill();
    assertThat(ENDED.stream().filter(name::equals)).hasSize(1);
  }

  @Test
  void aRestartEndsTheOldInstanceAndMakesANewOneWhichEndsWhenItExits() throws Exception {
    ActorHandle<Tracked> a = ray.actor(Tracked::make, "restarted").setMaxRestarts(1).remote();
    String first = ray.get(a.task(Tracked::name).remote(), Duration.ofSeconds(10));
    a.kill(false);
    awaitEnded(first);
    String second = ray.get(a.task(Tracked::name).remote(), Duration.ofSeconds(10));
    assertThat(second).isNotEqualTo(first).startsWith("restarted#");
    assertThat(ENDED).doesNotContain(second);
    assertThatThrownBy(() -> ray.get(a.task(Tracked::exit).remote(), Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class);
    awaitEnded(second);
  }

  /** Set while a {@link Busy#work} call runs; what its end saw of it. */
  static final java.util.concurrent.atomic.AtomicBoolean WORKING =
      new java.util.concurrent.atomic.AtomicBoolean();

  static final List<String> SEEN_AT_END = new CopyOnWriteArrayList<>();
  static final java.util.concurrent.CountDownLatch WORK_STARTED =
      new java.util.concurrent.CountDownLatch(1);
  static final java.util.concurrent.CountDownLatch LET_WORK_END =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * An actor whose method outlives the interrupt a kill sends it (as code that waits
   * uninterruptibly, or catches the interrupt to finish its work, does); its end says whether that
   * method still ran.
   */
  public static class Busy {
    public static Busy make() {
      Busy b = new Busy();
      ActorEnds.register(b, () -> SEEN_AT_END.add(WORKING.get() ? "while working" : "after"));
      return b;
    }

    public String work() {
      WORKING.set(true);
      WORK_STARTED.countDown();
      try {
        while (true) {
          try {
            if (LET_WORK_END.await(30, TimeUnit.SECONDS)) {
              break;
            }
          } catch (InterruptedException ignored) {
            // finishes its work first
          }
        }
        return "done";
      } finally {
        WORKING.set(false);
      }
    }
  }

  @Test
  void aKilledInstanceEndsOnlyOnceTheCallsRunningOnItReturned() throws Exception {
    ActorHandle<Busy> a = ray.actor(Busy::make).remote();
    io.stingray.api.ObjectRef<String> working = a.task(Busy::work).remote();
    try {
      assertThat(WORK_STARTED.await(10, TimeUnit.SECONDS)).isTrue();
      a.kill();
      assertThatThrownBy(() -> working.get(Duration.ofSeconds(10)))
          .isInstanceOf(RayActorException.class);
      assertThat(SEEN_AT_END).as("@PreDestroy ran while a call still used the instance").isEmpty();
    } finally {
      LET_WORK_END.countDown(); // a failed check leaves no worker waiting
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (SEEN_AT_END.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(SEEN_AT_END).containsExactly("after");
  }

  /** A class CDI could make, if there were a container. */
  public static class Bean {
    public String hello() {
      return "hello";
    }
  }

  @Test
  void aBeanActorOnANodeWithoutCdiFailsSayingSo() {
    ActorHandle<Bean> b = ray.actor(Bean.class).remote();
    assertThatThrownBy(() -> ray.get(b.task(Bean::hello).remote(), Duration.ofSeconds(10)))
        .isInstanceOf(RayActorException.class)
        .hasMessageContaining("is a CDI bean")
        .hasMessageContaining(Bean.class.getName());
    assertThatThrownBy(() -> ray.actor(Runnable.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be concrete");
  }
}
