package io.mediakeep.worker.faults;

/**
 * Finds the SQL word {@code COMMIT} in a client-to-server PostgreSQL byte stream, one read at a
 * time. pgjdbc sends {@code COMMIT} as query text inside a Parse or Query message; the state kept
 * between reads finds it even when a read splits it.
 *
 * <p>Only the whole word counts: the bytes on both sides must not be identifier characters, so
 * {@code READ COMMITTED} (an isolation level pgjdbc may set) is not taken for a commit. The byte
 * after the word is in the same message (pgjdbc ends query text with a NUL), so a commit is
 * reported no later than the read that completes its message, before the server can answer it.
 */
final class CommitScanner {

  private static final byte[] WORD = {'C', 'O', 'M', 'M', 'I', 'T'};

  private int matched;
  private byte previous;

  /** How many commits end in these bytes. */
  int scan(byte[] bytes, int offset, int length) {
    int found = 0;
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (matched == WORD.length) {
        if (!isIdentifierPart(b)) {
          found++;
        }
        matched = 0;
      }
      if (b == WORD[matched] && (matched > 0 || !isIdentifierPart(previous))) {
        matched++;
      } else {
        // No proper prefix of COMMIT recurs inside it, so a mismatch can only restart at a 'C'.
        matched = b == WORD[0] && !isIdentifierPart(previous) ? 1 : 0;
      }
      previous = b;
    }
    return found;
  }

  private static boolean isIdentifierPart(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || b == '_'
        || b == '$';
  }
}
