package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitScannerTest {

  /** A pgjdbc Parse message for COMMIT, as it appears on the wire. */
  private static final byte[] PARSE_COMMIT = "P\0\0\0\u000e\0COMMIT\0\0\0".getBytes(ISO_8859_1);

  private static int scan(CommitScanner scanner, String text) {
    byte[] bytes = text.getBytes(ISO_8859_1);
    return scanner.scan(bytes, 0, bytes.length);
  }

  @Test
  void findsCommitInAParseMessage() {
    assertThat(new CommitScanner().scan(PARSE_COMMIT, 0, PARSE_COMMIT.length)).isEqualTo(1);
  }

  @Test
  void findsCommitSplitAtEveryPoint() {
    for (int split = 0; split <= PARSE_COMMIT.length; split++) {
      CommitScanner scanner = new CommitScanner();
      int found =
          scanner.scan(PARSE_COMMIT, 0, split)
              + scanner.scan(PARSE_COMMIT, split, PARSE_COMMIT.length - split);
      assertThat(found).as("split at %d", split).isEqualTo(1);
    }
  }

  @Test
  void ignoresCommitInsideLongerWords() {
    CommitScanner scanner = new CommitScanner();
    assertThat(scan(scanner, "\0SET TRANSACTION ISOLATION LEVEL READ COMMITTED\0")).isZero();
    assertThat(scan(scanner, "\0select XCOMMIT, COMMIT_ID\0")).isZero();
  }

  @Test
  void countsEveryCommit() {
    CommitScanner scanner = new CommitScanner();
    assertThat(scan(scanner, "\0COMMIT\0\0COMMIT;")).isEqualTo(2);
    assertThat(scan(scanner, "\0COMMIT")).isZero();
    assertThat(scan(scanner, "\0")).isEqualTo(1);
  }
}
