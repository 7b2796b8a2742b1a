package io.mediakeep.bench.arms;

import com.sun.management.OperatingSystemMXBean;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3Settings;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy floor: GET each source and PUT its bytes to S3 with the HTTP client library and the S3
 * client mediakeep uses, as many at once as mediakeep keeps in flight; no Kafka, no database, no
 * checks. What the machine allows. A long-running process, as the other arms are: each line on
 * standard input, {@code ID URLS WARMUP}, names a file of {@code url TAB key} lines; it copies the
 * first {@code WARMUP} of them unmeasured, then prints {@code FLOOR ID copies bytes nanos cpuNanos
 * jitNanos} of the rest. It exits at the end of its input.
 */
public final class FloorArm {

  private FloorArm() {}

  public static void main(String[] args) throws Exception {
    ArmSettings settings = ArmSettings.fromEnv(System.getenv());
    int concurrency = settings.concurrency();
    try (CloseableHttpClient http =
            HttpClients.custom()
                .setConnectionManager(
                    PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1024)
                        .setMaxConnPerRoute(64)
                        // As mediakeep's downloads: a connection idle a while is checked first.
                        .setDefaultConnectionConfig(
                            ConnectionConfig.custom()
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
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
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        BufferedReader commands =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String command;
      while ((command = commands.readLine()) != null) {
        String[] words = command.trim().split(" ");
        if (words.length != 3) {
          System.err.println("floor: expected ID URLS WARMUP, got: " + command);
          continue;
        }
        List<String> lines = Files.readAllLines(Path.of(words[1]));
        String result =
            copy(http, s3, threads, settings, lines, Integer.parseInt(words[2]), concurrency);
        System.out.println("FLOOR " + words[0] + " " + result);
        System.out.flush();
      }
    }
  }

  private static String copy(
      CloseableHttpClient http,
      S3Client s3,
      ExecutorService threads,
      ArmSettings settings,
      List<String> lines,
      int warmup,
      int concurrency)
      throws InterruptedException {
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    Semaphore inFlight = new Semaphore(concurrency);
    long start = System.nanoTime();
    var cpu = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long pid = ProcessHandle.current().pid();
    long cpuStart = cpu.getProcessCpuTime();
    double jitStart = Compilers.seconds(pid);
    for (int i = 0; i < lines.size(); i++) {
      if (i == warmup) {
        inFlight.acquire(concurrency); // the warm-up copies are done; measure from here
        inFlight.release(concurrency);
        bytes.set(0);
        failures.set(0);
        start = System.nanoTime();
        cpuStart = cpu.getProcessCpuTime();
        jitStart = Compilers.seconds(pid);
      }
      String[] parts = lines.get(i).split("\t");
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
    inFlight.release(concurrency);
    long nanos = System.nanoTime() - start;
    long cpuNanos = cpu.getProcessCpuTime() - cpuStart;
    long jitNanos = Math.round((Compilers.seconds(pid) - jitStart) * 1e9);
    return String.format(
        "%d %d %d %d %d",
        lines.size() - warmup - failures.get(), bytes.get(), nanos, cpuNanos, jitNanos);
  }
}
