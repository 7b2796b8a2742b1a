package io.mediakeep.worker.tracing;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.NewAsset;
import io.mediakeep.worker.core.ObjectStore;
import io.mediakeep.worker.core.SourceFetcher;
import io.mediakeep.worker.core.SourceHost;
import io.mediakeep.worker.core.StoredAsset;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The processing core's ports with a span around each call, children of the event's span (the
 * current context of the thread that processes it). Source URLs are signed and expire, so a fetch
 * span names the host, never the URL.
 */
final class TracedPorts {

  private TracedPorts() {}

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T traced(Span span, Call<T> call) throws IOException {
    try (Scope ignored = span.makeCurrent()) {
      return call.run();
    } catch (IOException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private static <T> T unchecked(Span span, Supplier<T> call) {
    try {
      return traced(span, call::get);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a Supplier throws none
    }
  }

  record Fetcher(SourceFetcher delegate, Tracer tracer) implements SourceFetcher {
    @Override
    public FetchedMedia fetch(String url, MediaKind expected, String provider) throws IOException {
      Span span =
          tracer
              .spanBuilder("mediakeep.fetch")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("server.address", String.valueOf(SourceHost.of(url)))
              .setAttribute("mediakeep.media.kind", expected.name())
              .startSpan();
      return traced(
          span,
          () -> {
            FetchedMedia media = delegate.fetch(url, expected, provider);
            span.setAttribute("mediakeep.media.bytes", media.sizeBytes());
            return media;
          });
    }
  }

  record Store(ObjectStore delegate, Tracer tracer) implements ObjectStore {
    private Span span(String operation, String bucket, String key) {
      return tracer
          .spanBuilder("mediakeep.store")
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("rpc.method", operation)
          .setAttribute("aws.s3.bucket", bucket)
          .setAttribute("aws.s3.key", key)
          .startSpan();
    }

    @Override
    public void put(String bucket, String key, FetchedMedia media) throws IOException {
      traced(
          span("PutObject", bucket, key),
          () -> {
            delegate.put(bucket, key, media);
            return null;
          });
    }

    @Override
    public void delete(String bucket, String key) throws IOException {
      traced(
          span("DeleteObject", bucket, key),
          () -> {
            delegate.delete(bucket, key);
            return null;
          });
    }

    @Override
    public List<String> deleteAll(String bucket, List<String> keys) throws IOException {
      return delegate.deleteAll(bucket, keys);
    }

    @Override
    public void copy(String fromBucket, String fromKey, String toBucket, String toKey, long size)
        throws IOException {
      traced(
          span("CopyObject", toBucket, toKey),
          () -> {
            delegate.copy(fromBucket, fromKey, toBucket, toKey, size);
            return null;
          });
    }
  }

  record Ledger(AssetLedger delegate, Tracer tracer) implements AssetLedger {
    private Span span(String operation) {
      return tracer
          .spanBuilder("mediakeep.record")
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system.name", "postgresql")
          .setAttribute("db.operation.name", operation)
          .startSpan();
    }

    @Override
    public Optional<StoredAsset> find(AssetKey key) {
      return delegate.find(key);
    }

    @Override
    public Lookup lookup(AssetKey key, UUID ownerId) {
      return unchecked(span("lookup"), () -> delegate.lookup(key, ownerId));
    }

    @Override
    public Recorded record(NewAsset asset) {
      Span span = span("record");
      return unchecked(
          span,
          () -> {
            Recorded recorded = delegate.record(asset);
            span.setAttribute("mediakeep.record.result", recorded.result().name());
            return recorded;
          });
    }
  }
}
