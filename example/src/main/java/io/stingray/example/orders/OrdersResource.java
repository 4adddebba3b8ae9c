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
    return Map.of("opened", book.open(count).size());
  }

  @POST
  @Path("score")
  public Map<String, Object> score() {
    return scoring.scoreOpenOrders();
  }

  @GET
  public Map<String, Object> summary() {
    return book.summary();
  }
}
