package io.stingray.benchmarks.peers;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A Hazelcast member on loopback only (TCP join on 127.0.0.1:5701-5702, multicast off). Run as a
 * main it is the second member, in its own JVM, until the first member shuts the cluster down.
 */
public final class HazelcastMember {
  private HazelcastMember() {}

  public static HazelcastInstance start() {
    Config c = new Config();
    c.setClusterName("stingray-bench");
    c.setProperty("hazelcast.logging.type", "none");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    var net = c.getNetworkConfig();
    net.setPort(5701).setPortAutoIncrement(true).setPortCount(2);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    var join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5701").addMember("127.0.0.1:5702");
    return Hazelcast.newHazelcastInstance(c);
  }

  public static void main(String[] args) throws InterruptedException {
    HazelcastInstance hz = start();
    System.out.println("HAZELCAST MEMBER READY");
    while (hz.getLifecycleService().isRunning()) {
      Thread.sleep(200);
    }
  }
}
