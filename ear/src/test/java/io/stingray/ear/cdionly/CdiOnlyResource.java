package io.stingray.ear.cdionly;

import io.stingray.api.NodeId;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;

/**
 * An application with no EJB, servlet or listener of its own: a CDI bean that is a JAX-RS resource,
 * with the Stingray API as its one dependency (for {@code CdiOnlyAppTest}).
 */
@Path("/")
@ApplicationScoped
public class CdiOnlyResource {
  /** Everything under {@code /api}. */
  @ApplicationPath("api")
  public static class Api extends Application {}

  @Inject RayContext ray;

  /**
   * Runs {@link EeWork#check} on node {@code node} only: its module name, the default data source
   * and a transactional bean there.
   */
  @GET
  @Path("ee/{node}")
  @Produces("text/plain")
  public String ee(@PathParam("node") String node) {
    return onNode(node, EeWork::check);
  }

  /** Runs {@code task} on node {@code node} only, and waits up to 30 s for what it returns. */
  private <R> R onNode(String node, io.stingray.api.RayFunc0<R> task) {
    return ray.get(
        ray.task(task)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(NodeId.fromHex(node), false))
            .remote(),
        java.time.Duration.ofSeconds(30));
  }

  /**
   * Makes an {@link Inventory} actor with CDI on the node offering resource {@code resource} (only
   * that one), calls it twice, kills it and waits until its {@code @PreDestroy} ran there: "what
   * its second call answered|destroyed=N".
   */
  @GET
  @Path("actor/{resource}")
  @Produces("text/plain")
  public String actor(@PathParam("resource") String resource) throws InterruptedException {
    io.stingray.api.ActorHandle<Inventory> inv =
        ray.actor(Inventory.class).setResource(resource, 1).remote();
    ray.get(inv.task(Inventory::reserve, 1).remote(), java.time.Duration.ofSeconds(30));
    String answer =
        ray.get(inv.task(Inventory::reserve, 2).remote(), java.time.Duration.ofSeconds(30));
    String node = answer.substring(0, answer.indexOf(' '));
    inv.kill();
    int destroyed = 0;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (destroyed == 0 && System.nanoTime() < deadline) {
      destroyed = onNode(node, Inventory::destroyedHere);
      Thread.sleep(100);
    }
    return answer + "|destroyed=" + destroyed;
  }

  /**
   * Runs a task on node {@code via} only that runs another on node {@code to}: "via&gt;to" as the
   * nodes saw themselves.
   */
  @GET
  @Path("hop/{via}/{to}")
  @Produces("text/plain")
  public String hop(@PathParam("via") String via, @PathParam("to") String to) {
    return ray.get(
        ray.task(Where::hop, to)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(NodeId.fromHex(via), false))
            .remote(),
        java.time.Duration.ofSeconds(60));
  }

  /** Runs a task on node {@code node} only; answers the id of the node it ran on. */
  @GET
  @Path("on/{node}")
  @Produces("text/plain")
  public String on(@PathParam("node") String node) {
    return onNode(node, Where::node);
  }
}
