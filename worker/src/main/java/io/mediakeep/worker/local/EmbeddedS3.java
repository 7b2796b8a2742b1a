package io.mediakeep.worker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 server (s3proxy) inside this process, on the file system when a directory is given and in
 * memory otherwise. It checks AWS v4 signatures and x-amz-checksum-sha256 like S3 does.
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "mediakeep";
  public static final String SECRET_KEY = "mediakeep-secret";

  private final S3Proxy proxy;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  public static EmbeddedS3 start(String host, int port, Path dataDir) {
    try {
      var blobStore =
          dataDir == null
              ? new TransientNio2BlobStore()
              : new FilesystemNio2BlobStore(
                  Files.createDirectories(dataDir).toAbsolutePath().toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(blobStore)
              .endpoint(URI.create("http://" + host + ":" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!proxy.getState().equals("STARTED")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      return new EmbeddedS3(proxy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded S3 server on port " + port, e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded S3 server", e);
    }
  }
}
