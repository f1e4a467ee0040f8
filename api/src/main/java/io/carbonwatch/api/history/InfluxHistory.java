package io.carbonwatch.api.history;

import io.carbonwatch.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.QueryResult;

/**
 * Reads the series the stream job writes (docs/influxdb-schema.md: measurements {@code activity},
 * {@code emissions}, {@code variables}, {@code performance}; tags {@code site, level, id, metric,
 * window, unit}). The client is blocking, so every query runs on a small dedicated worker pool. Tag
 * values are bound parameters; time bounds are integers the API computed, so user text never
 * reaches the query string.
 */
public final class InfluxHistory implements AutoCloseable {
  /** Largest number of points one history request may return. */
  public static final int MAX_POINTS = 5000;

  private final InfluxDB influx;
  private final String database;
  private final WorkerExecutor workers;

  public InfluxHistory(String url, String database, WorkerExecutor workers) {
    this.influx = InfluxDBFactory.connect(url);
    this.database = database;
    this.workers = workers;
  }

  /** One bucket of a downsampled series. */
  public record Bucket(Instant start, Double value) {}

  /** The job's stored window that is at most {@code step}. */
  public static String windowFor(Duration step) {
    if (step.compareTo(Duration.ofDays(1)) >= 0) {
      return "1d";
    }
    if (step.compareTo(Duration.ofHours(1)) >= 0) {
      return "1h";
    }
    if (step.compareTo(Duration.ofMinutes(15)) >= 0) {
      return "15m";
    }
    return "1m";
  }

  /**
   * Sum (or last, for {@code performance} fields that are not additive) of {@code field} per {@code
   * step} over {@code [from, to)}. With a {@code zone}, buckets of a day or longer start at the
   * zone's local midnight (InfluxQL {@code tz()}), which is where the job's {@code 1d} windows
   * start (the site's local calendar), so a bucket's start names the site's day. For {@code
   * performance} a non-null {@code baseline} keeps only that baseline's series (two baselines of
   * one target would otherwise be summed together).
   */
  public Future<List<Bucket>> series(
      String measurement,
      String field,
      String aggregate,
      String site,
      String level,
      String id,
      String metric,
      Instant from,
      Instant to,
      Duration step,
      ZoneId zone,
      String baseline) {
    if (zone != null && !zone.getId().matches("[A-Za-z0-9/_+-]+")) {
      throw new IllegalArgumentException("zone: " + zone.getId());
    }
    if (!measurement.matches("activity|emissions|variables|performance")
        || !field.matches("[a-z0-9_]+")
        || !aggregate.matches("sum|mean|last")) {
      throw new IllegalArgumentException("measurement/field/aggregate");
    }
    long points = Duration.between(from, to).toMillis() / Math.max(1, step.toMillis());
    if (points > MAX_POINTS) {
      return Future.failedFuture(
          ApiException.invalid(
              "step",
              "时间段/步长会产生 " + points + " 个点，上限 " + MAX_POINTS,
              "the period and step would give "
                  + points
                  + " points; at most "
                  + MAX_POINTS
                  + " are allowed — use a larger step"));
    }
    StringBuilder q =
        new StringBuilder("SELECT ")
            .append(aggregate)
            .append("(\"")
            .append(field)
            .append("\") FROM \"")
            .append(measurement)
            .append("\" WHERE \"site\" = $site AND \"window\" = $window");
    if (measurement.equals("performance")) {
      q.append(" AND \"target\" = $id");
      if (metric != null) {
        q.append(" AND \"measure\" = $metric");
      }
      if (baseline != null) {
        q.append(" AND \"baseline\" = $baseline");
      }
    } else {
      q.append(" AND \"level\" = $level AND \"id\" = $id");
      if (metric != null) {
        q.append(" AND \"metric\" = $metric");
      }
    }
    q.append(" AND time >= ")
        .append(from.toEpochMilli())
        .append("ms AND time < ")
        .append(to.toEpochMilli())
        .append("ms GROUP BY time(")
        .append(step.toMillis())
        .append("ms) fill(none)");
    // tz() takes an IANA name; a fixed offset (UTC included) needs no shifting.
    if (zone != null
        && !(zone instanceof java.time.ZoneOffset)
        && step.compareTo(Duration.ofDays(1)) >= 0) {
      q.append(" tz('").append(zone.getId()).append("')");
    }
    BoundParameterQuery.QueryBuilder b =
        BoundParameterQuery.QueryBuilder.newQuery(q.toString())
            .forDatabase(database)
            .bind("site", site)
            .bind("window", windowFor(step))
            .bind("id", id);
    if (!measurement.equals("performance")) {
      b.bind("level", level);
    }
    if (metric != null) {
      b.bind("metric", metric);
    }
    if (baseline != null && measurement.equals("performance")) {
      b.bind("baseline", baseline);
    }
    BoundParameterQuery query = b.create();
    return workers.executeBlocking(
        () -> {
          QueryResult r = influx.query(query, TimeUnit.MILLISECONDS);
          if (r.hasError()) {
            throw new IllegalStateException("InfluxDB: " + r.getError());
          }
          List<Bucket> out = new ArrayList<>();
          for (QueryResult.Result res : r.getResults()) {
            if (res.hasError()) {
              throw new IllegalStateException("InfluxDB: " + res.getError());
            }
            if (res.getSeries() == null) {
              continue;
            }
            for (QueryResult.Series s : res.getSeries()) {
              for (List<Object> row : s.getValues()) {
                Object v = row.get(1);
                out.add(
                    new Bucket(
                        Instant.ofEpochMilli(((Number) row.get(0)).longValue()),
                        v == null ? null : ((Number) v).doubleValue()));
              }
            }
          }
          return out;
        },
        false);
  }

  /** One series of a grouped query: its tags and rows keyed by column. */
  public record Series(
      java.util.Map<String, String> tags, List<java.util.Map<String, Object>> rows) {}

  /**
   * Runs a query the caller composed from constants, with user values only in {@code binds}; time
   * bounds are integer milliseconds.
   */
  public Future<List<Series>> grouped(String influxql, java.util.Map<String, Object> binds) {
    BoundParameterQuery.QueryBuilder b =
        BoundParameterQuery.QueryBuilder.newQuery(influxql).forDatabase(database);
    binds.forEach(b::bind);
    BoundParameterQuery query = b.create();
    return workers.executeBlocking(
        () -> {
          QueryResult r = influx.query(query, TimeUnit.MILLISECONDS);
          if (r.hasError()) {
            throw new IllegalStateException("InfluxDB: " + r.getError());
          }
          List<Series> out = new ArrayList<>();
          for (QueryResult.Result res : r.getResults()) {
            if (res.hasError()) {
              throw new IllegalStateException("InfluxDB: " + res.getError());
            }
            if (res.getSeries() == null) {
              continue;
            }
            for (QueryResult.Series s : res.getSeries()) {
              List<java.util.Map<String, Object>> rows = new ArrayList<>();
              for (List<Object> row : s.getValues()) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < s.getColumns().size(); i++) {
                  m.put(s.getColumns().get(i), row.get(i));
                }
                rows.add(m);
              }
              out.add(new Series(s.getTags() == null ? java.util.Map.of() : s.getTags(), rows));
            }
          }
          return out;
        },
        false);
  }

  @Override
  public void close() {
    influx.close();
  }
}
