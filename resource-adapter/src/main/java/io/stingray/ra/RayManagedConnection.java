package io.stingray.ra;

import io.stingray.raylet.context.Job;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * A pooled connection to this server's node. It holds nothing scarce: its handles talk to the job
 * of the application that asked for them (found from the calling thread's class loader).
 */
final class RayManagedConnection implements ManagedConnection {
  private final RayManagedConnectionFactory factory;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private final List<RayContextHandle> handles = new CopyOnWriteArrayList<>();
  private final ConnectionCounts counts;
  private final java.util.concurrent.atomic.AtomicBoolean destroyed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private PrintWriter logWriter;

  RayManagedConnection(RayManagedConnectionFactory factory, ConnectionCounts counts) {
    this.factory = factory;
    this.counts = counts;
  }

  RayManagedConnectionFactory factory() {
    return factory;
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Job job = factory.adapter().jobFor(loader, applicationName());
    RayContextHandle h = new RayContextHandle(this, job, counts);
    handles.add(h);
    return h;
  }

  private static String applicationName() {
    try {
      return (String) new InitialContext().lookup("java:app/AppName");
    } catch (NamingException | RuntimeException e) {
      return "application";
    }
  }

  void handleClosed(RayContextHandle h) {
    handles.remove(h);
    ConnectionEvent e = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
    e.setConnectionHandle(h);
    for (ConnectionEventListener l : listeners) {
      l.connectionClosed(e);
    }
  }

  @Override
  public void associateConnection(Object connection) throws ResourceException {
    if (!(connection instanceof RayContextHandle h)) {
      throw new ResourceException("not a Stingray connection handle: " + connection);
    }
    RayManagedConnection old = h.reassociate(this);
    if (old != null && old != this) {
      old.handles.remove(h); // its cleanup must not invalidate a handle that lives on here
    }
    handles.add(h);
  }

  @Override
  public void cleanup() {
    for (RayContextHandle h : handles) {
      h.invalidate();
    }
    handles.clear();
  }

  @Override
  public void destroy() {
    cleanup();
    if (destroyed.compareAndSet(false, true)) {
      counts.managedDestroyed();
    }
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener l) {
    listeners.add(l);
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener l) {
    listeners.remove(l);
  }

  @Override
  public XAResource getXAResource() throws ResourceException {
    throw new NotSupportedException("Stingray connections are not transactional");
  }

  @Override
  public LocalTransaction getLocalTransaction() throws ResourceException {
    throw new NotSupportedException("Stingray connections are not transactional");
  }

  @Override
  public ManagedConnectionMetaData getMetaData() {
    return new ManagedConnectionMetaData() {
      @Override
      public String getEISProductName() {
        return "Stingray";
      }

      @Override
      public String getEISProductVersion() {
        return "0.1";
      }

      @Override
      public int getMaxConnections() {
        return 0;
      }

      @Override
      public String getUserName() {
        return null;
      }
    };
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }
}
