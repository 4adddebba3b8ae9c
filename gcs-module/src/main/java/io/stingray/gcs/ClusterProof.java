package io.stingray.gcs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof of membership that cannot be replayed: every token is an HMAC-SHA256, keyed with the
 * cluster's key ({@link ClusterToken#of}: never sent), over the sender's id, a random epoch of the
 * sending process, a counter and the time it was issued. A token is accepted once, within {@value
 * #WINDOW_MILLIS} ms of its time, and only if its counter was not seen from that sender and epoch
 * (the last {@value #RECENT} counters are remembered, so tokens may arrive out of order): a token
 * read off the network is worthless. Used by gRPC between raylets ({@code ClusterAuth}) and by the
 * JGroups join ({@link ClusterToken}). Nodes' clocks must agree within {@value #WINDOW_MILLIS} ms.
 *
 * <p>Thread-safe; {@link #issue} and {@link #check} may be called by any number of threads.
 */
public final class ClusterProof {
  /** How far a token's time may be from the checker's clock. */
  public static final long WINDOW_MILLIS = 60_000;

  /** How many of a sender's latest counters are remembered. */
  static final int RECENT = 4096;

  private static final String VERSION = "p1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final String self;
  private final String epoch = Long.toHexString(RANDOM.nextLong());
  private final AtomicLong counter = new AtomicLong();
  private final LongSupplier clock;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final AtomicLong checks = new AtomicLong();
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  /** Why a token was refused. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why);
    }
  }

  /**
   * @param keyHex the cluster's key, {@link ClusterToken#of} of its name and secret
   * @param self this sender's id (a node id in hex); letters, digits and '-' only
   */
  public ClusterProof(String keyHex, String self) {
    this(keyHex, self, System::currentTimeMillis);
  }

  ClusterProof(String keyHex, String self, LongSupplier clock) {
    if (!self.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("a sender id is 1-64 letters, digits or '-': " + self);
    }
    this.key = keyHex.getBytes(StandardCharsets.US_ASCII);
    this.self = self;
    this.clock = clock;
  }

  /** A fresh token of this sender (ASCII, about 110 characters). */
  public String issue() {
    String body =
        VERSION
            + "."
            + self
            + "."
            + epoch
            + "."
            + counter.incrementAndGet()
            + "."
            + clock.getAsLong();
    return body + "." + mac(body);
  }

  /**
   * Checks a token and remembers it as used.
   *
   * @return the sender's id
   * @throws Refused if it is malformed, not made with this cluster's key, too old or too new, or
   *     seen before
   */
  public String check(String token) throws Refused {
    if (token == null || token.length() > 256) {
      throw new Refused(token == null ? "no token" : "a token too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 6 || !VERSION.equals(parts[0])) {
      throw new Refused("a malformed token");
    }
    String body = token.substring(0, token.lastIndexOf('.'));
    if (!MessageDigest.isEqual(
        mac(body).getBytes(StandardCharsets.US_ASCII),
        parts[5].getBytes(StandardCharsets.US_ASCII))) {
      throw new Refused("a token not made with this cluster's secret");
    }
    long count;
    long time;
    try {
      count = Long.parseLong(parts[3]);
      time = Long.parseLong(parts[4]);
    } catch (NumberFormatException e) {
      throw new Refused("a malformed token");
    }
    long now = clock.getAsLong();
    if (Math.abs(now - time) > WINDOW_MILLIS) {
      throw new Refused(
          "a token issued "
              + (now - time)
              + " ms from this node's clock (at most "
              + WINDOW_MILLIS
              + " ms: a replay, or clocks apart)");
    }
    if (checks.incrementAndGet() % 1024 == 0) {
      seen.values().removeIf(s -> s.lastMillis < now - 2 * WINDOW_MILLIS);
    }
    Seen s = seen.computeIfAbsent(parts[1] + "." + parts[2], k -> new Seen());
    if (!s.firstUse(count, now)) {
      throw new Refused("a token used before (a replay)");
    }
    return parts[1];
  }

  private String mac(String body) {
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The counters one sender's epoch used lately: the highest and a ring of the last RECENT. */
  private static final class Seen {
    private final long[] bits = new long[RECENT / 64];
    private long highest;
    private volatile long lastMillis;

    synchronized boolean firstUse(long count, long now) {
      lastMillis = now;
      if (count <= 0 || count <= highest - RECENT) {
        return false; // older than what is remembered: refused rather than risk a replay
      }
      if (count > highest) {
        for (long c = Math.max(highest + 1, count - RECENT + 1); c <= count; c++) {
          clear(c);
        }
        highest = count;
      } else if (isSet(count)) {
        return false;
      }
      set(count);
      return true;
    }

    private boolean isSet(long c) {
      int i = (int) (c % RECENT);
      return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long c) {
      int i = (int) (c % RECENT);
      bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long c) {
      int i = (int) (c % RECENT);
      bits[i >>> 6] &= ~(1L << (i & 63));
    }
  }
}
