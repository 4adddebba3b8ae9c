package io.stingray.example;

import io.stingray.api.exception.GetTimeoutException;
import io.stingray.api.exception.RayException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a request whose work the cluster could not do with the reason as JSON ({@code error}: the
 * exception's class, {@code message}: Stingray's words, e.g. a task lost with a node during a
 * partition) instead of the server's HTML error page: 504 when a result was not ready in time, 503
 * for any other {@link RayException}, 500 for any other failure of the enterprise bean.
 */
@Provider
public class ClusterErrors implements ExceptionMapper<EJBException> {
  @Override
  public Response toResponse(EJBException e) {
    RayException ray = rayCause(e);
    if (ray == null) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getClass().getSimpleName());
      body.put("message", String.valueOf(e.getMessage()));
      return Response.serverError().type(MediaType.APPLICATION_JSON).entity(body).build();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", ray.getClass().getSimpleName());
    body.put("message", String.valueOf(ray.getMessage()));
    int status = ray instanceof GetTimeoutException ? 504 : 503;
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  /** The first {@link RayException} in {@code t}'s causes, or null. */
  static RayException rayCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof RayException r) {
        return r;
      }
    }
    return null;
  }
}
