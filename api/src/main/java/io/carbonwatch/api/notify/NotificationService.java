package io.carbonwatch.api.notify;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.alerts.AlertService;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.auth.Tokens;
import io.carbonwatch.api.http.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notification rules per site and minimum severity, and their delivery: webhooks (JSON POST signed
 * with HMAC-SHA256, retried with exponential back-off) and e-mail over SMTP. A matching alert
 * change is first written to the {@code notification_outbox} table; deliveries are sent from there,
 * so a pending or retrying notification survives a restart and is sent by whichever instance finds
 * it due. Every notification's outcome is recorded in {@code notification_deliveries}.
 */
public final class NotificationService {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
  public static final String SIGNATURE_HEADER = "X-CarbonWatch-Signature";
  public static final String TIMESTAMP_HEADER = "X-CarbonWatch-Timestamp";

  /** The outbox row id: the same for every attempt of one notification, for deduplication. */
  public static final String DELIVERY_HEADER = "X-CarbonWatch-Delivery";

  private static final int BATCH = 20;
  // Longer than a webhook's timeout: a lease only expires when its instance died mid-send.
  private static final long LEASE_SECONDS = 60;
  static final int MAX_ATTEMPTS = 5;
  private static final Map<String, Integer> RANK = Map.of("minor", 1, "major", 2, "critical", 3);

  private final Vertx vertx;
  private final Pool pool;
  private final ApiConfig config;
  private final WebClient http;
  private final MailClient mail;
  private final Counter delivered;
  private final Counter failed;
  private MessageConsumer<JsonObject> consumer;
  private final java.util.concurrent.atomic.AtomicBoolean draining =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean drainAgain =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean stopped;
  private long poller = -1;

