package io.stingray.raylet.rpc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object port: the bytes of large objects over plain TCP, because gRPC-java frames data in 16
 * KiB HTTP/2 frames and that caps a pull far below what the network does. A {@code PullObject} call
 * (authenticated like every gRPC call) gets a one-time ticket from {@link #offer}; the puller
 * presents it here ({@link BulkClient}) and reads the bytes raw. The wire format is described in
 * {@code raylet_peer.proto}.
 *
 * <p>Threads: one accept loop and one thread per connection while it sends, all from the executor
 * it is given (the WorkManager inside a server). Thread-safe; {@link #close} stops the loop and
 * breaks every open connection.
 */
public final class BulkServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BulkServer.class);

  /** The first bytes a puller sends. */
  static final byte[] MAGIC = {'S', 'R', 'B', '1'};

  static final int TICKET_BYTES = 16;
  static final byte OK = 0;
  static final byte REFUSED = 1;

  /** Objects this large or larger go over the object port when the puller can take them. */
  public static final long MIN_BYTES = 1 << 20;

  static final long TICKET_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final int HANDSHAKE_TIMEOUT_MS = 5_000;

  /** Connections served at once; more are closed at once (each holds an executor thread). */
  public static final int MAX_CONNECTIONS = 64;

  private final ServerSocket listener;
  // connections still in their TLS handshake or hello, with their deadline (System.nanoTime)
  private final java.util.concurrent.ConcurrentHashMap<Socket, Long> greeting =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Executor executor;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Offer> offers = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private volatile boolean closed;

  private record Offer(PeerHandler.Held held, long expires) {}

  /**
   * Listens and starts the accept loop on {@code executor}.
   *
   * @param port 0 for an ephemeral port
   * @param tls mutual TLS for every connection, or null for plain TCP
   * @throws UncheckedIOException if the port cannot be bound
   */
  public BulkServer(String bindAddress, int port, Executor executor, NodeTls tls) {
    this.executor = executor;
    try {
      if (tls == null) {
        listener = new ServerSocket();
      } else {
        javax.net.ssl.SSLServerSocket secure =
            (javax.net.ssl.SSLServerSocket)
                tls.objectPort().getServerSocketFactory().createServerSocket();
        secure.setNeedClientAuth(true);
        listener = secure;
      }
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(bindAddress, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen for object pulls on "
              + bindAddress
              + ":"
              + port
              + " (the objectPort): "
              + e.getMessage(),
          e);
    }
    try {
      executor.execute(this::acceptLoop);
    } catch (RuntimeException refused) {
      close(); // no thread to serve it: do not keep the port
      throw refused;
    }
  }

  /** The port it listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Objects sent whole, since start. */
  public long served() {
    return served.get();
  }

  /** Connections closed because they brought no valid ticket, since start. */
  public long refused() {
    return refused.get();
  }

  /**
   * Makes {@code held} readable once with the returned ticket, for 30 s. Expired offers are dropped
   * here.
   */
  public byte[] offer(PeerHandler.Held held) {
    long now = System.nanoTime();
    offers.values().removeIf(o -> now - o.expires() > 0);
    byte[] ticket = new byte[TICKET_BYTES];
    random.nextBytes(ticket);
    offers.put(HexFormat.of().formatHex(ticket), new Offer(held, now + TICKET_LIFETIME_NANOS));
    return ticket;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("the object port stopped accepting: {}", e.toString());
        }
        return;
      }
      if (open.size() >= MAX_CONNECTIONS) {
        closeStaleGreetings();
      }
      if (open.size() >= MAX_CONNECTIONS) {
        refused.incrementAndGet();
        LOG.warn(
            "object port: closed {}: already {} connections open",
            s.getRemoteSocketAddress(),
            MAX_CONNECTIONS);
        closeQuietly(s);
        continue;
      }
      open.add(s);
      try {
        executor.execute(() -> serve(s));
      } catch (RuntimeException e) {
        LOG.warn("no thread to send an object on: {}", e.toString());
        open.remove(s);
        closeQuietly(s);
      }
    }
  }

  /**
   * Closes the connections whose TLS handshake and hello are past their deadline: a client that
   * trickles its TLS handshake a byte at a time keeps one read alive (each byte comes within the
   * socket timeout), so the deadline is enforced from here, when the slots are full.
   */
  private void closeStaleGreetings() {
    long now = System.nanoTime();
    greeting.forEach(
        (s, deadline) -> {
          if (now - deadline > 0 && greeting.remove(s, deadline)) {
            refused.incrementAndGet();
            LOG.warn(
                "object port: closed {}: no TLS handshake and ticket within {} ms",
                s.getRemoteSocketAddress(),
                HANDSHAKE_TIMEOUT_MS);
            open.remove(s);
            closeQuietly(s);
          }
        });
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] hello = new byte[MAGIC.length + TICKET_BYTES];
      long deadline = System.nanoTime() + HANDSHAKE_TIMEOUT_MS * 1_000_000L;
      greeting.put(s, deadline);
      try {
        readWithin(s, in, hello, deadline);
        greeting.remove(s);
        s.setSoTimeout(HANDSHAKE_TIMEOUT_MS); // what readWithin shortened, for the rest
      } catch (SocketTimeoutException | java.io.EOFException e) {
        refused.incrementAndGet();
        LOG.warn(
            "object port: closed {}: no ticket within {} ms",
            s.getRemoteSocketAddress(),
            HANDSHAKE_TIMEOUT_MS);
        return;
      }
      OutputStream out = s.getOutputStream();
      if (!Arrays.equals(hello, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        refuse(s, out, "this is a Stingray object port; the connection did not start with SRB1");
        return;
      }
      Offer o = offers.remove(HexFormat.of().formatHex(hello, MAGIC.length, hello.length));
      if (o == null || System.nanoTime() - o.expires() > 0) {
        refuse(s, out, "unknown or expired ticket");
        return;
      }
      out.write(OK);
      send(o.held(), out);
      served.incrementAndGet();
    } catch (javax.net.ssl.SSLException e) {
      refused.incrementAndGet();
      LOG.warn("object port: TLS with {} failed: {}", s.getRemoteSocketAddress(), e.getMessage());
    } catch (IOException e) {
      if (!closed) {
        LOG.debug(
            "object port connection from {} ended: {}", s.getRemoteSocketAddress(), e.toString());
      }
    } finally {
      greeting.remove(s);
      open.remove(s);
    }
  }

  /**
   * Fills {@code into} by {@code deadline} ({@link System#nanoTime()}) in all, however the bytes
   * are spread out: a client that sends its hello a byte at a time does not hold a connection slot
   * for longer than the handshake timeout.
   *
   * @throws SocketTimeoutException when the deadline passes first
   */
  private static void readWithin(Socket s, InputStream in, byte[] into, long deadline)
      throws IOException {
    int done = 0;
    while (done < into.length) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("the hello did not come in time");
      }
      s.setSoTimeout((int) Math.max(1, left));
      int n = in.read(into, done, into.length - done);
      if (n < 0) {
        throw new java.io.EOFException();
      }
      done += n;
    }
  }

  /** Writes every chunk; stops short (the puller sees it) if the object left this node. */
  private static void send(PeerHandler.Held held, OutputStream out) throws IOException {
    for (int i = 0; i < held.count(); i++) {
      byte[] chunk = held.chunk().apply(i);
      if (chunk == null) {
        throw new IOException("the object left this node while it was sent");
      }
      out.write(chunk);
    }
    out.flush();
  }

  private void refuse(Socket s, OutputStream out, String why) throws IOException {
    refused.incrementAndGet();
    LOG.warn("object port: refused {}: {}", s.getRemoteSocketAddress(), why);
    byte[] reason = why.getBytes(StandardCharsets.UTF_8);
    out.write(REFUSED);
    out.write(reason.length >>> 8);
    out.write(reason.length);
    out.write(reason);
    out.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the object port: {}", e.toString());
    }
    for (Socket s : List.copyOf(open)) {
      closeQuietly(s);
    }
    offers.clear();
  }
}
