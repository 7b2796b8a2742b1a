package io.mediakeep.worker.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate for 127.0.0.1, made with the JDK's keytool: the server side for a test
 * proxy and the trust managers for the client that talks to it.
 */
final class SelfSignedTls {

  private static final char[] PASSWORD = "mediakeep".toCharArray();

  private final KeyStore keyStore;

  private SelfSignedTls(KeyStore keyStore) {
    this.keyStore = keyStore;
  }

  static SelfSignedTls create() throws IOException, InterruptedException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("mediakeep-tls-");
    Path file = dir.resolve("proxy.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process keytoolRun =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "proxy",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=IP:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytoolRun.getInputStream().readAllBytes());
    if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    Files.delete(file);
    Files.delete(dir);
    return new SelfSignedTls(store);
  }

  SSLContext serverContext() throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Trusts this certificate and nothing else. */
  TrustManager[] trustManagers() throws GeneralSecurityException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    return trust.getTrustManagers();
  }
}
