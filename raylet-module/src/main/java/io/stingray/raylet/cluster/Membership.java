package io.stingray.raylet.cluster;

import io.stingray.api.exception.RayException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may act for the cluster while it is split. Ray has one GCS process to say who is right;
 * Stingray has none, so after members leave, only the side that holds a majority of the last stable
 * membership keeps going: it restarts actors, reruns tasks, claims names and places placement
 * groups. With exactly half (two nodes split 1|1, four 2|2), the side that holds the lowest node id
 * of that membership keeps going: the tie-breaker. The other side is <b>fenced</b>: it finishes or
 * fails what it runs and does none of those things, and says why ({@link #fenced()}), until the
 * partition heals and it is back in a majority.
 *
 * <p>A node that leaves gracefully (its row in the node table says dead before it leaves) is not
 * counted as missing: a cluster that is scaled down stays unfenced. Members are node ids in hex.
 * Thread-safe.
 */
public final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final String self;
  private Set<String> stable; // the last membership in which this node was on the deciding side
  private volatile String fence; // null while this node may act

  /**
   * @param members the members when this node joined (this node among them)
   */
  public Membership(String self, Collection<String> members) {
    this.self = self;
    this.stable = sorted(members);
    this.stable.add(self);
  }

  /**
   * The view changed: {@code members} are the members now (this node among them), {@code
   * leftGracefully} those of the last stable membership that left on purpose.
   *
   * @return whether this node may act now
   */
  public synchronized boolean viewChanged(
      Collection<String> members, Collection<String> leftGracefully) {
    Set<String> now = sorted(members);
    now.add(self);
    Set<String> base = sorted(stable);
    base.removeAll(leftGracefully);
    if (fence == null) { // nodes that joined the deciding side count; a fenced side's do not
      base.addAll(now.stream().filter(m -> !stable.contains(m)).toList());
    }
    Set<String> present = sorted(now);
    present.retainAll(base);
    boolean majority = present.size() * 2 > base.size();
    boolean tieWon = present.size() * 2 == base.size() && present.contains(lowest(base));
    String was = fence;
    if (majority || tieWon) {
      stable = now;
      fence = null;
      if (was != null) {
        LOG.warn(
            "this node is on the deciding side again ({} of {} nodes): fence lifted",
            present.size(),
            base.size());
      }
      return true;
    }
    fence =
        "this node is in a minority partition: it sees "
            + present.size()
            + " of the "
            + base.size()
            + " nodes of the last stable membership"
            + (present.size() * 2 == base.size()
                ? " (exactly half, and the lowest node id "
                    + lowest(base)
                    + " is on the other side)"
                : "")
            + ", so it restarts no actor, reruns no task, claims no name and places no placement"
            + " group until the partition heals";
    if (was == null) {
      LOG.warn("fenced: {}", fence);
    }
    return false;
  }

  /** Why this node is fenced, or null while it may act. */
  public String fenced() {
    return fence;
  }

  /**
   * Refuses an action only the deciding side may take.
   *
   * @throws RayException naming the action and why this node is fenced
   */
  public void check(String action) {
    String f = fence;
    if (f != null) {
      throw new RayException("cannot " + action + " now: " + f);
    }
  }

  /** The members of the last stable membership (for the console and tests). */
  public synchronized Set<String> stable() {
    return Set.copyOf(stable);
  }

  private static Set<String> sorted(Collection<String> members) {
    Set<String> s = new TreeSet<>(Comparator.naturalOrder());
    s.addAll(members);
    return s;
  }

  private static String lowest(Set<String> members) {
    return members.stream().min(Comparator.naturalOrder()).orElse("");
  }
}
