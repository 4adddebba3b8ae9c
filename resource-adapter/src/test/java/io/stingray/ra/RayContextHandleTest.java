package io.stingray.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.Raylet;
import io.stingray.raylet.context.Job;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A connection handle over a real node: usable until closed, then refused with a clear error. */
class RayContextHandleTest {
  static int seven() {
    return 7;
  }

  @Test
  void aClosedHandleRefusesCallsButTheJobLivesOn() {
    ExecutorService threads = Executors.newCachedThreadPool();
    try (Raylet raylet =
        Raylet.start(
            NodeConfig.builder().clusterName("ra-test-" + UUID.randomUUID()).numCpus(1).build(),
            threads)) {
      Job job = raylet.startJob("app", getClass().getClassLoader(), "app", List.of(), false);
      RayContextHandle handle = new RayContextHandle(null, job, null);
      assertThat(handle.get(handle.task(RayContextHandleTest::seven).remote())).isEqualTo(7);
      handle.close();
      handle.close(); // twice is fine
      assertThatThrownBy(() -> handle.put(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(handle::jobContext).isInstanceOf(IllegalStateException.class);
      assertThat(job.context().get(job.context().put(3)))
          .as("the job outlives its handles")
          .isEqualTo(3);
    } finally {
      threads.shutdownNow();
    }
  }
}
