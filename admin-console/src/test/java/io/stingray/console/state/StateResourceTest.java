package io.stingray.console.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.RayContext;
import io.stingray.api.admin.ActorView;
import io.stingray.api.admin.ClusterAdmin;
import io.stingray.api.admin.NodeView;
import io.stingray.api.admin.ObjectView;
import io.stingray.api.admin.TaskView;
import io.stingray.console.InMemoryNaming;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state API's answers over a real node with real actors, found as in a server: through the
 * admin SPI bound in JNDI.
 */
class StateResourceTest {
  /** Starts a node and binds its admin SPI where the adapter would. */
  static RayNode start(int cpus) {
    RayNode node =
        RayNode.start(
            NodeConfig.builder().clusterName("console-" + UUID.randomUUID()).numCpus(cpus).build());
    InMemoryNaming.bind(ClusterAdmin.JNDI_NAME, node.admin());
    return node;
  }

  @AfterEach
  void unbind() {
    InMemoryNaming.unbind(ClusterAdmin.JNDI_NAME);
  }

  /** A trivial actor. */
  public static class Box {
    public int one() {
      return 1;
    }
  }

  static int fails(int x) {
    throw new IllegalStateException("bad " + x);
  }

  static int twice(int x) {
    return 2 * x;
  }

  @Test
  void listsRecentTasksWithTheirStateNodeTimingsAndErrors() {
    try (RayNode node = start(2)) {
      RayContext ray = node.context();
      for (int i = 0; i < 5; i++) {
        ray.task(StateResourceTest::twice, i).remote().get();
      }
      io.stingray.api.ObjectRef<Integer> bad =
          ray.task(StateResourceTest::fails, 7).setMaxRetries(0).remote();
      org.assertj.core.api.Assertions.catchThrowable(bad::get);

      StateResource api = new StateResource();
      List<TaskView> all = api.tasks(100, 0, null);
      assertThat(all).hasSize(6);
      assertThat(api.tasks(100, 0, "FINISHED"))
          .hasSize(5)
          .allSatisfy(
              t -> {
                assertThat(t.function()).isEqualTo("StateResourceTest.twice");
                assertThat(t.node()).isEqualTo(node.id().hex());
                assertThat(t.owner()).isEqualTo(node.id().hex());
                assertThat(t.endedMillis()).isGreaterThanOrEqualTo(t.startedMillis());
                assertThat(t.startedMillis()).isGreaterThanOrEqualTo(t.submittedMillis());
              });
      assertThat(api.tasks(100, 0, "FAILED"))
          .singleElement()
          .satisfies(t -> assertThat(t.error()).contains("bad 7"));
      assertThat(api.tasks(2, 0, null)).hasSize(2);
      assertThat(api.summary().get("tasks").toString()).contains("FINISHED=5", "FAILED=1");
      Map<?, ?> latency = (Map<?, ?>) api.summary().get("taskLatency");
      assertThat(java.util.Arrays.stream((long[]) latency.get("counts")).sum()).isEqualTo(6);
      assertThat((double) latency.get("sumSeconds")).isPositive();

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> trace =
          (List<Map<String, Object>>)
              ((Map<String, Object>) new StateResource().timeline().getEntity()).get("traceEvents");
      assertThat(trace)
          .filteredOn(e -> "X".equals(e.get("ph")))
          .hasSize(6)
          .allSatisfy(
              e -> {
                assertThat(e.get("pid")).isEqualTo(node.id().hex());
                assertThat((long) e.get("dur")).isNotNegative();
              });
      assertThat(trace)
          .filteredOn(e -> "M".equals(e.get("ph")))
          .singleElement()
          .satisfies(e -> assertThat(e.get("name")).isEqualTo("process_name"));
      assertThat(api.timeline().getHeaderString("Content-Disposition"))
          .contains("stingray-trace.json");
    }
  }

