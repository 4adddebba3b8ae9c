package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a registered address is read and compared with a certificate's names. */
class PeerIdentityTest {
  private final PeerIdentity identity = new PeerIdentity(id -> null);

  @Test
  void theHostOfARegisteredAddressIsReadForIpv4Ipv6AndNames() {
    assertThat(PeerIdentity.host("10.0.0.5:7001")).isEqualTo("10.0.0.5");
    assertThat(PeerIdentity.host("[::1]:7001")).isEqualTo("::1");
    assertThat(PeerIdentity.host("node-3.example:7001")).isEqualTo("node-3.example");
  }

  @Test
  void anAddressMatchesTheSameAddressHoweverWrittenAndNeverAnother() {
    assertThat(identity.sameHost("::1", "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(identity.sameHost("127.0.0.1", "127.0.0.1")).isTrue();
    assertThat(identity.sameHost("127.0.0.1", "10.9.9.9")).isFalse();
    assertThat(identity.sameHost("node-3.example", "NODE-3.example")).isTrue();
    assertThat(identity.sameHost("127.0.0.1", "localhost")).as("a name resolved").isTrue();
    assertThat(identity.sameHost("10.9.9.9", "localhost")).isFalse();
  }
}
