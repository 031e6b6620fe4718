package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.TestDeployments;
import jakarta.annotation.Resource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The readiness probe reports the database and whether its schema is up to date. */
@ExtendWith(ArquillianExtension.class)
class ReadinessIT {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(ReadinessIT.class);
  }

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @ArquillianResource URL base;

  @Test
  void isUpWithTheSchemaAppliedAndDownWhileAChangeSetIsMissing() throws Exception {
    HttpResponse<String> up = ready();
    assertEquals(200, up.statusCode(), up.body());
    assertTrue(up.body().contains("\"status\":\"UP\""), up.body());

    String id = "001-workflow-signals";
    Object[] row = removeChangeSetRow(id);
    try {
      HttpResponse<String> down = ready();
      assertEquals(503, down.statusCode(), down.body());
      assertTrue(down.body().contains("schema is behind"), down.body());
      assertTrue(down.body().contains(id), down.body());
    } finally {
      restoreChangeSetRow(row);
    }
    assertEquals(200, ready().statusCode());
  }

  private HttpResponse<String> ready() throws Exception {
    URI uri =
        new URI(
            base.getProtocol(), null, base.getHost(), base.getPort(), "/health/ready", null, null);
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private Object[] removeChangeSetRow(String id) throws Exception {
    String columns = "ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM";
    Object[] row = new Object[7];
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT " + columns + " FROM DATABASECHANGELOG WHERE ID = ?")) {
      select.setString(1, id);
      try (ResultSet rs = select.executeQuery()) {
        assertTrue(rs.next(), "change set " + id + " is not recorded");
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
      }
      try (Statement delete = c.createStatement()) {
        delete.executeUpdate("DELETE FROM DATABASECHANGELOG WHERE ID = '" + id + "'");
      }
    }
    return row;
  }

  private void restoreChangeSetRow(Object[] row) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED,"
                    + " EXECTYPE, MD5SUM) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < row.length; i++) {
        insert.setObject(i + 1, row[i]);
      }
      insert.executeUpdate();
    }
  }
}
