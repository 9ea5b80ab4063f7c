package io.traceflow.viewer;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * Who may talk to the viewer.
 * <ul>
 *   <li>With a token, every request must carry it: the {@code tf_token} cookie (set when the URL with
 *       {@code ?token=} is opened once), or {@code Authorization: Bearer <token>}.</li>
 *   <li>Without a token (loopback only), the {@code Host} header must name the loopback address the viewer is on:
 *       a web page on another site cannot reach it through DNS rebinding.</li>
 *   <li>Writes (feedback) must come from the viewer's own pages: {@code Origin} equal to the viewer's origin, or
 *       {@code Sec-Fetch-Site: same-origin}; and a JSON body, which a cross-site form cannot send.</li>
 * </ul>
 */
final class RequestGuard {
    static final String COOKIE = "tf_token";
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9._~+/=-]{8,200}");
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

    private final byte[] token;
    private final int port;
    private final String bindHost;

    RequestGuard(String token, int port, String bindHost) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.port = port;
        this.bindHost = bindHost.toLowerCase(Locale.ROOT);
    }

    static void checkTokenFormat(String token) {
        if (token != null && !token.isEmpty() && !TOKEN_CHARS.matcher(token).matches()) {
            throw new IllegalArgumentException("the viewer token must be 8 to 200 characters of A-Z a-z 0-9 . _ ~ + / = -");
        }
    }

    static boolean isLoopback(InetAddress address) {
        return address.isLoopbackAddress();
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** Null when the request may proceed, else the reason to refuse it with 401 or 403. */
    BadRequest refuse(HttpExchange exchange) {
        if (token != null) {
            String given = bearer(exchange);
            if (given == null) {
                given = cookie(exchange);
            }
            if (given == null) {
                given = Http.query(exchange).get("token");
            }
            if (given == null || !matches(given)) {
                return new BadRequest(401, "this viewer needs its token: open the URL it printed (with ?token=),"
                        + " or send Authorization: Bearer <token>");
            }
            return null;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !allowedHost(host)) {
            return new BadRequest(403, "Host " + host + " is not this viewer's address; use http://127.0.0.1:" + port);
        }
        return null;
    }

    /** True for a valid {@code ?token=} on a page request: answer with the cookie and a redirect without it. */
    boolean tokenInQuery(HttpExchange exchange) {
        String q = Http.query(exchange).get("token");
        return token != null && q != null && matches(q);
    }

    String cookieHeader() {
        return COOKIE + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** Feedback and any other write: same origin only, JSON only. */
    BadRequest refuseWrite(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return new BadRequest(415, "send the body as Content-Type: application/json");
        }
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return new BadRequest(403, "writes are accepted from the viewer's own pages only (Sec-Fetch-Site: "
                    + fetchSite + ")");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null) {
            if (host == null || !origin.equalsIgnoreCase("http://" + host)) {
                return new BadRequest(403, "writes are accepted from the viewer's own pages only (Origin " + origin
                        + ")");
            }
        } else if (fetchSite == null) {
            return new BadRequest(403, "writes need an Origin header naming this viewer (http://" + host + ")");
        }
        return null;
    }

    private boolean allowedHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String name : LOOPBACK_NAMES) {
            if (h.equals(name + ":" + port)) {
                return true;
            }
        }
        return h.equals(bindHost + ":" + port);
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    private static String cookie(HttpExchange exchange) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }
}
