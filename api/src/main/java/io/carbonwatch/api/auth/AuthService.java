package io.carbonwatch.api.auth;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users, browser sessions and API tokens. Secrets are stored only as hashes (PBKDF2 for passwords,
 * SHA-256 for random tokens). Resolved credentials are cached for a few seconds so a busy dashboard
 * does not cost a query per request; any revocation clears the cache, so revocation is immediate on
 * this instance.
 */
public final class AuthService {
  public static final String SESSION_COOKIE = "cw_session";
  private static final long CACHE_MILLIS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final ApiConfig config;
  private final PasswordHasher hasher;
  private final String dummyHash;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Principal principal, long validUntilMillis) {}

  public record Login(String sessionId, Principal principal, Instant expiresAt) {}

  public AuthService(
      Vertx vertx, Pool pool, ApiConfig config, PasswordHasher hasher, String dummyHash) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.hasher = hasher;
    this.dummyHash = dummyHash;
  }

  /** Creates the first admin from configuration when no enabled admin exists. */
  public Future<Void> bootstrapAdmin() {
    return pool.query("SELECT count(*) FROM users WHERE 'admin' = ANY(roles) AND NOT disabled")
        .execute()
        .compose(
            rs -> {
              if (rs.iterator().next().getLong(0) > 0) {
                return Future.succeededFuture();
              }
              if (config.adminPassword() == null) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "No administrator exists yet: set CARBONWATCH_ADMIN_PASSWORD (at least 12"
                            + " characters) or adminPassword in the config to create '"
                            + config.adminUsername()
                            + "'. There is no default password."));
              }
              return createUser(
                      "configuration",
                      config.adminUsername(),
                      config.adminPassword(),
                      EnumSet.of(Role.ADMIN),
                      Set.of(Principal.ALL_SITES))
                  .mapEmpty();
            });
  }

  public Future<JsonObject> createUser(
      String actor, String username, String password, Set<Role> roles, Set<String> sites) {
    return vertx
        .executeBlocking(() -> hasher.hash(password), false)
        .compose(
            hash ->
                pool.withTransaction(
                    tx ->
                        tx.preparedQuery(
                                "INSERT INTO users(username, password_hash, roles, sites) VALUES ($1,$2,$3,$4)"
                                    + " ON CONFLICT (username) DO NOTHING RETURNING id, username, roles, sites,"
                                    + " disabled")
                            .execute(
                                Tuple.of(
                                    username,
                                    hash,
                                    roles.stream().map(Role::wire).sorted().toArray(String[]::new),
                                    sites.stream().sorted().toArray(String[]::new)))
                            .compose(
                                rs -> {
                                  if (rs.size() == 0) {
                                    return Future.failedFuture(
                                        ApiException.conflict(
                                            "user.exists",
                                            "用户已存在：" + username,
                                            "User already exists: " + username));
                                  }
                                  JsonObject user = userJson(rs.iterator().next());
                                  return recordChange(tx, actor, "create", user).map(user);
                                })));
  }

  /** Appends the access-rights change to the chained change log (7.5.3). */
  private static Future<Long> recordChange(
      io.vertx.sqlclient.SqlConnection tx, String actor, String action, JsonObject user) {
    return tx.preparedQuery(
            "INSERT INTO user_changes(actor, action, username, roles, sites, disabled)"
                + " VALUES ($1,$2,$3,$4,$5,$6) RETURNING id")
        .execute(
            Tuple.of(
                actor,
                action,
                user.getString("username"),
                user.getJsonArray("roles").encode(),
                user.getJsonArray("sites").encode(),
                user.getBoolean("disabled")))
        .compose(
            rs -> AuditChain.append(tx, "user_change", rs.iterator().next().getLong("id"), "*"));
  }

  public Future<JsonObject> updateUser(
      String actor, String username, Set<Role> roles, Set<String> sites, Boolean disabled) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "UPDATE users SET roles = COALESCE($2, roles), sites = COALESCE($3, sites),"
                            + " disabled = COALESCE($4, disabled) WHERE username = $1"
                            + " RETURNING id, username, roles, sites, disabled")
                    .execute(
                        Tuple.of(
                            username,
                            roles == null
                                ? null
                                : roles.stream().map(Role::wire).sorted().toArray(String[]::new),
                            sites == null ? null : sites.stream().sorted().toArray(String[]::new),
                            disabled))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.failedFuture(ApiException.notFound("user " + username));
                          }
                          JsonObject user = userJson(rs.iterator().next());
                          return recordChange(tx, actor, "update", user).map(user);
                        }))
        .onSuccess(u -> cache.clear());
  }

  public Future<JsonArray> listUsers() {
    return pool.query("SELECT id, username, roles, sites, disabled FROM users ORDER BY username")
        .execute()
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              rs.forEach(r -> a.add(userJson(r)));
              return a;
            });
  }

  private static JsonObject userJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("username", r.getString("username"))
        .put("roles", new JsonArray(List.of(r.getArrayOfStrings("roles"))))
        .put("sites", new JsonArray(List.of(r.getArrayOfStrings("sites"))))
        .put("disabled", r.getBoolean("disabled"));
  }

  /**
   * Verifies a password (on a worker thread) and opens a session; refuses when rate-limited. The
   * failures are counted in PostgreSQL ({@code login_failures}), so every instance on the database
   * shares the limit and a restart does not reset it.
   */
  public Future<Login> login(String username, String password, String remoteAddress) {
    String key = username + "|" + remoteAddress;
    String addressKey = "|" + remoteAddress;
    return pool.preparedQuery(
            "SELECT count(*) FILTER (WHERE key = $1) AS per_user,"
                + " count(*) FILTER (WHERE key = $2) AS per_address FROM login_failures"
                + " WHERE key IN ($1, $2) AND at > now() - make_interval(secs => $3)")
        .execute(Tuple.of(key, addressKey, (double) config.loginWindow().toSeconds()))
        .compose(
            counts -> {
              Row c = counts.iterator().next();
              if (c.getLong("per_user") >= config.loginMaxFailures()
                  || c.getLong("per_address") >= 4L * config.loginMaxFailures()) {
                return Future.failedFuture(
                    new ApiException(
                        429,
                        "auth.rate_limited",
                        "登录失败次数过多，请稍后再试",
                        "Too many failed logins; try again in "
                            + config.loginWindow().toMinutes()
                            + " minutes"));
              }
              return verify(username, password, key, addressKey);
            });
  }

  private Future<Login> verify(String username, String password, String key, String addressKey) {
    return pool.preparedQuery(
            "SELECT id, username, password_hash, roles, sites, disabled FROM users WHERE username = $1")
        .execute(Tuple.of(username))
        .compose(
            rs -> {
              Row row = rs.size() == 0 ? null : rs.iterator().next();
              String hash = row == null ? dummyHash : row.getString("password_hash");
              return vertx
                  .executeBlocking(() -> hasher.verify(password, hash), false)
                  .compose(
                      ok -> {
                        if (!ok || row == null || row.getBoolean("disabled")) {
                          return recordFailure(key, addressKey)
                              .transform(
                                  x ->
                                      Future.failedFuture(
                                          new ApiException(
                                              401,
                                              "auth.invalid_credentials",
                                              "用户名或密码错误",
                                              "Wrong username or password")));
                        }
                        return pool.preparedQuery("DELETE FROM login_failures WHERE key = $1")
                            .execute(Tuple.of(key))
                            .compose(x -> openSession(row));
                      });
            });
  }

  /** Records a failure for the user at the address and for the address; forgets expired ones. */
  private Future<Void> recordFailure(String key, String addressKey) {
    return pool.preparedQuery("INSERT INTO login_failures(key) VALUES ($1), ($2)")
        .execute(Tuple.of(key, addressKey))
        .compose(
            x ->
                pool.preparedQuery(
                        "DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)")
                    .execute(Tuple.of((double) config.loginWindow().toSeconds())))
        .mapEmpty();
  }

  private Future<Login> openSession(Row user) {
    String sessionId = Tokens.random("cws_");
    String csrf = Tokens.random("");
    Instant expires = Instant.now().plus(config.sessionTtl());
    return pool.preparedQuery(
            "INSERT INTO sessions(id_hash, user_id, csrf_token, expires_at) VALUES ($1,$2,$3,$4)")
        .execute(
            Tuple.of(
                Tokens.sha256Hex(sessionId),
                user.getLong("id"),
                csrf,
                OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)))
        .map(
            v ->
                new Login(
                    sessionId,
                    new Principal(
                        user.getLong("id"),
                        user.getString("username"),
                        roles(user.getArrayOfStrings("roles")),
                        Set.of(user.getArrayOfStrings("sites")),
                        csrf,
                        null),
                    expires));
  }

  public Future<Void> logout(String sessionId) {
    cache.clear();
    return pool.preparedQuery("DELETE FROM sessions WHERE id_hash = $1")
        .execute(Tuple.of(Tokens.sha256Hex(sessionId)))
        .mapEmpty();
  }

  /** Resolves a bearer token or session id to a principal; fails with 401 when neither is valid. */
  public Future<Principal> authenticate(String bearer, String sessionId) {
    if (bearer == null && sessionId == null) {
      return Future.failedFuture(ApiException.unauthenticated());
    }
    String secret = bearer != null ? bearer : sessionId;
    String hash = Tokens.sha256Hex(secret);
    String cacheKey = (bearer != null ? "t:" : "s:") + hash;
    Cached c = cache.get(cacheKey);
    long now = System.currentTimeMillis();
    if (c != null && c.validUntilMillis() > now) {
      return Future.succeededFuture(c.principal());
    }
    Future<io.vertx.sqlclient.RowSet<Row>> q =
        bearer != null
            ? pool.preparedQuery(
                    "SELECT u.id, u.username, u.roles, u.sites, NULL::text AS csrf, t.id AS token_id"
                        + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                        + " WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled"
                        + " AND (t.expires_at IS NULL OR t.expires_at > now())")
                .execute(Tuple.of(hash))
            : pool.preparedQuery(
                    "SELECT u.id, u.username, u.roles, u.sites, s.csrf_token AS csrf,"
                        + " NULL::bigint AS token_id FROM sessions s JOIN users u ON u.id = s.user_id"
                        + " WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled")
                .execute(Tuple.of(hash));
    return q.map(
        rs -> {
          if (rs.size() == 0) {
            throw ApiException.unauthenticated();
          }
          Row r = rs.iterator().next();
          Principal p =
              new Principal(
                  r.getLong("id"),
                  r.getString("username"),
                  roles(r.getArrayOfStrings("roles")),
                  Set.of(r.getArrayOfStrings("sites")),
                  r.getString("csrf"),
                  r.getLong("token_id"));
          cache.put(cacheKey, new Cached(p, now + CACHE_MILLIS));
          return p;
        });
  }

  private static Set<Role> roles(String[] wire) {
    Set<Role> s = new HashSet<>();
    for (String w : wire) {
      s.add(Role.fromWire(w));
    }
    return s;
  }

  /** Issues a token for the caller; the plaintext is returned once and never stored. */
  public Future<JsonObject> createToken(Principal p, String name, Integer expiresInDays) {
    String token = Tokens.random("cwt_");
    OffsetDateTime expires =
        expiresInDays == null ? null : OffsetDateTime.now(ZoneOffset.UTC).plusDays(expiresInDays);
    return pool.preparedQuery(
            "INSERT INTO api_tokens(token_hash, user_id, name, expires_at) VALUES ($1,$2,$3,$4)"
                + " RETURNING id, created_at")
        .execute(Tuple.of(Tokens.sha256Hex(token), p.userId(), name, expires))
        .map(
            rs ->
                new JsonObject()
                    .put("id", rs.iterator().next().getLong("id"))
                    .put("name", name)
                    .put("token", token)
                    .put("expiresAt", expires == null ? null : expires.toInstant().toString()));
  }

  public Future<JsonArray> listTokens(Principal p) {
    return pool.preparedQuery(
            "SELECT id, name, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1"
                + " ORDER BY id")
        .execute(Tuple.of(p.userId()))
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              for (Row r : rs) {
                a.add(
                    new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("name", r.getString("name"))
                        .put("createdAt", iso(r.getOffsetDateTime("created_at")))
                        .put("expiresAt", iso(r.getOffsetDateTime("expires_at")))
                        .put("revokedAt", iso(r.getOffsetDateTime("revoked_at"))));
              }
              return a;
            });
  }

  /** Revokes one of the caller's tokens (admins may revoke any). */
  public Future<Void> revokeToken(Principal p, long id) {
    boolean admin = p.roles().contains(Role.ADMIN);
    return pool.preparedQuery(
            "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL"
                + " AND (user_id = $2 OR $3)")
        .execute(Tuple.of(id, p.userId(), admin))
        .map(
            rs -> {
              cache.clear();
              if (rs.rowCount() == 0) {
                throw ApiException.notFound("token " + id);
              }
              return null;
            });
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  public static Set<Role> parseRoles(JsonArray a) {
    Set<Role> s = EnumSet.noneOf(Role.class);
    for (int i = 0; i < a.size(); i++) {
      s.add(Role.fromWire(a.getString(i)));
    }
    return s;
  }

  public static Set<String> parseSites(JsonArray a) {
    List<String> l = new ArrayList<>();
    a.forEach(o -> l.add((String) o));
    return Set.copyOf(l);
  }
}
