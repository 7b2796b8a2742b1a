package io.mediakeep.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints on every command: the build's version and, where the build ran in a
 * git checkout, its commit (from the git.properties the build writes).
 */
public final class BuildVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  /** {@code mediakeep 0.1.0-SNAPSHOT (commit 1a2b3c4)}, or without the commit if unknown. */
  public static String line() {
    Properties git = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream("/mediakeep-git.properties")) {
      if (in != null) {
        git.load(in);
      }
    } catch (IOException e) {
      // no commit then
    }
    String version = git.getProperty("git.build.version");
    if (version == null || version.isBlank()) {
      version = BuildVersion.class.getPackage().getImplementationVersion();
    }
    String commit = git.getProperty("git.commit.id.abbrev");
    boolean dirty = Boolean.parseBoolean(git.getProperty("git.dirty", "false"));
    return "mediakeep "
        + (version == null ? "(version unknown: not built by Maven)" : version)
        + (commit == null || commit.isBlank()
            ? ""
            : " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")");
  }
}
