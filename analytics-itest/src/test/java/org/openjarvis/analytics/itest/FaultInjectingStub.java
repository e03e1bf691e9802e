package org.openjarvis.analytics.itest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback PostHog {@code /batch/} endpoint that misbehaves on purpose. Each request reads the whole body,
 * records the uuids it holds, then answers with each weighted {@link Fault} once, then as the seeded random
 * sequence says. It keeps the uuids it acknowledged with a 2xx apart from those that merely arrived, and the last
 * answer each uuid got, which tells what the client must have made of it.
 */
final class FaultInjectingStub implements AutoCloseable {

    /** One way to answer. */
    enum Fault {
        OK, BAD_REQUEST, REQUEST_TIMEOUT, TOO_LARGE, TOO_MANY_REQUESTS, SERVER_ERROR, BAD_GATEWAY, UNAVAILABLE,
        GATEWAY_TIMEOUT, UNAUTHORIZED,
        /** Closes the connection without an answer. */
        RESET,
        /** 200 with a body cut short. */
        HALF_WRITTEN,
        /** 200, then a body trickled a byte at a time. */
        SLOW_DRIP,
        /** No answer for longer than the client's read timeout. */
        BLACKHOLE
    }

    private static final Pattern UUID = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"");

    private final HttpServer server;
    // More handlers than requests can be open at once (one sender, and the few it gave up on while they hang), so
    // that no request waits unread: a request read after the client gave up would record an answer it never saw.
    private final ExecutorService handlers = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "itest-fault-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random;
    private final Map<Fault, Integer> weights;
    private final AtomicReference<Fault> forced = new AtomicReference<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, Fault> lastAnswer = new ConcurrentHashMap<>();
    private final Map<Fault, Integer> answered = new ConcurrentHashMap<>();
    private final long blackholeMillis;
    private final List<Fault> firstOfEach = new ArrayList<>(); // guarded by this

    /**
     * @param weights how often each fault is picked, relative to the others
     * @param blackholeMillis how long a blackholed request is held
     */
    FaultInjectingStub(long seed, Map<Fault, Integer> weights, long blackholeMillis) throws IOException {
        this.random = new Random(seed);
        this.weights = Map.copyOf(weights);
        this.blackholeMillis = blackholeMillis;
        // Every fault with a weight comes once first, so that even a short run meets each of them.
        for (Fault fault : Fault.values()) {
            if (weights.getOrDefault(fault, 0) > 0) {
                firstOfEach.add(fault);
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/batch/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every following request gets {@code fault}, or the random sequence again with null. */
    void force(Fault fault) {
        forced.set(fault);
    }

    /** The uuids of requests answered with a 2xx status line. */
    Set<String> acknowledged() {
        return acknowledged;
    }

    /** The answer to the last request that held each uuid: its keys are every uuid that arrived. */
    Map<String, Fault> lastAnswer() {
        return lastAnswer;
    }

    /** How many requests got each fault. */
    Map<Fault, Integer> answered() {
        return answered;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(new GZIPInputStream(new ByteArrayInputStream(in.readAllBytes())).readAllBytes(),
                        StandardCharsets.UTF_8);
            }
            Fault fault = next();
            answered.merge(fault, 1, Integer::sum);
            Matcher uuids = UUID.matcher(body);
            List<String> batch = new ArrayList<>();
            while (uuids.find()) {
                batch.add(uuids.group(1));
                lastAnswer.put(uuids.group(1), fault);
            }
            answer(exchange, fault, batch);
        }
    }

    private void answer(HttpExchange exchange, Fault fault, List<String> batch) throws IOException {
        switch (fault) {
            case OK -> status(exchange, 200, batch);
            case BAD_REQUEST -> status(exchange, 400, batch);
            case REQUEST_TIMEOUT -> status(exchange, 408, batch);
            case TOO_LARGE -> status(exchange, 413, batch);
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                status(exchange, 429, batch);
            }
            case SERVER_ERROR -> status(exchange, 500, batch);
            case BAD_GATEWAY -> status(exchange, 502, batch);
            case UNAVAILABLE -> status(exchange, 503, batch);
            case GATEWAY_TIMEOUT -> status(exchange, 504, batch);
            case UNAUTHORIZED -> status(exchange, 401, batch);
            case RESET -> { } // closed without a status line
            case HALF_WRITTEN -> {
                acknowledged.addAll(batch);
                exchange.sendResponseHeaders(200, 1000);
                exchange.getResponseBody().write(new byte[10]);
            }
            case SLOW_DRIP -> {
                acknowledged.addAll(batch);
                exchange.sendResponseHeaders(200, 100);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush(); // fails once the client has gone, which ends this answer
                    sleep(20);
                }
            }
            case BLACKHOLE -> sleep(blackholeMillis);
            default -> throw new IllegalStateException(fault.name());
        }
    }

    private void status(HttpExchange exchange, int status, List<String> batch) throws IOException {
        if (status / 100 == 2) {
            acknowledged.addAll(batch);
        }
        exchange.sendResponseHeaders(status, -1);
    }

    private synchronized Fault next() {
        Fault fault = forced.get();
        if (fault != null) {
            return fault;
        }
        if (!firstOfEach.isEmpty()) {
            return firstOfEach.remove(0);
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(total);
        for (Fault candidate : Fault.values()) {
            pick -= weights.getOrDefault(candidate, 0);
            if (pick < 0) {
                return candidate;
            }
        }
        return Fault.OK;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
