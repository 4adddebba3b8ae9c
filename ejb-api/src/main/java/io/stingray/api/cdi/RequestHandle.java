package io.stingray.api.cdi;

import io.stingray.api.RayContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.function.Supplier;

/**
 * The connection handle one request (an HTTP request, an EJB call) of the application uses: taken
 * from the pool on the request's first use of the injected {@code RayContext}, closed (back to the
 * pool) as the request ends. A bean only for {@link ContainerRayContext}. Thread-safe.
 */
@RequestScoped
public class RequestHandle {
  private RayContext handle;
  private boolean ended;

  /**
   * The request's handle, taken from {@code pool} on first use; null once the request ended (a call
   * then takes a handle of its own).
   */
  public synchronized RayContext handle(Supplier<RayContext> pool) {
    if (ended) {
      return null;
    }
    if (handle == null) {
      handle = pool.get();
    }
    return handle;
  }

  @PreDestroy
  synchronized void requestEnded() {
    ended = true;
    if (handle != null) {
      handle.close();
      handle = null;
    }
  }
}
