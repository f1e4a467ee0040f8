package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerTest {

  @RegisterExtension static final PostgresExtension pg = new PostgresExtension();

  @Test
  void createsTableInsertsAndSelectsOverJdbc() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE calibration (meter TEXT PRIMARY KEY, accuracy_class TEXT NOT NULL,"
                + " calibrated_on DATE NOT NULL)");
      }
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO calibration VALUES (?, ?, ?::date)")) {
        ins.setString(1, "boiler-gas");
        ins.setString(2, "1");
        ins.setString(3, "2026-01-15");
        ins.executeUpdate();
        ins.setString(1, "chiller-1");
        ins.setString(2, "0.5S");
        ins.setString(3, "2025-11-02");
        ins.executeUpdate();
      }
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT meter, accuracy_class, calibrated_on FROM calibration ORDER BY meter")) {
        while (rs.next()) {
          rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getDate(3));
        }
      }
      assertThat(rows).containsExactly("boiler-gas|1|2026-01-15", "chiller-1|0.5S|2025-11-02");
    }
  }

  @Test
  void createsSeparateDatabases() throws Exception {
    String url = pg.server().createDatabase("api_tests");

    assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/api_tests");
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("api_tests");
      assertThat(rs.getString(2)).isEqualTo(pg.user());
    }
  }

  @Test
  void restartKeepsPortAndData() throws Exception {
    try (PostgresServer server = new PostgresServer().start()) {
      try (Connection c = server.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE alert (id INT PRIMARY KEY, state TEXT)");
        s.execute("INSERT INTO alert VALUES (1, 'raised')");
      }
      int port = server.port();

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      try (Connection c = server.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT state FROM alert WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("raised");
      }
    }
  }

  @Test
  void reportsLoopbackCoordinates() {
    assertThat(pg.host()).isEqualTo("127.0.0.1");
    assertThat(pg.database()).isEqualTo("postgres");
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
  }
}
