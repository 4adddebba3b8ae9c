package io.stingray.ra;

import io.stingray.api.RayConnectionFactory;
import io.stingray.api.RayContext;
import io.stingray.api.exception.RayException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/** The connection factory applications look up; each {@link #getContext()} is a new handle. */
public class RayConnectionFactoryImpl implements RayConnectionFactory {
  private static final long serialVersionUID = 1L;
  private final transient RayManagedConnectionFactory mcf;
  private final transient ConnectionManager cm;
  private Reference reference;

  RayConnectionFactoryImpl(RayManagedConnectionFactory mcf, ConnectionManager cm) {
    this.mcf = mcf;
    this.cm = cm;
  }

  @Override
  public RayContext getContext() {
    try {
      return (RayContext) cm.allocateConnection(mcf, null);
    } catch (ResourceException e) {
      throw new RayException("cannot get a Stingray connection: " + e.getMessage(), e);
    }
  }

  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
