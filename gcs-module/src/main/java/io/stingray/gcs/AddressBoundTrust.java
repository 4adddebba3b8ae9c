package io.stingray.gcs;

import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust of a JGroups TLS connection: the peer's certificate must chain to the cluster's trust
 * file (PKIX, as before) <em>and</em> name the address at the other end of the connection. A GCS
 * member can so speak only from the address its certificate names: a certificate of the cluster's
 * authority made for one node does not let its holder join from elsewhere. Checked in both
 * directions (the joining side checks the member it connects to). Thread-safe.
 */
final class AddressBoundTrust extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(AddressBoundTrust.class);

  private final X509ExtendedTrustManager pkix;
  private final CertificateNames names = new CertificateNames();

  AddressBoundTrust(KeyStore trust) {
    try {
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(trust);
      X509ExtendedTrustManager found = null;
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          found = x;
        }
      }
      if (found == null) {
        throw new IllegalStateException("this JVM has no PKIX trust manager");
      }
      this.pkix = found;
    } catch (java.security.GeneralSecurityException e) {
      throw new GcsException("cannot read the trust file for JGroups: " + e, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
    fits(chain, socket == null ? null : socket.getInetAddress());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
    fits(chain, socket == null ? null : socket.getInetAddress());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
    fits(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
    fits(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("no connection to check the certificate's address against");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("no connection to check the certificate's address against");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void fits(X509Certificate[] chain, InetAddress peer) throws CertificateException {
    fits(chain, peer == null ? null : peer.getHostAddress());
  }

  private void fits(X509Certificate[] chain, String peer) throws CertificateException {
    if (peer == null) {
      throw new CertificateException("the address at the other end of the connection is unknown");
    }
    String why = names.mismatch(chain[0], peer, "the address it connects from or listens at");
    if (why != null) {
      LOG.warn("refused a JGroups TLS connection with {}: {}", peer, why);
      throw new CertificateException(why);
    }
  }
}
