package io.mediakeep.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy projects read from the old app's PostgreSQL with a query that returns {@code id}, {@code
 * user_id}, {@code generated_output} and, optionally, {@code generated_images} (a JSON array of
 * {@code scene_index}, {@code image_index}, {@code image_url}), streamed in pages, ordered by id.
 */
public final class JdbcLegacySource implements LegacySource {

  /** The old schema: each request with its generated_images rows gathered beside it. */
  public static final String DEFAULT_QUERY =
      "select r.id, r.user_id, r.generated_output,"
          + " (select json_agg(json_build_object('scene_index', g.scene_index, 'image_index',"
          + " g.image_index, 'image_url', g.image_url) order by g.scene_index, g.image_index)"
          + " from generated_images g where g.content_creation_request_id = r.id)"
          + " as generated_images"
          + " from content_creation_requests r";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;
  private final String query;

  public JdbcLegacySource(String url, String user, String password, String query)
      throws SQLException {
    this.connection = DriverManager.getConnection(url, user, password);
    this.connection.setReadOnly(true);
    this.query = query;
  }

  @Override
  public long count(String afterId) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "select count(*) from ("
                + query
                + ") legacy where ?::text is null or legacy.id::text > ?")) {
      s.setString(1, afterId);
      s.setString(2, afterId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public void read(String afterId, Visitor visitor) throws Exception {
    connection.setAutoCommit(false);
    try (PreparedStatement s =
        connection.prepareStatement(
            "select legacy.id::text, legacy.user_id::text, legacy.generated_output::text"
                + (hasImages() ? ", legacy.generated_images::text" : ", null")
                + " from ("
                + query
                + ") legacy where ?::text is null or legacy.id::text > ? order by legacy.id::text")) {
      s.setFetchSize(100);
      s.setString(1, afterId);
      s.setString(2, afterId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          JsonNode output;
          List<LegacyProject.ImageRow> rows;
          try {
            output = rs.getString(3) == null ? null : JSON.readTree(rs.getString(3));
            rows = rows(rs.getString(4));
          } catch (Exception e) {
            visitor.unreadable("project " + id, "unreadable JSON: " + e.getMessage());
            continue;
          }
          visitor.project(new LegacyProject(id, rs.getString(2), output, rows));
        }
      }
    } finally {
      connection.rollback();
    }
  }

  private boolean hasImages() throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("select * from (" + query + ") legacy limit 0")) {
      ResultSetMetaData columns = s.getMetaData();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        if (columns.getColumnLabel(i).equalsIgnoreCase("generated_images")) {
          return true;
        }
      }
      return false;
    }
  }

  static List<LegacyProject.ImageRow> rows(String json) throws Exception {
    List<LegacyProject.ImageRow> rows = new ArrayList<>();
    if (json == null) {
      return rows;
    }
    for (JsonNode row : JSON.readTree(json)) {
      rows.add(
          new LegacyProject.ImageRow(
              row.path("scene_index").asInt(-1),
              row.path("image_index").asInt(0),
              row.path("image_url").isTextual() ? row.path("image_url").textValue() : null));
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
