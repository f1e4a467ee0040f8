package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditChainTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  static ApiTestEnv env;
  static String operator;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    env = ApiTestEnv.start(vertx, PG.server(), "audit_chain", (String) null);
    operator = env.userToken("op", Set.of(Role.OPERATOR), Set.of("sh-plant", "bj-plant"));
    for (int i = 0; i < 3; i++) {
      String site = i % 2 == 0 ? "sh-plant" : "bj-plant";
      String id = env.insertAlert(site, "chain-" + i);
      String path = "/sites/" + site + "/alerts/" + id + "/transitions";
      assertThat(
              env.post(
                      path,
                      operator,
                      new JsonObject().put("to", "acknowledged").put("assignee", "a" + i))
                  .statusCode())
          .isEqualTo(200);
      assertThat(env.post(path, operator, new JsonObject().put("to", "investigating")).statusCode())
          .isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  @Order(1)
  void intactChainVerifies() throws Exception {
    JsonObject v = env.get("/audit/verify", env.adminToken()).bodyAsJsonObject();
    assertThat(v.getBoolean("ok")).isTrue();
    try (Connection c = env.jdbc();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE kind = 'user_change'),"
                    + " count(*) FILTER (WHERE kind = 'alert_transition') FROM audit_log")) {
      rs.next();
      assertThat(v.getLong("checked")).isEqualTo(rs.getLong(1));
      // The bootstrap admin and the operator: access-rights changes are chained too.
      assertThat(rs.getLong(2)).isEqualTo(2);
      assertThat(rs.getLong(3)).isEqualTo(6);
    }
    assertThat(v.getString("head")).hasSize(64);
  }

  @Test
  @Order(2)
  void databaseRefusesUpdatesAndDeletesOfChainedRecords() throws Exception {
    try (Connection c = env.jdbc();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE alert_transitions SET actor = 'mallory'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE alert_transitions CASCADE"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  @Order(3)
  void editedRowIsReportedAsTheFirstBrokenLink() throws Exception {
    long editedId;
    long editedSeq;
    try (Connection c = env.jdbc();
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT seq, ref_id FROM audit_log WHERE kind = 'alert_transition' ORDER BY seq"
                  + " OFFSET 1 LIMIT 1");
      rs.next();
      editedSeq = rs.getLong(1);
      editedId = rs.getLong(2);
      // A superuser can switch the trigger off; the chain still gives the edit away.
      s.execute("ALTER TABLE alert_transitions DISABLE TRIGGER alert_transitions_append_only");
      s.executeUpdate("UPDATE alert_transitions SET actor = 'mallory' WHERE id = " + editedId);
      s.execute("ALTER TABLE alert_transitions ENABLE TRIGGER alert_transitions_append_only");
    }
    JsonObject v = env.get("/audit/verify", env.adminToken()).bodyAsJsonObject();
    assertThat(v.getBoolean("ok")).isFalse();
    assertThat(v.getLong("checked")).isEqualTo(editedSeq - 1);
    JsonObject broken = v.getJsonObject("firstBroken");
    assertThat(broken.getLong("seq")).isEqualTo(editedSeq);
    assertThat(broken.getString("kind")).isEqualTo("alert_transition");
    assertThat(broken.getLong("refId")).isEqualTo(editedId);
    assertThat(broken.getString("reason")).contains("changed");
  }
}
