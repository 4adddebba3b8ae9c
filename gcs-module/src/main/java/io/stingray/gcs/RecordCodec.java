package io.stingray.gcs;

import io.stingray.api.ActorId;
import io.stingray.api.BaseId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Encodes table rows as plain bytes, field by field, so that the replicated caches hold only {@code
 * byte[]} values: nothing a peer sends is ever run through Java deserialization. Every count read
 * back is checked against the bytes left before anything is allocated for it; a malformed row gives
 * {@link IllegalStateException} ("corrupt GCS record"), and {@link #decodeAll} skips such rows
 * (logged) so that one cannot make a whole table unreadable.
 */
final class RecordCodec {
  private static final byte VERSION = 1;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordCodec.class);

  private RecordCodec() {}

  static byte[] encode(NodeRecord r) {
    return write(
        out -> {
          writeId(out, r.id());
          writeString(out, r.name());
          writeString(out, r.address());
          out.writeBoolean(r.alive());
          writeDoubles(out, r.totalResources());
          writeDoubles(out, r.availableResources());
          out.writeInt(r.labels().size());
          for (Map.Entry<String, String> e : r.labels().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
          out.writeInt(r.jobs().size());
          for (JobId j : r.jobs()) {
            writeId(out, j);
          }
          out.writeLong(r.heartbeatMillis());
        });
  }

  static NodeRecord decodeNode(byte[] bytes) {
    return read(
        bytes,
        in -> {
          NodeId id = readId(in, NodeId::of);
          String name = readString(in);
          String address = readString(in);
          boolean alive = in.readBoolean();
          Map<String, Double> total = readDoubles(in);
          Map<String, Double> available = readDoubles(in);
          int n = count(in);
          Map<String, String> labels = new HashMap<>();
          for (int i = 0; i < n; i++) {
            labels.put(in.readUTF(), in.readUTF());
          }
          int jobs = count(in);
          Set<JobId> jobIds = new HashSet<>();
          for (int i = 0; i < jobs; i++) {
            jobIds.add(readId(in, JobId::of));
          }
          return new NodeRecord(
              id, name, address, alive, total, available, labels, jobIds, in.readLong());
        });
  }

  static byte[] encode(JobRecord r) {
    return write(
        out -> {
          writeId(out, r.id());
          writeString(out, r.name());
          writeString(out, r.namespace());
          writeId(out, r.driverNode());
          out.writeLong(r.startMillis());
          out.writeLong(r.endMillis());
        });
  }

  static JobRecord decodeJob(byte[] bytes) {
    return read(
        bytes,
        in ->
            new JobRecord(
                readId(in, JobId::of),
                readString(in),
                readString(in),
                readId(in, NodeId::of),
                in.readLong(),
                in.readLong()));
  }

  static byte[] encode(ActorRecord r) {
    return write(
        out -> {
          writeId(out, r.id());
          writeId(out, r.job());
          writeString(out, r.className());
          writeString(out, r.name());
          writeString(out, r.namespace());
          out.writeByte(r.state().ordinal());
          writeId(out, r.node());
          out.writeInt(r.numRestarts());
          out.writeBoolean(r.detached());
          writeString(out, r.deathCause());
          out.writeInt(r.maxTaskRetries());
        });
  }

  static ActorRecord decodeActor(byte[] bytes) {
    return read(
        bytes,
        in ->
            new ActorRecord(
                readId(in, ActorId::of),
                readId(in, JobId::of),
                readString(in),
                readString(in),
                readString(in),
                ActorState.values()[in.readByte()],
                readId(in, NodeId::of),
                in.readInt(),
                in.readBoolean(),
                readString(in),
                in.readInt()));
  }

  static byte[] encode(PlacementGroupRecord g) {
    return write(
        out -> {
          writeId(out, g.id());
          writeString(out, g.name());
          writeString(out, g.strategy());
          writeString(out, g.state());
          writeId(out, g.creator());
          out.writeInt(g.bundles().size());
          for (Map<String, Double> b : g.bundles()) {
            writeDoubles(out, b);
          }
          out.writeInt(g.bundleNodes().size());
          for (Map.Entry<Integer, NodeId> e : g.bundleNodes().entrySet()) {
            out.writeInt(e.getKey());
            writeId(out, e.getValue());
          }
        });
  }

  static PlacementGroupRecord decodeGroup(byte[] bytes) {
    return read(
        bytes,
        in -> {
          io.stingray.api.PlacementGroupId id = readId(in, io.stingray.api.PlacementGroupId::of);
          String name = readString(in);
          String strategy = readString(in);
          String state = readString(in);
          NodeId creator = readId(in, NodeId::of);
          int n = count(in);
          java.util.List<Map<String, Double>> bundles = new java.util.ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            bundles.add(readDoubles(in));
          }
          int m = count(in);
          Map<Integer, NodeId> nodes = new HashMap<>();
          for (int i = 0; i < m; i++) {
            nodes.put(in.readInt(), readId(in, NodeId::of));
          }
          return new PlacementGroupRecord(id, name, strategy, state, creator, bundles, nodes);
        });
  }

  static byte[] encodeId(BaseId id) {
    return write(out -> writeId(out, id));
  }

  static <T extends BaseId> T decodeId(byte[] bytes, BiFunction<Long, Long, T> factory) {
    return read(bytes, in -> readId(in, factory));
  }

  // ---- primitives

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("GCS record of unknown version " + version);
      }
      T value = r.read(in);
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the record");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalStateException already) {
        throw already;
      }
      throw new IllegalStateException("corrupt GCS record: " + e, e);
    }
  }

  /**
   * A count of elements that follow, each taking at least one byte: refused unless the bytes left
   * can hold it (a forged count must not make a node allocate for it).
   */
  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("a count of " + n + " with " + in.available() + " bytes left");
    }
    return n;
  }

  /**
   * Decodes every row of a table, skipping (and logging) those that cannot be read: one malformed
   * row must not make the table unreadable on every node.
   */
  static <T> java.util.List<T> decodeAll(
      java.util.Collection<byte[]> rows,
      java.util.function.Function<byte[], T> decode,
      String table) {
    java.util.List<T> out = new java.util.ArrayList<>(rows.size());
    for (byte[] row : rows) {
      try {
        out.add(decode.apply(row));
      } catch (IllegalStateException bad) {
        LOG.warn("skipping a row of the {} table: {}", table, bad.getMessage());
      }
    }
    return out;
  }

  private static void writeId(DataOutputStream out, BaseId id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.high());
      out.writeLong(id.low());
    }
  }

  private static <T extends BaseId> T readId(DataInputStream in, BiFunction<Long, Long, T> f)
      throws IOException {
    return in.readBoolean() ? f.apply(in.readLong(), in.readLong()) : null;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void writeDoubles(DataOutputStream out, Map<String, Double> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, Double> e : m.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
  }

  private static Map<String, Double> readDoubles(DataInputStream in) throws IOException {
    int n = count(in);
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.readUTF(), in.readDouble());
    }
    return m;
  }
}
