package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.worker.core.Reconciliation.Finding;
import io.mediakeep.worker.core.Reconciliation.ListedObject;
import io.mediakeep.worker.core.Reconciliation.NamedObject;
import io.mediakeep.worker.core.Reconciliation.RowKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The side-by-side walk of a listing and the rows, over lists in S3 key order. */
class ReconciliationTest {

  private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");
  private static final Instant OLD = STARTED.minus(Duration.ofDays(1));
  private static final UUID OWNER = UUID.randomUUID();

  private static ListedObject object(String key, long size, Instant modified) {
    return new ListedObject(key, size, modified);
  }

  private static NamedObject row(String key, RowKind kind, long size, Instant created) {
    return new NamedObject(key, kind, UUID.randomUUID(), OWNER, size, created);
  }

  private static List<Finding> scan(List<ListedObject> objects, List<NamedObject> rows) {
    List<Finding> found = new ArrayList<>();
    Reconciliation.Summary summary = scanInto(objects, rows, found);
    assertThat(summary.findings()).isEqualTo(found.size());
    return found;
  }

  private static Reconciliation.Summary scanInto(
      List<ListedObject> objects, List<NamedObject> rows, List<Finding> found) {
    Reconciliation.ReconcileLedger ledger =
        new Reconciliation.ReconcileLedger() {
          @Override
          public Iterator<NamedObject> rows(String bucket, String prefix) {
            return rows.iterator();
          }

          @Override
          public boolean isNamed(String bucket, String key) {
            return false;
          }

          @Override
          public Optional<Long> lose(
              String bucket, NamedObject row, Long foundSizeBytes, Instant at) {
            return Optional.empty();
          }
        };
    try {
      return new Reconciliation((b, p) -> objects.iterator(), ledger)
          .scan(
              "b",
              "",
              Duration.ofHours(1),
              STARTED,
              new Reconciliation.Listener() {
                @Override
                public void found(Finding finding) {
                  found.add(finding);
                }

                @Override
                public void progress(String bucket, Reconciliation.Summary soFar) {}
              });
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void matchingObjectsAndRowsAreNoFinding() {
    assertThat(
            scan(
                List.of(object("a", 1, OLD), object("b", 2, OLD)),
                List.of(row("a", RowKind.ASSET, 1, OLD), row("b", RowKind.LIBRARY, 2, OLD))))
        .isEmpty();
  }

  @Test
  void eachKindOfDriftIsFoundWhereverItFallsInTheOrder() {
    List<Finding> found =
        scan(
            List.of(object("a", 1, OLD), object("c", 9, OLD), object("e", 5, OLD)),
            List.of(
                row("b", RowKind.ASSET, 1, OLD),
                row("c", RowKind.ASSET, 3, OLD),
                row("e", RowKind.ASSET, 5, OLD),
                row("f", RowKind.LIBRARY, 5, OLD)));

    assertThat(found)
        .extracting(f -> f.getClass().getSimpleName() + " " + f.key())
        .containsExactly("Orphan a", "Missing b", "WrongSize c", "Missing f");
  }

  @Test
  void aFreshObjectIsNoOrphanAndANewRowIsNotJudged() {
    assertThat(
            scan(
                List.of(object("a", 1, STARTED.minusSeconds(60))),
                List.of(row("b", RowKind.ASSET, 1, STARTED.plusSeconds(1)))))
        .isEmpty();
  }

  @Test
  void aKnownRowKeepsItsObjectFromBeingAnOrphanAndIsNeverMissing() {
    assertThat(
            scan(
                List.of(object("a", 1, OLD)),
                List.of(row("a", RowKind.KNOWN, 7, OLD), row("z", RowKind.KNOWN, 1, OLD))))
        .isEmpty();
  }

  @Test
  void twoRowsOfOneKeyAreBothJudgedAgainstTheOneObject() {
    List<Finding> found =
        scan(
            List.of(object("a", 1, OLD), object("b", 1, OLD)),
            List.of(
                row("a", RowKind.ASSET, 1, OLD),
                row("a", RowKind.KNOWN, 1, OLD),
                row("b", RowKind.ASSET, 1, OLD)));
    assertThat(found).isEmpty();
  }

  @Test
  void keysAreComparedAsS3OrdersThemByUtf8Bytes() {
    // U+FF21 (3 UTF-8 bytes EF BC A1) sorts before U+1F600 (4 bytes F0 ...) in UTF-8, though
    // Java's UTF-16 compareTo puts the surrogate pair (D83D) first.
    String fullwidth = "k\uFF21";
    String emoji = "k\uD83D\uDE00";
    assertThat(Reconciliation.S3_ORDER.compare(fullwidth, emoji)).isNegative();
    assertThat(fullwidth.compareTo(emoji)).isPositive();
    assertThat(
            scan(
                List.of(object(fullwidth, 1, OLD), object(emoji, 1, OLD)),
                List.of(row(fullwidth, RowKind.ASSET, 1, OLD), row(emoji, RowKind.ASSET, 1, OLD))))
        .isEmpty();
  }

  @Test
  void aLongWalkCountsEverything() {
    List<ListedObject> objects =
        IntStream.range(0, 5000).mapToObj(i -> object("k%05d".formatted(i), 1, OLD)).toList();
    List<NamedObject> rows =
        IntStream.range(0, 5000)
            .filter(i -> i % 1000 != 0)
            .mapToObj(i -> row("k%05d".formatted(i), RowKind.ASSET, 1, OLD))
            .toList();
    List<Finding> found = new ArrayList<>();
    Reconciliation.Summary summary = scanInto(objects, rows, found);
    assertThat(summary.objects()).isEqualTo(5000);
    assertThat(summary.rows()).isEqualTo(4995);
    assertThat(summary.orphans()).isEqualTo(5);
    assertThat(summary.orphanBytes()).isEqualTo(5);
  }
}