  public NotificationService(Vertx vertx, Pool pool, ApiConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout(5_000)
                .setIdleTimeout(10)
                .setFollowRedirects(false)
                .setUserAgent("CarbonWatch-Notifier/0.1"));
    if (config.smtpUri() != null) {
      URI u = URI.create(config.smtpUri());
      boolean ssl = u.getScheme().equals("smtps");
      this.mail =
          MailClient.create(
              vertx,
              new MailConfig()
                  .setHostname(u.getHost())
                  .setPort(u.getPort() < 0 ? (ssl ? 465 : 25) : u.getPort())
                  .setSsl(ssl)
                  .setStarttls(StartTLSOptions.OPTIONAL));
    } else {
      this.mail = null;
    }
    this.delivered =
        Counter.builder("api.notifications.delivered")
            .description("Notifications delivered (webhook 2xx or SMTP accepted)")
            .baseUnit("notifications")
            .register(registry);
    this.failed =
        Counter.builder("api.notifications.failed")
            .description("Notifications given up after all retries")
            .baseUnit("notifications")
            .register(registry);
  }

  /**
   * Starts listening for alert changes and sends what the outbox holds: at once what is due (also
   * what was pending when the previous instance stopped), then whatever falls due, polled every
   * {@code notifyRetryBase} (1 s to 30 s).
   */
  public void start() {
    consumer =
        vertx.eventBus().localConsumer(AlertService.CHANGES_ADDRESS, m -> onChange(m.body()));
    long poll = Math.min(30_000, Math.max(1_000, config.notifyRetryBase().toMillis()));
    poller = vertx.setPeriodic(poll, t -> drain());
    drain();
  }

  public Future<Void> stop() {
    stopped = true;
    if (poller >= 0) {
      vertx.cancelTimer(poller);
    }
    Future<Void> f = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return f.eventually(
        () -> {
          http.close();
          return mail == null ? Future.succeededFuture() : mail.close();
        });
  }

  public Future<JsonObject> create(Principal who, String site, JsonObject b) {
    String channel = b.getString("channel");
    String target = b.getString("target");
    if (channel.equals("email") && mail == null) {
      return Future.failedFuture(
          new ApiException(
              422,
              "notify.smtp_not_configured",
              "未配置 SMTP 服务器（CARBONWATCH_SMTP_URI），无法发送邮件",
              "No SMTP server is configured (CARBONWATCH_SMTP_URI); e-mail rules cannot be sent",
              "channel"));
    }
    String secret = channel.equals("webhook") ? Tokens.random("whsec_") : null;
    JsonArray events = b.getJsonArray("events", new JsonArray().add("raised"));
    return pool.preparedQuery(
            "INSERT INTO notification_rules(site, min_severity, channel, target, secret, created_by,"
                + " events) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *")
        .execute(
            Tuple.of(
                site,
                b.getString("minSeverity"),
                channel,
                target,
                secret,
                who.username(),
                events.stream().map(Object::toString).toArray(String[]::new)))
        .map(
            rs -> {
              JsonObject rule = ruleJson(rs.iterator().next());
              if (secret != null) {
                // Shown once: the receiver needs it to check the signature.
                rule.put("secret", secret);
              }
              return rule;
            });
  }

  public Future<JsonArray> list(String site) {
    return pool.preparedQuery(
            "SELECT * FROM notification_rules WHERE site = $1 AND enabled ORDER BY id")
        .execute(Tuple.of(site))
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              rs.forEach(r -> a.add(ruleJson(r)));
              return a;
            });
  }

  public Future<Void> disable(String site, long id) {
    return pool.preparedQuery(
            "UPDATE notification_rules SET enabled = false WHERE site = $1 AND id = $2 AND enabled")
        .execute(Tuple.of(site, id))
        .map(
            rs -> {
              if (rs.rowCount() == 0) {
                throw ApiException.notFound("notification rule " + id + " in site " + site);
              }
              return null;
            });
  }

  public Future<JsonArray> deliveries(String site, int limit) {
    return pool.preparedQuery(
            "SELECT d.* FROM notification_deliveries d JOIN notification_rules r ON r.id = d.rule_id"
                + " WHERE r.site = $1 ORDER BY d.id DESC LIMIT $2")
        .execute(Tuple.of(site, limit))
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              for (Row r : rs) {
                a.add(
                    new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("ruleId", r.getLong("rule_id"))
                        .put("alertId", r.getString("alert_id"))
                        .put("event", r.getString("event"))
                        .put("status", r.getString("status"))
                        .put("attempts", r.getInteger("attempts"))
                        .put("lastError", r.getString("last_error"))
                        .put("at", r.getOffsetDateTime("at").toInstant().toString()));
              }
              return a;
            });
  }

  private static JsonObject ruleJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("site", r.getString("site"))
        .put("minSeverity", r.getString("min_severity"))
        .put("channel", r.getString("channel"))
        .put("target", r.getString("target"))
        .put("events", new JsonArray(List.of(r.getArrayOfStrings("events"))))
        .put("createdBy", r.getString("created_by"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }

  /** Queues one outbox row per matching rule, then sends. */
  private void onChange(JsonObject msg) {
    JsonObject alert = msg.getJsonObject("alert");
    String change = msg.getString("change");
    String site = alert.getString("site");
    int rank = RANK.getOrDefault(alert.getString("severity"), 3);
    pool.preparedQuery(
            "INSERT INTO notification_outbox(rule_id, alert_id, event, alert)"
                + " SELECT id, $3, $2, $4 FROM notification_rules"
                + " WHERE site = $1 AND enabled AND $2 = ANY(events)"
                + " AND (CASE min_severity WHEN 'minor' THEN 1 WHEN 'major' THEN 2 ELSE 3 END)"
                + " <= $5")
        .execute(Tuple.of(site, change, alert.getString("alertId"), alert.encode(), rank))
        .onSuccess(
            rs -> {
              if (rs.rowCount() > 0) {
                drain();
              }
            })
        .onFailure(e -> LOG.error("Queueing notifications for {} failed", site, e));
  }

  /** A claimed outbox row with its rule's channel. */
  private record Pending(
      long id,
      long ruleId,
      String channel,
      String target,
      String secret,
      String change,
      JsonObject alert,
      int attempts) {}

  /**
   * Claims the due rows (a lease, {@code SKIP LOCKED} so instances never wait on each other) and
   * sends them; one pass at a time per instance, another pass follows if one was asked for
   * meanwhile or the batch was full.
   */
  private void drain() {
    if (stopped) {
      return;
    }
    if (!draining.compareAndSet(false, true)) {
      drainAgain.set(true);
      return;
    }
    pool.preparedQuery(
            "WITH c AS (UPDATE notification_outbox SET claimed_until = now() + make_interval(secs"
                + " => $1) WHERE id IN (SELECT id FROM notification_outbox WHERE next_attempt_at"
                + " <= now() AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY id"
                + " LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING *) SELECT c.*, r.channel, r.target,"
                + " r.secret FROM c JOIN notification_rules r ON r.id = c.rule_id ORDER BY c.id")
        .execute(Tuple.of((double) LEASE_SECONDS, BATCH))
        .compose(
            rs -> {
              List<Future<Void>> sends = new java.util.ArrayList<>();
              for (Row r : rs) {
                sends.add(
                    attempt(
                        new Pending(
                            r.getLong("id"),
                            r.getLong("rule_id"),
                            r.getString("channel"),
                            r.getString("target"),
                            r.getString("secret"),
                            r.getString("event"),
                            new JsonObject(r.getString("alert")),
                            r.getInteger("attempts"))));
              }
              return Future.join(sends).map(x -> rs.size());
            })
        .onComplete(
            ar -> {
              if (ar.failed() && !stopped) {
                LOG.error("Sending queued notifications failed", ar.cause());
              }
              draining.set(false);
              boolean full = ar.succeeded() && ar.result() >= BATCH;
              if (drainAgain.getAndSet(false) || full) {
                drain();
              }
            });
  }

  private Future<Void> attempt(Pending p) {
    int attempt = p.attempts() + 1;
    Future<Void> sent =
        p.channel().equals("webhook")
            ? webhook(p.id(), p.target(), p.secret(), p.change(), p.alert())
            : email(p.target(), p.change(), p.alert());
    return sent.transform(
        ar -> {
          if (ar.succeeded()) {
            delivered.increment();
            return settle(p, "delivered", attempt, null);
          }
          String error = ar.cause().getMessage();
          if (attempt < MAX_ATTEMPTS) {
            long delay = config.notifyRetryBase().toMillis() << (attempt - 1);
            return pool.preparedQuery(
                    "UPDATE notification_outbox SET attempts = $2, last_error = $3,"
                        + " next_attempt_at = now() + make_interval(secs => $4),"
                        + " claimed_until = NULL WHERE id = $1")
                .execute(Tuple.of(p.id(), attempt, error, delay / 1000.0))
                .onSuccess(
                    x -> {
                      if (!stopped) {
                        vertx.setTimer(delay, t -> drain());
                      }
                    })
                .mapEmpty();
          }
          failed.increment();
          LOG.warn(
              "Notification rule {} gave up on {} after {} attempts: {}",
              p.ruleId(),
              p.alert().getString("alertId"),
              attempt,
              error);
          return settle(p, "failed", attempt, error);
        });
  }

  /** Moves a finished row from the outbox to the delivery log, in one statement. */
  private Future<Void> settle(Pending p, String status, int attempts, String error) {
    return pool.preparedQuery(
            "WITH done AS (DELETE FROM notification_outbox WHERE id = $1)"
                + " INSERT INTO notification_deliveries(rule_id, alert_id, event, status, attempts,"
                + " last_error) VALUES ($2,$3,$4,$5,$6,$7)")
        .execute(
            Tuple.of(
                p.id(),
                p.ruleId(),
                p.alert().getString("alertId"),
                p.change(),
                status,
                attempts,
                error))
        .mapEmpty();
  }

  /** The signature a receiver recomputes: hex HMAC-SHA256 of {@code timestamp + "." + body}. */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<Void> webhook(
      long deliveryId, String target, String secret, String change, JsonObject alert) {
    Buffer body =
        new JsonObject()
            .put("type", "carbonwatch.alert." + change)
            .put("site", alert.getString("site"))
            .put("alert", alert)
            .toBuffer();
    String ts = Long.toString(Instant.now().getEpochSecond());
    return http.postAbs(target)
        .timeout(10_000)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader(TIMESTAMP_HEADER, ts)
        .putHeader(DELIVERY_HEADER, Long.toString(deliveryId))
        .putHeader(SIGNATURE_HEADER, sign(secret, ts, body.getBytes()))
        .sendBuffer(body)
        .compose(
            res ->
                res.statusCode() / 100 == 2
                    ? Future.succeededFuture()
                    : Future.failedFuture("HTTP " + res.statusCode()));
  }

  private Future<Void> email(String target, String change, JsonObject alert) {
    if (mail == null) {
      return Future.failedFuture("no SMTP server configured");
    }
    JsonObject msg = alert.getJsonObject("message");
    String subject =
        "[CarbonWatch] "
            + alert.getString("severity").toUpperCase(java.util.Locale.ROOT)
            + " "
            + alert.getString("site")
            + " "
            + alert.getString("target")
            + " — "
            + change;
    String text =
        msg.getString("zh-CN")
            + "\n"
            + msg.getString("en")
            + "\n\n"
            + "状态 state: "
            + alert.getString("state")
            + " / "
            + alert.getString("condition")
            + "\n告警 alert: "
            + alert.getString("alertId")
            + "\n";
    Promise<Void> p = Promise.promise();
    mail.sendMail(
            new MailMessage()
                .setFrom(config.mailFrom())
                .setTo(target)
                .setSubject(subject)
                .setText(text))
        .onSuccess(r -> p.complete())
        .onFailure(p::fail);
    return p.future();
  }
}
