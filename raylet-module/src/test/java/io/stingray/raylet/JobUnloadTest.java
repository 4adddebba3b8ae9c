package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.RayContext;
import io.stingray.raylet.context.Job;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application that ends (undeployed) leaves nothing of itself on its node: once its job ended,
 * its class loader can be collected, after it ran tasks here and on another node, an actor and a
 * put. A loader kept reachable keeps every class of the application, and a server that redeploys it
 * runs out of metaspace.
 */
class JobUnloadTest {
  static final String PROBE = "io.stingray.raylet.unloadprobe.";
  RayNode a;
  RayNode b;

  @AfterEach
  void stop() {
    for (RayNode n : new RayNode[] {b, a}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void anEndedJobsClassLoaderIsCollected() throws Exception {
    String cluster = "unload-" + UUID.randomUUID();
    a = RayNode.start(NodeConfig.builder().clusterName(cluster).nodeName("a").numCpus(2).build());
    b = RayNode.start(NodeConfig.builder().clusterName(cluster).nodeName("b").numCpus(2).build());
    ThreeNodeCluster.awaitAlive(a, 2);

    WeakReference<ClassLoader> loader = runAndEnd(a.raylet(), b.id());

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (loader.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100); // the collector's pace, not a condition this test could poll for
    }
    assertThat(loader.get()).as("the ended job's class loader, collected").isNull();
  }

  /** Runs the application and ends its job; only a weak reference to its loader stays. */
  private static WeakReference<ClassLoader> runAndEnd(Raylet node, NodeId other) throws Exception {
    ClassLoader app =
        new io.stingray.raylet.testing.DefiningLoader(
            "unload-app", JobUnloadTest.class.getClassLoader(), n -> n.startsWith(PROBE));
    Job job = node.startJob("unload-app", app, null, List.of(), false);
    Class<?> probe = app.loadClass(PROBE + "Probe");
    assertThat(probe.getClassLoader()).isSameAs(app);
    Object seen =
        probe.getMethod("run", RayContext.class, NodeId.class).invoke(null, job.context(), other);
    assertThat(seen).isEqualTo("49,64,2,3");
    node.endJob(job);
    return new WeakReference<>(app);
  }
}
