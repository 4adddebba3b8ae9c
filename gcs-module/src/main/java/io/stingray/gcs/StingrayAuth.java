package io.stingray.gcs;

import org.jgroups.annotations.Property;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.AUTH;

/**
 * JGroups AUTH with a {@link ClusterToken}, whose value is this protocol's {@code token} property
 * ({@code <io.stingray.gcs.StingrayAuth token="@AUTH@"/>} in a stack; the GCS replaces
 * {@code @AUTH@} with the node's token). A property of the protocol itself, because JGroups may
 * apply a token's properties before it has created the token.
 */
public class StingrayAuth extends AUTH {
  static {
    if (ClassConfigurator.getProtocolId(StingrayAuth.class) == 0) {
      ClassConfigurator.addProtocol((short) 1777, StingrayAuth.class);
    }
  }

  @Property(description = "HMAC-SHA256 of the cluster name keyed with the cluster secret")
  protected String token = "";

  @Override
  public void init() throws Exception {
    setAuthToken(new ClusterToken(token));
    super.init();
  }
}
