package io.stingray.example.orders;

import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores the open orders in parallel: one task per order, spread over the cluster; each task reads
 * and writes its order through the {@link OrderBook} of the node it runs on. Thread-safe.
 */
@ApplicationScoped
public class Scoring {
  @Inject RayContext ray;
  @Inject OrderBook book;

  /** The task: scores one order on the node it runs on. */
  public static Double scoreHere(long id) {
    String node = RayContext.current().runtimeContext().currentNodeId().hex();
    OrderBook book = CDI.current().select(OrderBook.class).get();
    book.ensureSchema();
    return book.score(id, node);
  }

  /** Scores every open order; how many were scored and how many each node scored. */
  public Map<String, Object> scoreOpenOrders() {
    List<ObjectRef<Double>> scores = new ArrayList<>();
    for (long id : book.openIds()) {
      scores.add(
          ray.task(Scoring::scoreHere, id)
              .setSchedulingStrategy(SchedulingStrategy.spread())
              .remote());
    }
    int scored = 0;
    for (Double s : ray.get(scores)) {
      if (s != null) {
        scored++;
      }
    }
    Map<String, Object> out = new TreeMap<>(book.summary());
    out.put("scoredNow", scored);
    return out;
  }
}
