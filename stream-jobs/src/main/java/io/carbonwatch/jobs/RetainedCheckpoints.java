package io.carbonwatch.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints {@code carbonwatch job} keeps in its checkpoint directory across processes.
 *
 * <p>Flink writes {@code <dir>/<job id>/chk-<n>/_metadata} (one job-id directory per run of the
 * process, a new job id each time). A checkpoint is complete once its {@code _metadata} exists and
 * is not empty; a {@code chk-<n>} without it was being written when the process stopped. The newest
 * complete checkpoint is the one whose {@code _metadata} was written last (then the highest n):
 * checkpoint numbers continue across a resumed run but start again at 1 after {@code --fresh}, so
 * the number alone would prefer the abandoned state.
 */
public final class RetainedCheckpoints {
  private RetainedCheckpoints() {}

  /** Job-id directories kept after a run has completed its first checkpoint (its own included). */
  public static final int KEEP_JOB_DIRECTORIES = 3;

  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  /** A complete retained checkpoint: {@code path} is the {@code chk-<n>} directory. */
  public record Checkpoint(Path path, String jobId, long number, FileTime written) {}

  /**
   * The default checkpoint directory of a job: {@code
   * $XDG_STATE_HOME/carbonwatch/checkpoints/<group>}, {@code $XDG_STATE_HOME} defaulting to {@code
   * ~/.local/state}. Keyed by the shared-subscription group because the state belongs with the
   * group's persistent MQTT sessions (the broker redelivers what a checkpoint had not acknowledged
   * to the same client ids); editing the site model must not move it.
   */
  public static Path defaultDirectory(
      Map<String, String> environment, String userHome, String group) {
    String state = environment.get("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank() && Path.of(state).isAbsolute()
            ? Path.of(state)
            : Path.of(userHome, ".local", "state");
    return base.resolve("carbonwatch").resolve("checkpoints").resolve(safeName(group));
  }

  static String safeName(String group) {
    String s = group.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }

  /**
   * A local directory from {@code --checkpoint-dir}: a path or a {@code file:} URI.
   *
   * @throws IllegalArgumentException for any other scheme
   */
  public static Path localDirectory(String option) {
    if (option.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !option.matches("[A-Za-z]:[\\\\/].*")) {
      URI uri = URI.create(option);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException(
            "--checkpoint-dir: 本地作业只支持本地目录 / the local job keeps its checkpoints in a local"
                + " directory (a path or file:///…), got "
                + option
                + "; s3:// or hdfs:// belong to a Flink cluster (execution.checkpointing.dir)");
      }
      return Path.of(uri).toAbsolutePath().normalize();
    }
    return Path.of(option).toAbsolutePath().normalize();
  }

  /** The newest complete checkpoint under {@code dir}, if any. */
  public static Optional<Checkpoint> latest(Path dir) {
    return complete(dir).stream().max(NEWEST_LAST);
  }

  private static final Comparator<Checkpoint> NEWEST_LAST =
      Comparator.comparing(Checkpoint::written).thenComparingLong(Checkpoint::number);

  /** Every complete checkpoint under {@code dir}, in no particular order. */
  static List<Checkpoint> complete(Path dir) {
    List<Checkpoint> out = new ArrayList<>();
    for (Path job : jobDirectories(dir)) {
      try (Stream<Path> chks = Files.list(job)) {
        for (Path chk : (Iterable<Path>) chks::iterator) {
          Matcher m = CHK.matcher(chk.getFileName().toString());
          Path metadata = chk.resolve("_metadata");
          try {
            if (m.matches() && Files.isRegularFile(metadata) && Files.size(metadata) > 0) {
              out.add(
                  new Checkpoint(
                      chk,
                      job.getFileName().toString(),
                      Long.parseLong(m.group(1)),
                      Files.getLastModifiedTime(metadata)));
            }
          } catch (java.nio.file.NoSuchFileException gone) {
            // Flink subsumed this checkpoint while we looked: it is not a candidate.
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + job, e);
      }
    }
    return out;
  }

  private static List<Path> jobDirectories(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(p -> JOB_ID.matcher(p.getFileName().toString()).matches())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  /**
   * Deletes the job-id directories of earlier runs beyond the newest {@link #KEEP_JOB_DIRECTORIES}
   * that hold a complete checkpoint, and those without any (runs stopped or failed before their
   * first checkpoint). Called only once the running job ({@code ownJobId}) has completed a
   * checkpoint of its own, so the state it resumed from is stored again in its own directory. Only
   * directories named like a Flink job id are touched.
   *
   * @return the directories deleted
   */
  public static List<Path> prune(Path dir, String ownJobId) {
    List<Checkpoint> all = complete(dir);
    List<String> keep =
        all.stream()
            .sorted(NEWEST_LAST.reversed())
            .map(Checkpoint::jobId)
            .distinct()
            .limit(KEEP_JOB_DIRECTORIES)
            .toList();
    List<Path> deleted = new ArrayList<>();
    for (Path job : jobDirectories(dir)) {
      String id = job.getFileName().toString();
      if (!id.equals(ownJobId) && !keep.contains(id)) {
        deleteRecursively(job);
        deleted.add(job);
      }
    }
    return deleted;
  }

  private static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
