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
  private final ClassLoader application;

  /**
   * @param application the application's class loader: the adapter finds the application's job from
   *     the thread's context loader, which on a thread of a library's pool is not the application's
   */
  ContainerRayContext(
      RayConnectionFactory factory,
      BeanManager beans,
      Instance<RequestHandle> requestHandle,
      ClassLoader application) {
    this.factory = factory;
    this.beans = beans;
    this.requestHandle = requestHandle;
    this.application = application;
  }

  @Override
  protected <T> T call(Function<RayContext, T> op) {
    if (inRequest()) {
      RayContext handle = requestHandle.get().handle(this::newHandle);
      if (handle != null) {
        return op.apply(handle);
      }
    }
    try (RayContext handle = newHandle()) {
      return op.apply(handle);
    }
  }

  /** A handle of the pool, taken for the application whichever thread asks. */
  RayContext newHandle() {
    Thread t = Thread.currentThread();
    ClassLoader callers = t.getContextClassLoader();
    t.setContextClassLoader(application);
    try {
      return factory.getContext();
    } finally {
      t.setContextClassLoader(callers);
    }
  }

  private boolean inRequest() {
    try {
      return beans.getContext(RequestScoped.class).isActive();
    } catch (ContextNotActiveException none) {
      return false;
    } catch (RuntimeException shutDown) { // CDI itself is stopping with the application
      return false;
    }
  }

  /** The container closes this context's handles; closing it does nothing. */
  @Override
  public void close() {
    // container-managed
  }
}
