package io.stingray.ra;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * Makes {@link RayConnectionFactory} instances for the container and the managed connections behind
 * their handles. Stateless apart from its adapter: equal for the same adapter.
 */
@ConnectionDefinition(
    connectionFactory = RayConnectionFactory.class,
    connectionFactoryImpl = RayConnectionFactoryImpl.class,
    connection = RayContext.class,
    connectionImpl = RayContextHandle.class)
public class RayManagedConnectionFactory
    implements ManagedConnectionFactory, ResourceAdapterAssociation {
  private static final long serialVersionUID = 1L;
  private transient StingrayResourceAdapter adapter;
  private transient PrintWriter logWriter;

  @Override
  public Object createConnectionFactory(ConnectionManager cm) {
    return new RayConnectionFactoryImpl(this, cm);
  }

  @Override
  public Object createConnectionFactory() {
    return new RayConnectionFactoryImpl(this, new UnmanagedConnectionManager());
  }

  @Override
  public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    ConnectionCounts counts = adapter().counts(); // a clear message if the node is not running
    counts.managedCreated();
    return new RayManagedConnection(this, counts);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ManagedConnection matchManagedConnections(
      Set connections, Subject subject, ConnectionRequestInfo info) {
    for (Object c : connections) {
      if (c instanceof RayManagedConnection mc && mc.factory() == this) {
        return mc;
      }
    }
    return null;
  }

  StingrayResourceAdapter adapter() throws ResourceException {
    if (adapter == null) {
      throw new ResourceException("the connection factory is not associated with the adapter");
    }
    return adapter;
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return adapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter ra) {
    this.adapter = (StingrayResourceAdapter) ra;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RayManagedConnectionFactory f && f.adapter == adapter;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(adapter);
  }

  /** For use without a container (tests): every connection is a new managed connection. */
  private final class UnmanagedConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
        throws ResourceException {
      return mcf.createManagedConnection(null, info).getConnection(null, info);
    }
  }
}
