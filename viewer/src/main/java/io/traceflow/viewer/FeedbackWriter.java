package io.traceflow.viewer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.core.util.Ids;

/**
 * The viewer's only write: a person's thumbs up or down on a step, with an optional comment, stored as an
 * {@code evals} row named {@code feedback} (score and passed 1 for up, 0 for down; detail the comment).
 */
final class FeedbackWriter {
    static final String EVAL_NAME = "feedback";
    static final String EVALUATOR_VERSION = "viewer";
    static final int MAX_COMMENT_CHARS = 4_000;

    record Feedback(boolean up, String comment) {
        static Feedback from(JsonNode body) {
            String rating = body.path("rating").asText("");
            if (!rating.equals("up") && !rating.equals("down")) {
                throw new BadRequest("rating must be \"up\" or \"down\"");
            }
            JsonNode c = body.path("comment");
            String comment = c.isTextual() && !c.asText().isBlank() ? c.asText().strip() : null;
            if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
                throw new BadRequest("comment is longer than " + MAX_COMMENT_CHARS + " characters");
            }
            return new Feedback(rating.equals("up"), comment);
        }
    }

    /** Inserts the row; returns it as the API shows evals. */
    static TraceDetailQuery.EvalView write(Connection c, String stepId, Feedback feedback) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM steps WHERE id = ?")) {
            p.setString(1, stepId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new BadRequest(404, "no step " + stepId);
                }
            }
        }
        long now = System.currentTimeMillis();
        String id = Ids.newId(now);
        double score = feedback.up() ? 1 : 0;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO evals (id, step_id, name, score, passed, detail,"
                + " evaluator_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, stepId);
            p.setString(3, EVAL_NAME);
            p.setDouble(4, score);
            p.setInt(5, feedback.up() ? 1 : 0);
            p.setString(6, feedback.comment());
            p.setString(7, EVALUATOR_VERSION);
            p.setLong(8, now);
            p.executeUpdate();
        }
        return new TraceDetailQuery.EvalView(id, EVAL_NAME, score, feedback.up(), feedback.comment(),
                EVALUATOR_VERSION, now);
    }
}
