package io.stingray.api.admin;

import java.util.List;

/**
 * An object with an entry on this server's node: one it owns, or a secondary copy of another node's
 * object.
 *
 * @param state PENDING, READY or FAILED
 * @param owner the owning node's id, or the first 16 hex digits of it if that node is unknown
 * @param references live refs on this node (including pins for nodes that borrow it)
 * @param copies the nodes whose store holds a copy, from the GCS object directory (empty for an
 *     object small enough to travel inline)
 */
public record ObjectView(
    String id,
    String state,
    long sizeBytes,
    String owner,
    String location,
    int references,
    boolean spilled,
    boolean secondaryCopy,
    List<String> copies) {}
