package io.traceflow.viewer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.traceflow.core.log.AgentLog;
import io.traceflow.core.pricing.PriceTable;

/**
 * The viewer: a small HTTP server (the JDK's {@code com.sun.net.httpserver}) over one TraceFlow file, serving the
 * pages and the JSON API. It reads the file through read-only connections while apps write it (WAL); its only write
 * is feedback. Started by {@code traceflow ui}, {@code traceflow demo}, or inside an app with
 * {@code traceflow.ui.port}. Its threads are daemons: it never keeps a JVM alive on its own.
 */
public final class ViewerServer implements AutoCloseable {
    /** What to serve and where. {@code port} 0 picks a free port; {@code token} null or empty means none. */
    public record Options(Path db, String bind, int port, String token, PriceTable prices) {
    }

    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ViewerDatabase db;
    private final LiveVersion live;
    private final String token;
    private final String host;

    private ViewerServer(HttpServer server, ExecutorService executor, ViewerDatabase db, LiveVersion live,
            String token, String host) {
        this.server = server;
        this.executor = executor;
        this.db = db;
        this.live = live;
        this.token = token;
        this.host = host;
    }

    /**
     * Starts serving at once (the file may not exist yet). Refuses a bind address that is not loopback unless a token
     * is set.
     *
     * @throws IllegalArgumentException for a bad bind address or token, with a one-line reason
     * @throws IOException when the port cannot be bound
     */
    public static ViewerServer start(Options options) throws IOException {
        String token = options.token() == null || options.token().isBlank() ? null : options.token().trim();
        RequestGuard.checkTokenFormat(token);
        InetAddress address;
        try {
            address = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the viewer's bind address " + options.bind());
        }
        if (!RequestGuard.isLoopback(address) && token == null) {
            throw new IllegalArgumentException("the viewer would listen on " + options.bind()
                    + ", reachable from other machines: set a token (--token or traceflow.ui.token) for that,"
                    + " or keep the default bind address 127.0.0.1");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "traceflow-viewer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ViewerDatabase db = new ViewerDatabase(options.db(), THREADS);
        LiveVersion live = new LiveVersion(options.db());
        int port = server.getAddress().getPort();
        String host = address.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName()
                : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        RequestGuard guard = new RequestGuard(token, port, host);
        ApiRoutes api = new ApiRoutes(db, live, guard, options.prices());
        StaticAssets assets = new StaticAssets();
        server.createContext("/", exchange -> handle(exchange, guard, api, assets));
        ViewerServer viewer = new ViewerServer(server, executor, db, live, token, host);
        // The JDK's dispatcher thread takes its daemon flag from the thread that starts the server: start it from a
        // daemon thread, so that a viewer inside an app never keeps that app's JVM alive.
        Thread starter = new Thread(server::start, "traceflow-viewer-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return viewer;
    }

    private static void handle(HttpExchange exchange, RequestGuard guard, ApiRoutes api, StaticAssets assets)
            throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            BadRequest refused = guard.refuse(exchange);
            if (refused != null) {
                Http.error(exchange, refused.status(), refused.getMessage());
                return;
            }
            if (path.startsWith("/api/")) {
                api.handle(exchange, path);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                Http.error(exchange, 405, "use GET");
                return;
            }
            if (guard.tokenInQuery(exchange)) {
                // Trade the token in the URL for a cookie, and drop it from the address bar.
                exchange.getResponseHeaders().add("Set-Cookie", guard.cookieHeader());
                exchange.getResponseHeaders().set("Location", path);
                Http.send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
                return;
            }
            StaticAssets.Asset asset = assets.find(path);
            if (asset == null) {
                Http.send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes());
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            Http.send(exchange, 200, asset.contentType(), asset.bytes());
        } catch (IOException e) {
            AgentLog.debug("viewer: the client went away", e);
        } catch (RuntimeException e) {
            AgentLog.warn("viewer: request " + exchange.getRequestURI().getPath() + " failed", e);
            try {
                Http.error(exchange, 500, "internal error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the response was already started
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open: with {@code ?token=} when a token is set (opened once, it becomes a cookie). */
    public URI url() {
        return URI.create("http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        db.close();
        live.close();
    }
}
