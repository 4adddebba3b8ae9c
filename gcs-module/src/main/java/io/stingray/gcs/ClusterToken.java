package io.stingray.gcs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGroups AUTH token of a Stingray cluster: a joining member presents an HMAC-SHA256 of the cluster
 * name keyed with the cluster secret, and the coordinator admits it only if it has the same. A
 * refused member is logged and its join fails. Installed by {@link StingrayAuth}.
 */
public final class ClusterToken extends AuthToken {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterToken.class);

  private String value = "";

  /** For JGroups, which reads a joiner's token into a fresh instance. */
  public ClusterToken() {}

  /** This member's token: {@link #of} of its cluster name and secret. */
  public ClusterToken(String value) {
    this.value = value;
  }

  /** The token text for a cluster name and secret. */
  public static String of(String clusterName, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(clusterName.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String getName() {
    return ClusterToken.class.getName();
  }

  @Override
  public int size() {
    return 2 + value.length();
  }

  @Override
  public boolean authenticate(AuthToken token, Message msg) {
    boolean ok =
        token instanceof ClusterToken t
            && !value.isEmpty()
            && MessageDigest.isEqual(
                t.value.getBytes(StandardCharsets.US_ASCII),
                value.getBytes(StandardCharsets.US_ASCII));
    if (!ok) {
      LOG.warn(
          "refused member {} into the GCS cluster: it does not know the cluster secret",
          msg == null ? "?" : msg.getSrc());
    }
    return ok;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeUTF(value);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    value = in.readUTF();
  }
}
