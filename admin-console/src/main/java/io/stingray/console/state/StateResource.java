package io.stingray.console.state;

import io.stingray.api.admin.ActorView;
import io.stingray.api.admin.ClusterAdmin;
import io.stingray.api.admin.JobView;
import io.stingray.api.admin.NodeView;
import io.stingray.api.admin.ObjectView;
import io.stingray.api.admin.PlacementGroupView;
import io.stingray.api.admin.TaskView;
import io.stingray.console.AdminLookup;
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
 * (paged with {@code ?limit=&offset=}, filtered with {@code ?state=}) and a summary, read through
 * the node's admin SPI ({@link ClusterAdmin}). The console carries its own copy of the SPI, so it
 * deploys even when the adapter is missing (the endpoints then answer 503).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

  /** The JAX-RS application of the state API. */
  @ApplicationPath("api/v1")
  public static class StateApi extends Application {}

  @GET
  @Path("nodes")
  public List<NodeView> nodes(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterAdmin::nodes), limit, offset, state, NodeView::state);
  }

  @GET
  @Path("jobs")
  public List<JobView> jobs(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterAdmin::jobs), limit, offset, state, JobView::state);
  }

  @GET
  @Path("actors")
  public List<ActorView> actors(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterAdmin::actors), limit, offset, state, ActorView::state);
  }

  @GET
  @Path("tasks")
  public List<TaskView> tasks(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    if (limit < 1 || limit > 1000 || offset < 0 || offset > ClusterAdmin.TASKS_KEPT_PER_NODE) {
      return page(List.of(), limit, offset, state, TaskView::state); // names the bad value
    }
    String wanted =
        state == null || state.isBlank() ? null : state.toUpperCase(java.util.Locale.ROOT);
    return page(read(s -> s.tasks(offset + limit, wanted)), limit, offset, state, TaskView::state);
  }

  @GET
  @Path("objects")
  public List<ObjectView> objects(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(read(ClusterAdmin::objects), limit, offset, state, ObjectView::state);
  }

  @GET
  @Path("placement-groups")
  public List<PlacementGroupView> placementGroups(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("state") String state) {
    return page(
        read(ClusterAdmin::placementGroups), limit, offset, state, PlacementGroupView::state);
  }

  /** The recent tasks as a Chrome trace / Perfetto file, offered as a download. */
  @GET
  @Path("timeline")
  public jakarta.ws.rs.core.Response timeline() {
    return jakarta.ws.rs.core.Response.ok(read(Timeline::of))
        .header("Content-Disposition", "attachment; filename=\"stingray-trace.json\"")
        .build();
  }

  @GET
  @Path("summary")
  public Map<String, Object> summary() {
    return read(ClusterAdmin::summary);
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
   * Reads the state of this server's node through its admin SPI; 503 with a JSON reason if there is
   * no node, no adapter, or an adapter of another version than this console (a linkage error).
   */
  static <T> T read(java.util.function.Function<ClusterAdmin, T> what) {
    try {
      ClusterAdmin admin = AdminLookup.find();
      if (!admin.health().live()) {
        throw unavailable(admin.health().detail());
      }
      try {
        return what.apply(admin);
      } catch (IllegalStateException e) {
        if (!admin.health().live()) { // it stopped while answering: not the caller's fault
          throw unavailable(admin.health().detail());
        }
        throw e; // for an action: a conflict, such as an actor already dead
      }
    } catch (AdminLookup.Unavailable e) {
      throw unavailable(e.getMessage());
    } catch (LinkageError e) {
      throw unavailable(AdminLookup.differentVersions(e.toString(), e).getMessage());
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
