package io.stingray.raylet;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;

/**
 * A JGroups protocol for tests that cuts the network between members of one JVM: placed right above
 * the transport (see {@code partitionable-jgroups.xml}), it drops every message a member receives
 * from a member it is cut from, heartbeats and merge probes included, so failure detection, views
 * and merges run as on a real partition. Members are JGroups logical names (node ids in hex).
 */
public class Partitions extends Protocol {
  private static final Set<String> CUT = ConcurrentHashMap.newKeySet(); // "from>to"

  /** Cuts the network between the two groups, both ways. */
  public static void split(Set<String> one, Set<String> other) {
    for (String a : one) {
      for (String b : other) {
        CUT.add(a + ">" + b);
        CUT.add(b + ">" + a);
      }
    }
  }

  /** Heals every cut. */
  public static void heal() {
    CUT.clear();
  }

  private boolean cut(Address from) {
    Address self = addr();
    return from != null
        && self != null
        && !CUT.isEmpty()
        && CUT.contains(NameCache.get(from) + ">" + NameCache.get(self));
  }

  @Override
  public Object up(Message msg) {
    return cut(msg.getSrc()) ? null : up_prot.up(msg);
  }

  @Override
  public void up(MessageBatch batch) {
    if (cut(batch.sender())) {
      return;
    }
    up_prot.up(batch);
  }
}
