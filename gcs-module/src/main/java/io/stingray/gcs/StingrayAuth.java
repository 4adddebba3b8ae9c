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

  @Property(
      description =
          "the id of the TLS context the GCS made for this start (JGroupsTls): TCP gets it, so"
              + " that a peer's certificate must name its address")
  protected String tls_context = "";

  @Override
  public void init() throws Exception {
    setAuthToken(new ClusterToken(token));
    if (!tls_context.isEmpty()) {
      javax.net.ssl.SSLContext context = JGroupsTls.context(tls_context);
      if (context == null) {
        throw new IllegalStateException("the TLS context " + tls_context + " is gone");
      }
      if (!(getTransport() instanceof org.jgroups.protocols.TCP tcp) || !tcp.tls().enabled()) {
        throw new IllegalStateException(
            "TLS needs JGroups' TCP transport with @TLS@ in its element (" + getTransport() + ")");
      }
      tcp.tls().setSSLContext(context);
    }
    super.init();
  }
}
