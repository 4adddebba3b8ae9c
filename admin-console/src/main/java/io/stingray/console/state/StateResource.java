package io.stingray.console.state;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The read-only state API under {@code /stingray/api/v1}: JSON arrays of nodes, jobs and actors
 * (paged with {@code ?limit=&offset=}, filtered with {@code ?state=}) and a summary. Not a CDI bean
 * on purpose: its signatures name no Stingray runtime class, so the console deploys even when the
 * adapter is missing (the endpoints then answer 503).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

  /** The JAX-RS application of the state API. */
  @ApplicationPath("api/v1")
  public static class StateApi extends Application {}

  @GET
  @Path("nodes")
  public List<Views.NodeView> nodes(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterState::nodes), limit, offset, state, Views.NodeView::state);
  }

  @GET
  @Path("jobs")
  public List<Views.JobView> jobs(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterState::jobs), limit, offset, state, Views.JobView::state);
  }

  @GET
  @Path("actors")
  public List<Views.ActorView> actors(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterState::actors), limit, offset, state, Views.ActorView::state);
  }

  @GET
  @Path("tasks")
  public List<Views.TaskView> tasks(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    if (limit < 1
        || limit > 1000
        || offset < 0
        || offset > io.stingray.raylet.task.TaskEvents.CAPACITY) {
      return page(List.of(), limit, offset, state, Views.TaskView::state); // names the bad value
    }
    String wanted =
        state == null || state.isBlank() ? null : state.toUpperCase(java.util.Locale.ROOT);
    return page(
        read(s -> s.tasks(offset + limit, wanted)), limit, offset, state, Views.TaskView::state);
  }

  @GET
  @Path("objects")
  public List<Views.ObjectView> objects(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterState::objects), limit, offset, state, Views.ObjectView::state);
  }

  @GET
  @Path("placement-groups")
  public List<Views.PlacementGroupView> placementGroups(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(
        read(ClusterState::placementGroups), limit, offset, state, Views.PlacementGroupView::state);
  }

  /** The recent tasks as a Chrome trace / Perfetto file, offered as a download. */
  @GET
  @Path("timeline")
  public jakarta.ws.rs.core.Response timeline() {
    return jakarta.ws.rs.core.Response.ok(read(ClusterState::timeline))
        .header("Content-Disposition", "attachment; filename=\"stingray-trace.json\"")
        .build();
  }

  @GET
  @Path("summary")
  public Map<String, Object> summary() {
    return read(ClusterState::summary);
  }

  private static <T> List<T> page(
      List<T> rows, int limit, int offset, String state, java.util.function.Function<T, String> f) {
    try {
      return Page.of(rows, limit, offset, state, f);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage(), e);
    }
  }

  /**
   * Reads the state of this server's node; 503 with a JSON reason if there is no node, no adapter,
   * or an adapter of another version than this console (a linkage error).
   */
  static <T> T read(java.util.function.Function<ClusterState, T> what) {
    ClusterState s = state();
    try {
      return what.apply(s);
    } catch (LinkageError e) {
      throw unavailable(
          "the console and the Stingray adapter on this server are different versions ("
              + e
              + "); deploy the console built with the adapter");
    }
  }

  static ClusterState state() {
    try {
      return ClusterState.local()
          .orElseThrow(() -> unavailable("no Stingray node runs on this server"));
    } catch (NoClassDefFoundError e) {
      throw unavailable("the Stingray adapter is not deployed on this server");
    }
  }

  private static ServiceUnavailableException unavailable(String why) {
    return new ServiceUnavailableException(
        why,
        jakarta.ws.rs.core.Response.status(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("error", why))
            .build());
  }
}
