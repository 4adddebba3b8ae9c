package io.stingray.api.cdi;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

/**
 * The connection handle one request (an HTTP request, an EJB call) of the application uses: taken
 * from the pool on the request's first use of the injected {@code RayContext}, closed (back to the
 * pool) as the request ends. A bean only for {@link ContainerRayContext}. Thread-safe.
 */
@RequestScoped
public class RequestHandle {
  private RayContext handle;

  /** The request's handle, taken from {@code factory} on first use. */
  public synchronized RayContext handle(RayConnectionFactory factory) {
    if (handle == null) {
      handle = factory.getContext();
    }
    return handle;
  }

  @PreDestroy
  synchronized void requestEnded() {
    if (handle != null) {
      handle.close();
      handle = null;
    }
  }
}
