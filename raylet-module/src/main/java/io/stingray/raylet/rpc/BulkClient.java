package io.stingray.raylet.rpc;

import io.stingray.raylet.serialization.ChunkedBytes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The puller's side of the object port ({@link BulkServer}): presents a ticket and reads an
 * object's bytes into chunks of {@link ChunkedBytes#CHUNK_SIZE}. Blocking; call it on an executor
 * thread, never on a network thread. Stateless and thread-safe.
 */
final class BulkClient {
  static final int CONNECT_TIMEOUT_MS = 5_000;

  /** The longest wait for the next bytes; a holder that stalls this long is given up on. */
  static final int READ_TIMEOUT_MS = 30_000;

  private BulkClient() {}

  /** The object port could not be connected to (a firewall, a port not published). */
  static final class Unreachable extends IOException {
    Unreachable(String message, IOException cause) {
      super(message, cause);
    }
  }

  /**
   * Reads {@code size} bytes of the object the ticket stands for.
   *
   * @param tls the object port's TLS context, or null for plain TCP
   * @throws IOException if the port cannot be reached, the holder refuses the ticket (the message
   *     says why), or the bytes stop short
   */
  static List<byte[]> read(
      String host, int port, byte[] ticket, long size, javax.net.ssl.SSLContext tls)
      throws IOException {
    return read(host, port, ticket, size, tls, new java.util.zip.CRC32C());
  }

  /**
   * As {@link #read(String, int, byte[], long, javax.net.ssl.SSLContext)}, updating {@code
   * received} with each chunk as it arrives (while the next bytes are on their way).
   */
  static List<byte[]> read(
      String host,
      int port,
      byte[] ticket,
      long size,
      javax.net.ssl.SSLContext tls,
      java.util.zip.Checksum received)
      throws IOException {
    try (Socket s = tls == null ? new Socket() : tls.getSocketFactory().createSocket()) {
      try {
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        throw new Unreachable(host + ":" + port + ": " + e.getMessage(), e);
      }
      s.setSoTimeout(READ_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      if (s instanceof javax.net.ssl.SSLSocket secure) {
        javax.net.ssl.SSLParameters p = secure.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the holder's certificate names its host
        secure.setSSLParameters(p);
        secure.startHandshake();
      }
      OutputStream out = s.getOutputStream();
      byte[] hello = new byte[BulkServer.MAGIC.length + ticket.length];
      System.arraycopy(BulkServer.MAGIC, 0, hello, 0, BulkServer.MAGIC.length);
      System.arraycopy(ticket, 0, hello, BulkServer.MAGIC.length, ticket.length);
      out.write(hello);
      out.flush();
      return answer(s.getInputStream(), size, received);
    }
  }

  /**
   * Reads the object port's answer to a hello: a status byte, then the refusal's reason or the
   * object's {@code size} bytes in chunks.
   *
   * @throws IOException if the holder refused (the message says why), answered something else, or
   *     the bytes stop short
   */
  static List<byte[]> answer(InputStream raw, long size, java.util.zip.Checksum received)
      throws IOException {
    if (size < 0) {
      throw new IOException("the pull's header announced " + size + " bytes");
    }
    DataInputStream in = new DataInputStream(raw);
    int status = in.read();
    if (status == BulkServer.REFUSED) {
      byte[] reason = new byte[in.readUnsignedShort()];
      in.readFully(reason);
      throw new IOException(
          "the object port refused: " + new String(reason, StandardCharsets.UTF_8));
    }
    if (status != BulkServer.OK) {
      throw new IOException("the object port answered " + status + " instead of 0 or 1");
    }
    return chunks(in, size, received);
  }

  private static List<byte[]> chunks(InputStream in, long size, java.util.zip.Checksum received)
      throws IOException {
    // grown as bytes come: a size the holder got wrong costs nothing until bytes arrive
    List<byte[]> chunks = new ArrayList<>((int) Math.min(size / ChunkedBytes.CHUNK_SIZE + 1, 1024));
    long left = size;
    while (left > 0) {
      byte[] chunk = new byte[(int) Math.min(ChunkedBytes.CHUNK_SIZE, left)];
      int n = in.readNBytes(chunk, 0, chunk.length);
      if (n < chunk.length) {
        throw new IOException(
            "the object's bytes stopped after " + (size - left + n) + " of " + size);
      }
      received.update(chunk, 0, n);
      chunks.add(chunk);
      left -= n;
    }
    return chunks;
  }
}
