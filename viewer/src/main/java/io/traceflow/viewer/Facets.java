package io.traceflow.viewer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The values the list's filter menus offer: models and trace names (read from their indexes), and providers (from
 * the most recent steps, so the query stays cheap on a large file).
 */
final class Facets {
    record Values(List<String> models, List<String> providers, List<String> names) {
    }

    private Facets() {
    }

    static Values read(Connection c) throws SQLException {
        return new Values(
                strings(c, "SELECT DISTINCT model FROM steps WHERE model IS NOT NULL ORDER BY model LIMIT 500"),
                strings(c, "SELECT DISTINCT provider FROM (SELECT provider FROM steps ORDER BY started_at DESC"
                        + " LIMIT 20000) WHERE provider IS NOT NULL ORDER BY provider"),
                strings(c, "SELECT DISTINCT name FROM traces WHERE name IS NOT NULL ORDER BY name LIMIT 500"));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
