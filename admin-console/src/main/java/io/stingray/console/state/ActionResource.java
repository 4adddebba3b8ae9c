package io.stingray.console.state;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The console's actions ({@code POST /actors/{id}/kill}, {@code POST /tasks/{id}/cancel}), the
 * signed-in user ({@code GET /me}) and the audit log ({@code GET /audit}). Actions need the {@code
 * admin} role and the header {@code X-Requested-By} (any value; a cross-site form cannot set it),
 * and every attempt is audited with who made it. Errors are JSON {@code {"error": "..."}}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {
  /** The header every action must carry (cross-site request forgery cannot set it). */
  public static final String CSRF_HEADER = "X-Requested-By";

  @Context SecurityContext security;

  @GET
  @Path("me")
  public Map<String, Object> me() {
    return Map.of("user", user(), "admin", security.isUserInRole("admin"));
  }

  @GET
  @Path("audit")
  public List<Audit.Entry> audit() {
    return Audit.recent();
  }

  @POST
  @Path("actors/{id}/kill")
  public Response killActor(
      @PathParam("id") String id,
      @QueryParam("noRestart") @DefaultValue("true") boolean noRestart,
      @HeaderParam(CSRF_HEADER) String requestedBy) {
    return act(
        requestedBy,
        noRestart ? "killed" : "killed (may restart)",
        "actor " + id,
        () -> StateResource.read(a -> a.killActor(id, noRestart)));
  }

  @POST
  @Path("tasks/{id}/cancel")
  public Response cancelTask(
      @PathParam("id") String id,
      @QueryParam("force") @DefaultValue("false") boolean force,
      @HeaderParam(CSRF_HEADER) String requestedBy) {
    return act(
        requestedBy,
        force ? "force-cancelled" : "cancelled",
        "task " + id,
        () -> StateResource.read(a -> a.cancelTask(id, force)));
  }

  private Response act(String requestedBy, String action, String target, Supplier<String> run) {
    String user = user();
    if (!security.isUserInRole("admin")) {
      Audit.record(user, action, target, "refused: not in role admin");
      return error(Response.Status.FORBIDDEN, "only the admin role may act; " + user + " may not");
    }
    if (requestedBy == null || requestedBy.isBlank()) {
      Audit.record(user, action, target, "refused: no " + CSRF_HEADER + " header");
      return error(
          Response.Status.FORBIDDEN, "actions need the " + CSRF_HEADER + " header (any value)");
    }
    try {
      String what = run.get();
      Audit.record(user, action, what, "done");
      return Response.ok(Map.of("done", true, "target", what, "by", user)).build();
    } catch (IllegalArgumentException e) {
      return failed(user, action, target, Response.Status.BAD_REQUEST, e);
    } catch (NoSuchElementException e) {
      return failed(user, action, target, Response.Status.NOT_FOUND, e);
    } catch (IllegalStateException e) {
      return failed(user, action, target, Response.Status.CONFLICT, e);
    } catch (jakarta.ws.rs.WebApplicationException e) {
      Audit.record(user, action, target, "failed: " + e.getMessage());
      throw e; // no node on this server: 503
    } catch (RuntimeException e) {
      return failed(user, action, target, Response.Status.BAD_GATEWAY, e);
    }
  }

  private static Response failed(
      String user, String action, String target, Response.Status status, RuntimeException e) {
    Audit.record(user, action, target, "failed: " + e.getMessage());
    return error(status, e.getMessage());
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", String.valueOf(message)))
        .build();
  }

  private String user() {
    Principal p = security.getUserPrincipal();
    return p == null ? "anonymous" : p.getName();
  }
}
