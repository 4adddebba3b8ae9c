package io.stingray.example;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The example as JSON over HTTP, under {@code /stingray-example/api}. */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExampleResource {
  @Inject ExampleService service;

  /** The JAX-RS application: everything under {@code /api}. */
  @ApplicationPath("api")
  public static class Api extends Application {}

  @GET
  @Path("pi")
  public Map<String, Object> pi(
      @QueryParam("samples") @DefaultValue("1000000") long samples,
      @QueryParam("tasks") @DefaultValue("4") int tasks) {
    if (samples < 1 || samples > 2_000_000_000L || tasks < 1 || tasks > 1000 || tasks > samples) {
      throw new BadRequestException("need 1 <= tasks <= 1000, tasks <= samples <= 2e9");
    }
    long t0 = System.nanoTime();
    double pi = service.pi(samples, tasks);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pi", pi);
    out.put("samples", samples);
    out.put("tasks", tasks);
    out.put("millis", (System.nanoTime() - t0) / 1_000_000);
    return out;
  }

  /** Where {@code tasks} tasks spread over the cluster ran: node id → count, and this node. */
  @GET
  @Path("spread")
  public Map<String, Object> spread(@QueryParam("tasks") @DefaultValue("20") int tasks) {
    if (tasks < 1 || tasks > 10_000) {
      throw new BadRequestException("need 1 <= tasks <= 10000");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", service.self());
    out.put("nodes", service.spread(tasks));
    return out;
  }

  /**
   * The cluster's nodes as this server sees them: {@code self} (this node's id), {@code alive} (the
   * ids of the nodes it sees alive, sorted) and {@code dead}.
   */
  @GET
  @Path("nodes")
  public Map<String, Object> nodes() {
    return service.nodes();
  }

  /** Blobs made by tasks spread over the cluster and read on this server: see the service. */
  @GET
  @Path("blobs")
  public Map<String, Object> blobs(
      @QueryParam("tasks") @DefaultValue("4") int tasks,
      @QueryParam("mib") @DefaultValue("4") int mib) {
    if (tasks < 1 || tasks > 64 || mib < 1 || mib > 64 || (long) tasks * mib > 256) {
      throw new BadRequestException("need 1 <= tasks <= 64, 1 <= mib <= 64, tasks * mib <= 256");
    }
    return service.blobs(tasks, mib);
  }

  /** Documents are separated by blank lines in the plain-text body. */
  @POST
  @Path("wordcount")
  @Consumes(MediaType.TEXT_PLAIN)
  public Map<String, Long> wordCount(String body) {
    List<String> docs =
        Arrays.stream(body == null ? new String[0] : body.split("\\n\\s*\\n"))
            .filter(d -> !d.isBlank())
            .toList();
    if (docs.isEmpty()) {
      throw new BadRequestException("send documents as text, separated by blank lines");
    }
    return service.wordCount(docs);
  }

  @POST
  @Path("leaderboard/{player}/{score}")
  public Map<String, Object> submit(
      @PathParam("player") String player, @PathParam("score") long score) {
    return Map.of("player", player, "best", service.submitScore(player, score));
  }

  @GET
  @Path("leaderboard")
  public Map<String, Long> top(@QueryParam("top") @DefaultValue("10") int n) {
    if (n < 1 || n > 1000) {
      throw new BadRequestException("top must be 1..1000");
    }
    return service.top(n);
  }
}
