package io.stingray.example.orders;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The orders over JSON, under {@code /stingray-example/api/orders}: {@code POST ?count=N} opens N
 * orders, {@code POST score} scores every open order with tasks spread over the cluster, {@code
 * GET} counts them.
 */
@Path("orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {
  @Inject OrderBook book;
  @Inject Scoring scoring;

  @POST
  public Map<String, Object> open(@QueryParam("count") @DefaultValue("20") int count) {
    if (count < 1 || count > 10_000) {
      throw new BadRequestException("need 1 <= count <= 10000");
    }
    schema();
    return Map.of("opened", book.open(count).size());
  }

  @POST
  @Path("score")
  public Map<String, Object> score() {
    schema();
    return scoring.scoreOpenOrders();
  }

  /** The orders' schema, or 503 with the reason if their database cannot be reached. */
  private void schema() {
    try {
      book.ensureSchema();
    } catch (IllegalStateException e) {
      throw new jakarta.ws.rs.WebApplicationException(
          e.getMessage(),
          e,
          jakarta.ws.rs.core.Response.status(503)
              .type(MediaType.APPLICATION_JSON)
              .entity(Map.of("error", e.getMessage()))
              .build());
    }
  }

  @GET
  public Map<String, Object> summary() {
    schema();
    return book.summary();
  }
}
