package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invalid bodies, injection strings and oversized requests: 4xx that say what is wrong, never 5xx.
 */
@ExtendWith(VertxExtension.class)
class RequestValidationTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  static ApiTestEnv env;
  static String operator;
  static String alertPath;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    env = ApiTestEnv.start(vertx, PG.server(), "request_validation", (String) null);
    operator = env.userToken("op", Set.of(Role.OPERATOR), Set.of("sh-plant"));
    alertPath = "/sites/sh-plant/alerts/" + env.insertAlert("sh-plant", "a-1") + "/transitions";
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static void assertInvalid(HttpResponse<Buffer> r, int status, String field, String enContains) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject e = r.bodyAsJsonObject();
    assertThat(e.getString("code")).isNotBlank();
    if (field != null) {
      assertThat(e.getString("field")).isEqualTo(field);
    }
    assertThat(e.getJsonObject("message").getString("en")).contains(enContains);
    assertThat(e.getJsonObject("message").getString("zh-CN")).isNotBlank();
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    assertInvalid(
        env.post(alertPath, operator, "{\"to\": \"acknowledged\",\n  \"assignee\": }"),
        400,
        "body",
        "line 2");
  }

  @Test
  void wrongTypeUnknownFieldAndBadEnumNameTheField() {
    assertInvalid(
        env.post(alertPath, operator, new JsonObject().put("to", 5)), 400, "to", "expected string");
    assertInvalid(
        env.post(
            alertPath, operator, new JsonObject().put("to", "acknowledged").put("asignee", "x")),
        400,
        "asignee",
        "unknown field");
    assertInvalid(
        env.post(alertPath, operator, new JsonObject().put("to", "deleted")),
        400,
        "to",
        "expected one of");
    assertInvalid(
        env.post(alertPath, operator, new JsonObject()), 400, "to", "required field is missing");
    assertInvalid(env.post(alertPath, operator, "[1,2]"), 400, "body", "expected object");
    assertInvalid(
        env.post(
            alertPath,
            operator,
            new JsonObject().put("to", "acknowledged").put("assignee", "x".repeat(65))),
        400,
        "assignee",
        "at most 64");
  }

  @Test
  void queryParametersAreCheckedAndUnknownOnesRefused() {
    assertInvalid(
        env.get("/sites/sh-plant/alerts?limit=abc", operator), 400, "limit", "expected integer");
    assertInvalid(env.get("/sites/sh-plant/alerts?limit=100000", operator), 400, "limit", "<= 500");
    assertInvalid(
        env.get("/sites/sh-plant/alerts?sort=evil", operator),
        400,
        "sort",
        "unknown query parameter");
    assertInvalid(
        env.get("/sites/sh-plant/alerts?cursor=bm9wZQ", operator), 400, "cursor", "not a cursor");
  }

  @Test
  void sqlInjectionStringsAreRefusedOrStoredLiterally() throws Exception {
    String inj = "' OR 1=1; DROP TABLE alerts; --";
    assertInvalid(
        env.get(
            "/sites/sh-plant/alerts?state=" + URLEncoder.encode(inj, StandardCharsets.UTF_8),
            operator),
        400,
        "state",
        "expected one of");
    HttpResponse<Buffer> site =
        env.get(
            "/sites/" + URLEncoder.encode("sh-plant'--", StandardCharsets.UTF_8) + "/alerts",
            env.adminToken());
    assertInvalid(site, 400, "site", "does not match");
    HttpResponse<Buffer> ok =
        env.post(
            alertPath, operator, new JsonObject().put("to", "acknowledged").put("assignee", inj));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getString("assignee")).isEqualTo(inj);
    try (Connection c = env.jdbc();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM alerts")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
    }
    HttpResponse<Buffer> login =
        env.post(
            "/auth/login",
            null,
            new JsonObject().put("username", "admin' --").put("password", inj));
    assertThat(login.statusCode()).isEqualTo(401);
  }

  @Test
  void nulCharactersAndDeepNestingAreClientErrors() throws Exception {
    String other =
        "/sites/sh-plant/alerts/" + env.insertAlert("sh-plant", "a-nul") + "/transitions";
    HttpResponse<Buffer> nul =
        env.post(
            other,
            operator,
            new JsonObject().put("to", "acknowledged").put("assignee", "a\u0000b"));
    assertThat(nul.statusCode()).isBetween(400, 499);
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertInvalid(env.post(alertPath, operator, deep), 400, "body", "not valid JSON");
  }

  @Test
  void oversizedBodyIsRefusedWith413() {
    String big =
        new JsonObject().put("to", "acknowledged").put("assignee", "x".repeat(70 * 1024)).encode();
    HttpResponse<Buffer> r = env.post(alertPath, operator, big);
    assertInvalid(r, 413, "body", "too large");
    HttpResponse<Buffer> login = env.post("/auth/login", null, big);
    assertThat(login.statusCode()).isEqualTo(413);
  }

  @Test
  void wrongContentTypeAndUnknownPathsAreClientErrors() {
    HttpResponse<Buffer> r =
        ApiTestEnv.await(
            env.http
                .post(alertPath)
                .putHeader("Authorization", "Bearer " + operator)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("to=closed")));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("request.media_type");
    assertThat(env.get("/no/such/route", operator).statusCode()).isEqualTo(404);
    assertThat(env.get("/no/such/route", operator).bodyAsJsonObject().getString("code"))
        .isEqualTo("not_found");
    assertThat(env.get("/sites/sh-plant/alerts/not-a-uuid", operator).statusCode()).isEqualTo(400);
  }
}
