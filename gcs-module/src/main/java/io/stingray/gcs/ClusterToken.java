package io.stingray.gcs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGroups AUTH token of a Stingray cluster: a joining (or merging) member presents a fresh {@link
 * ClusterProof} token made with the cluster's key, and the coordinator admits it only if the token
 * checks and was never seen before, so a join request read off the network cannot be replayed. A
 * refused member is logged and its join fails. Installed by {@link StingrayAuth}.
 */
public final class ClusterToken extends AuthToken {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterToken.class);
  private static final int MAX_TOKEN = 200;

  private final ClusterProof proof; // this member's (null in an instance read off the wire)
  private String value = "";

  /** For JGroups, which reads a joiner's token into a fresh instance. */
  public ClusterToken() {
    this.proof = null;
  }

  /** This member's token, made from the cluster's key ({@link #of} of its name and secret). */
  public ClusterToken(String key) {
    this.proof =
        new ClusterProof(
            key, "jgroups-" + Long.toHexString(new java.security.SecureRandom().nextLong()));
  }

  /** The cluster's key for a cluster name and secret (the HMAC of the name keyed with it). */
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
    return 2 + MAX_TOKEN; // at most: a fresh token is made each time one is written
  }

  @Override
  public boolean authenticate(AuthToken token, Message msg) {
    String why;
    if (!(token instanceof ClusterToken t)) {
      why = "no Stingray token";
    } else if (t.proof != null) {
      return true; // a member's own token, delivered to itself without leaving the JVM (a merge)
    } else if (proof == null) {
      why = "this member has no key";
    } else {
      try {
        proof.check(t.value);
        return true;
      } catch (ClusterProof.Refused e) {
        why = e.getMessage();
      }
    }
    LOG.warn("refused member {} into the GCS cluster: {}", msg == null ? "?" : msg.getSrc(), why);
    return false;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeUTF(proof == null ? value : proof.issue());
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    String read = in.readUTF();
    if (read.length() > MAX_TOKEN) {
      throw new IOException("a cluster token of " + read.length() + " characters");
    }
    value = read;
  }
}
