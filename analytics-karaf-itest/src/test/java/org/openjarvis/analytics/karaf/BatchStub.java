package org.openjarvis.analytics.karaf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;

/** A loopback PostHog {@code /batch/} endpoint that answers 200 and records the uuid of every event it receives. */
final class BatchStub implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServer server;
    private final List<String> uuids = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    BatchStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/batch/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                record(new GZIPInputStream(new ByteArrayInputStream(body.readAllBytes())).readAllBytes());
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every event uuid received, in order, duplicates included. */
    List<String> uuids() {
        return List.copyOf(uuids);
    }

    /** Every batch body received, decompressed. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    // Collects the "uuid" of each element of "batch".
    private void record(byte[] json) throws IOException {
        bodies.add(new String(json, StandardCharsets.UTF_8));
        try (JsonParser parser = JSON.createParser(json)) {
            int depth = 0;
            while (parser.nextToken() != null) {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && depth == 3 && "uuid".equals(parser.currentName())) {
                    uuids.add(parser.nextTextValue());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
