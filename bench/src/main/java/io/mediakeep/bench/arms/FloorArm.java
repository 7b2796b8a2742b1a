package io.mediakeep.bench.arms;

import com.sun.management.OperatingSystemMXBean;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy floor: GET each source and PUT its bytes to S3 with the HTTP client library and the S3
 * client mediakeep uses, as many at once as mediakeep keeps in flight; no Kafka, no database, no
 * checks. What the machine allows. Reads {@code url TAB key} lines from {@code BENCH_URLS}, copies
 * the first {@code BENCH_WARMUP} of them unmeasured, then prints {@code FLOOR copies bytes nanos}
 * of the rest and exits.
 */
public final class FloorArm {

  private FloorArm() {}

  public static void main(String[] args) throws Exception {
    ArmSettings settings = ArmSettings.fromEnv(System.getenv());
    List<String> lines = Files.readAllLines(Path.of(System.getenv("BENCH_URLS")));
    int concurrency = settings.concurrency();
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    try (CloseableHttpClient http =
            HttpClients.custom()
                .setConnectionManager(
                    PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1024)
                        .setMaxConnPerRoute(64)
                        .build())
                .disableContentCompression()
                .disableAutomaticRetries()
                .build();
        S3Client s3 =
            S3Clients.create(
                new S3Settings(
                    settings.s3Endpoint(),
                    "us-east-1",
                    settings.s3AccessKey(),
                    settings.s3SecretKey(),
                    true),
                concurrency + 16);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore inFlight = new Semaphore(concurrency);
      int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "0"));
      long start = 0;
      var cpu = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (i == warmup) {
          inFlight.acquire(concurrency); // the warm-up copies are done; measure from here
          inFlight.release(concurrency);
          bytes.set(0);
          start = System.nanoTime();
          cpuStart = cpu.getProcessCpuTime();
        }
        String line = lines.get(i);
        String[] parts = line.split("\t");
        inFlight.acquire();
        threads.submit(
            () -> {
              try {
                byte[] body =
                    http.execute(
                        new HttpGet(parts[0]),
                        response -> {
                          try (InputStream in = response.getEntity().getContent()) {
                            return in.readAllBytes();
                          }
                        });
                s3.putObject(
                    put -> put.bucket(settings.bucket()).key("floor/" + parts[1] + ".png"),
                    // As mediakeep sends a body it holds: read in place, not copied once more.
                    RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(body), body.length, "image/png"));
                bytes.addAndGet(body.length);
              } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                System.err.println("copy failed: " + parts[0] + ": " + e);
              } finally {
                inFlight.release();
              }
            });
      }
      inFlight.acquire(concurrency);
      long nanos = System.nanoTime() - start;
      long cpuNanos = cpu.getProcessCpuTime() - cpuStart;
      System.out.printf(
          "FLOOR %d %d %d %d%n",
          lines.size() - warmup - failures.get(), bytes.get(), nanos, cpuNanos);
    }
  }
}