  @Test
  void listsObjectsAndPlacementGroups() {
    try (RayNode node = start(2)) {
      RayContext ray = node.context();
      io.stingray.api.ObjectRef<byte[]> big = ray.put(new byte[1 << 20]);
      io.stingray.api.ObjectRef<String> small = ray.put("hello");
      io.stingray.api.PlacementGroup pg =
          ray.placementGroup(
                  List.of(java.util.Map.of("CPU", 1.0)), io.stingray.api.PlacementStrategy.PACK)
              .setName("grp")
              .create();
      assertThat(pg.wait(java.time.Duration.ofSeconds(10))).isTrue();

      StateResource api = new StateResource();
      List<ObjectView> objects = api.objects(100, 0, "READY");
      assertThat(objects).extracting(ObjectView::id).contains(big.id().hex(), small.id().hex());
      assertThat(objects.get(0))
          .as("largest first")
          .satisfies(
              o -> {
                assertThat(o.id()).isEqualTo(big.id().hex());
                assertThat(o.sizeBytes()).isGreaterThan(1 << 20);
                assertThat(o.owner()).isEqualTo(node.id().hex());
                assertThat(o.references()).isEqualTo(1);
                assertThat(o.secondaryCopy()).isFalse();
              });
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      List<String> copies = List.of();
      while (copies.isEmpty() && System.nanoTime() < deadline) {
        copies = api.objects(1, 0, "READY").get(0).copies(); // the directory is written async
      }
      assertThat(copies)
          .as("the stored object's copy, from the directory")
          .containsExactly(node.id().hex());
      assertThat(api.objects(100, 0, "READY"))
          .filteredOn(o -> o.id().equals(small.id().hex()))
          .singleElement()
          .satisfies(o -> assertThat(o.copies()).as("inline: in no store").isEmpty());
      assertThat(api.placementGroups(100, 0, null))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.name()).isEqualTo("grp");
                assertThat(g.state()).isEqualTo("CREATED");
                assertThat(g.bundleNodes()).containsEntry(0, node.id().hex());
              });
      java.lang.ref.Reference.reachabilityFence(big);
      java.lang.ref.Reference.reachabilityFence(small);
    }
  }

  @Test
  void listsNodesJobsAndActorsWithPagingAndStateFilters() {
    try (RayNode node = start(2)) {
      RayContext ray = node.context();
      ActorHandle<Box> alive = ray.actor(Box::new).setName("keeper").remote();
      ActorHandle<Box> doomed = ray.actor(Box::new).remote();
      alive.task(Box::one).remote().get();
      doomed.task(Box::one).remote().get();
      doomed.kill();

      StateResource api = new StateResource();
      // A worker counts itself idle just after it hands its result back, so the figures settle
      // a moment after get() returns: poll, to a deadline, for the idle node a user would see.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      List<NodeView> nodes = api.nodes(100, 0, null);
      while (System.nanoTime() < deadline
          && !(nodes.size() == 1
              && Integer.valueOf(0).equals(nodes.get(0).running())
              && Integer.valueOf(0).equals(nodes.get(0).queued()))) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        nodes = api.nodes(100, 0, null);
      }
      assertThat(nodes)
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.id()).isEqualTo(node.id().hex());
                assertThat(n.state()).isEqualTo("ALIVE");
                assertThat(n.totalResources()).containsEntry("CPU", 2.0);
                assertThat(n.objectStoreCapacityBytes()).isPositive();
                assertThat(n.objectStoreUsedBytes()).isNotNegative();
                assertThat(n.running()).isZero();
                assertThat(n.queued()).isZero();
              });
      assertThat(api.jobs(100, 0, "running")).hasSize(1);
      assertThat(api.actors(100, 0, null)).hasSize(2);
      List<ActorView> aliveOnes = api.actors(100, 0, "ALIVE");
      assertThat(aliveOnes)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.name()).isEqualTo("keeper");
                assertThat(a.className()).endsWith("Box");
              });
      assertThat(api.actors(100, 0, "DEAD"))
          .singleElement()
          .satisfies(a -> assertThat(a.deathCause()).contains("killed"));
      assertThat(api.actors(1, 1, null)).hasSize(1);
      assertThat(api.actors(10, 5, null)).isEmpty();
      assertThatThrownBy(() -> Page.of(List.of(1), 0, 0, null, String::valueOf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(() -> Page.of(List.of(1), 10, -1, null, String::valueOf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offset");

      Map<String, Object> summary = api.summary();
      assertThat(summary.get("actors")).isEqualTo(Map.of("ALIVE", 1L, "DEAD", 1L));
      assertThat(summary.get("nodes")).isEqualTo(Map.of("ALIVE", 1L));
      assertThat(summary.get("clusterResources").toString()).contains("CPU=2.0");
    }
  }

  /** The identity JAX-RS would give a request; here the test decides who is signed in. */
  record SignedIn(String user, String role) implements jakarta.ws.rs.core.SecurityContext {
    @Override
    public java.security.Principal getUserPrincipal() {
      return user == null ? null : () -> user;
    }

    @Override
    public boolean isUserInRole(String r) {
      return r.equals(role);
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String getAuthenticationScheme() {
      return "BASIC";
    }
  }

  static ActionResource as(String user, String role) {
    ActionResource r = new ActionResource();
    r.security = new SignedIn(user, role);
    return r;
  }

  static int sleepy(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return 1;
  }

  @Test
  void onlyAnAdminKillsActorsAndCancelsTasksAndEveryAttemptIsAudited() {
    try (RayNode node = start(1)) {
      RayContext ray = node.context();
      ActorHandle<Box> box = ray.actor(Box::new).setName("target").remote();
      box.task(Box::one).remote().get();
      String id = box.id().hex();

      assertThat(as("vera", "viewer").killActor(id, true, "console").getStatus()).isEqualTo(403);
      assertThat(as(null, null).killActor(id, true, "console").getStatus()).isEqualTo(403);
      assertThat(as("ada", "admin").killActor(id, true, null).getStatus())
          .as("no X-Requested-By header")
          .isEqualTo(403);
      assertThat(box.task(Box::one).remote().get()).as("still alive").isEqualTo(1);
      assertThat(as("ada", "admin").killActor("zz", true, "console").getStatus()).isEqualTo(400);
      assertThat(
              as("ada", "admin")
                  .killActor(io.stingray.api.ActorId.random().hex(), true, "console")
                  .getStatus())
          .isEqualTo(404);

      jakarta.ws.rs.core.Response killed = as("ada", "admin").killActor(id, true, "console");
      assertThat(killed.getStatus()).isEqualTo(200);
      assertThat(killed.getEntity().toString()).contains("target", "ada");
      assertThat(new StateResource().actors(10, 0, "DEAD"))
          .singleElement()
          .satisfies(a -> assertThat(a.id()).isEqualTo(id));
      assertThatThrownBy(() -> box.task(Box::one).remote().get())
          .isInstanceOf(io.stingray.api.exception.RayActorException.class);
      assertThat(as("ada", "admin").killActor(id, true, "console").getStatus())
          .as("already dead")
          .isEqualTo(409);

      // one CPU: the first task runs, the second waits in the queue until cancelled
      io.stingray.api.ObjectRef<Integer> running =
          ray.task(StateResourceTest::sleepy, 2_000L).remote();
      io.stingray.api.ObjectRef<Integer> queued = ray.task(StateResourceTest::sleepy, 1L).remote();
      String queuedTask =
          new StateResource()
              .tasks(10, 0, null).stream()
                  .filter(t -> t.state().equals("QUEUED") || t.state().equals("PENDING_ARGS"))
                  .findFirst()
                  .orElseThrow()
                  .id();
      assertThat(as("vera", "viewer").cancelTask(queuedTask, false, "console").getStatus())
          .isEqualTo(403);
      assertThat(as("ada", "admin").cancelTask(queuedTask, false, "console").getStatus())
          .isEqualTo(200);
      assertThatThrownBy(queued::get)
          .isInstanceOf(io.stingray.api.exception.TaskCancelledException.class);
      assertThat(running.get()).isEqualTo(1);
      assertThat(as("ada", "admin").cancelTask(queuedTask, false, "console").getStatus())
          .as("a finished task cannot be cancelled")
          .isEqualTo(404);

      assertThat(Audit.recent())
          .extracting(e -> e.user() + " " + e.action() + " " + e.outcome())
          .contains(
              "vera killed refused: not in role admin",
              "anonymous killed refused: not in role admin",
              "ada killed refused: no X-Requested-By header",
              "ada killed done",
              "ada cancelled done",
              "vera cancelled refused: not in role admin");
      assertThat(as("vera", "viewer").me())
          .containsEntry("user", "vera")
          .containsEntry("admin", false);
    }
  }

  /** The JSON body a WebApplicationException answers with. */
  static String reason(Throwable e) {
    return ((jakarta.ws.rs.WebApplicationException) e).getResponse().getEntity().toString();
  }

  @Test
  void withoutANodeThereIsNoState() {
    assertThatThrownBy(() -> new StateResource().summary())
        .isInstanceOf(jakarta.ws.rs.ServiceUnavailableException.class)
        .satisfies(e -> assertThat(reason(e)).contains("no Stingray node runs on this server"));
  }

  @Test
  void anAdapterOfAnotherVersionIsNamedAsSuchNotA500() {
    try (RayNode node = start(1)) {
      assertThatThrownBy(
              () ->
                  StateResource.read(
                      s -> {
                        throw new NoSuchMethodError("ClusterTasks.list(int, String)");
                      }))
          .isInstanceOf(jakarta.ws.rs.ServiceUnavailableException.class)
          .satisfies(
              e -> assertThat(reason(e)).contains("different versions", "ClusterTasks.list"));
    }
  }

  @Test
  void aStoppedNodeOrAForeignBindingIsNamedNotA500() {
    RayNode node = start(1);
    node.close(); // the adapter unbinds before it stops its node; a caller may still hold the SPI
    assertThatThrownBy(() -> new StateResource().nodes(10, 0, null))
        .isInstanceOf(jakarta.ws.rs.ServiceUnavailableException.class)
        .satisfies(e -> assertThat(reason(e)).contains("has stopped"));
    assertThat(node.admin().health().live()).isFalse();
    assertThatThrownBy(() -> node.admin().jobs())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has stopped");

    InMemoryNaming.bind(ClusterAdmin.JNDI_NAME, "not an admin");
    assertThatThrownBy(() -> new StateResource().summary())
        .isInstanceOf(jakarta.ws.rs.ServiceUnavailableException.class)
        .satisfies(e -> assertThat(reason(e)).contains("different versions", "java.lang.String"));
  }
}
