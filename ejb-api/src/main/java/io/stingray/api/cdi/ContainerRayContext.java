package io.stingray.api.cdi;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import io.stingray.api.spi.ForwardingRayContext;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.function.Function;

/**
 * What {@code @Inject RayContext} gives an application: the container's JCA connection handles
 * behind one object, as {@code @Inject JMSContext} is for JMS. In a request (an HTTP request, an
 * EJB call) every call goes to the one handle the request took from the connection pool on its
 * first call ({@link RequestHandle}), closed as the request ends; elsewhere (a managed executor's
 * thread, a startup observer) each call takes a handle and closes it as it returns. What a call
 * returns (refs, actor handles, callers) belongs to the application's job, not to the handle, and
 * stays usable after it. {@link #close()} does nothing: the container closes the handles.
 * Thread-safe.
 *
 * <p><b>Failure:</b> a call fails with {@link io.stingray.api.exception.RayException} if no handle
 * can be had (the adapter is gone, or the pool stays exhausted past the server's wait).
 */
final class ContainerRayContext extends ForwardingRayContext {
  private final RayConnectionFactory factory;
  private final BeanManager beans;
  private final Instance<RequestHandle> requestHandle;

  ContainerRayContext(
      RayConnectionFactory factory, BeanManager beans, Instance<RequestHandle> requestHandle) {
    this.factory = factory;
    this.beans = beans;
    this.requestHandle = requestHandle;
  }

  @Override
  protected <T> T call(Function<RayContext, T> op) {
    if (inRequest()) {
      return op.apply(requestHandle.get().handle(factory));
    }
    try (RayContext handle = factory.getContext()) {
      return op.apply(handle);
    }
  }

  private boolean inRequest() {
    try {
      return beans.getContext(RequestScoped.class).isActive();
    } catch (ContextNotActiveException none) {
      return false;
    }
  }

  /** The container closes this context's handles; closing it does nothing. */
  @Override
  public void close() {
    // container-managed
  }
}
