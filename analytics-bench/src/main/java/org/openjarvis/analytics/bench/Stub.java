package org.openjarvis.analytics.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * The loopback endpoints every client is pointed at. {@link #url()} answers 200 at once to any POST and counts
 * events (occurrences of {@code "event":} in the decompressed body, which all three wire formats have once per
 * event) and wire bytes (body plus request line and headers, as sent); {@code GET /count} tells the count.
 * {@link #blackholeUrl()} accepts connections and never reads or answers.
 */
final class Stub implements AutoCloseable {

    private static final byte[] EVENT_KEY = "\"event\":".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ServerSocket blackhole;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong wireBytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile long lastEventEpochMillis;
    private volatile long firstEventEpochMillis;

    Stub() throws IOException {
        // Without it, the reply's headers and body go out as two segments, and Nagle's algorithm with the client's
        // delayed ACK adds about 40 ms to every request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long headerBytes = exchange.getRequestMethod().length() + exchange.getRequestURI().toString().length()
                    + 12;
            for (var header : exchange.getRequestHeaders().entrySet()) {
                for (String value : header.getValue()) {
                    headerBytes += header.getKey().length() + value.length() + 4;
                }
            }
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            long count = count(gzip ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body);
            requests.incrementAndGet();
            wireBytes.addAndGet(body.length + headerBytes);
            if (count > 0) {
                events.addAndGet(count);
                lastEventEpochMillis = System.currentTimeMillis();
                if (firstEventEpochMillis == 0) {
                    firstEventEpochMillis = lastEventEpochMillis;
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] reply = "{\"status\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        // Lets a client's JVM wait for its last events before it exits (some clients send after close returns).
        server.createContext("/count", exchange -> {
            byte[] reply = String.valueOf(events.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        blackhole = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!blackhole.isClosed()) {
                try {
                    held.add(blackhole.accept()); // held open, never read
                } catch (IOException e) {
                    return;
                }
            }
        }, "stub-blackhole");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String blackholeUrl() {
        return "http://127.0.0.1:" + blackhole.getLocalPort();
    }

    void reset() {
        events.set(0);
        wireBytes.set(0);
        requests.set(0);
        lastEventEpochMillis = 0;
        firstEventEpochMillis = 0;
    }

    long events() {
        return events.get();
    }

    long wireBytes() {
        return wireBytes.get();
    }

    long requests() {
        return requests.get();
    }

    long lastEventEpochMillis() {
        return lastEventEpochMillis;
    }

    long firstEventEpochMillis() {
        return firstEventEpochMillis;
    }

    /** Closes the connections held by the blackhole, so that clients still waiting on them give up. */
    void releaseBlackholed() {
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed by the client
            }
        }
        held.clear();
    }

    private static long count(byte[] body) {
        long count = 0;
        outer:
        for (int i = 0; i + EVENT_KEY.length <= body.length; i++) {
            for (int j = 0; j < EVENT_KEY.length; j++) {
                if (body[i + j] != EVENT_KEY[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        releaseBlackholed();
        blackhole.close();
    }
}
