package org.openjarvis.analytics.bench;

/**
 * One analytics client as the benchmarks drive it: one typical event per {@link #capture()}, through the client's
 * documented public API, with its default settings. Implementations are loaded by name, so that a JVM whose
 * classpath holds only one client never touches the others' classes.
 */
public interface BenchClient extends AutoCloseable {

    /** The project key every client is built with; no stub checks it. */
    String KEY = "phc_bench_not_a_real_key";

    /** Captures one event of five properties. */
    void capture();

    /** Asks the client to send what it queued, where its API can; returns when the client's call returns. */
    void flush();

    /** The client's documented shutdown. */
    @Override
    void close();

    /**
     * Creates a client: {@code openjarvis} (AnalyticsService with the PostHog sink), {@code openjarvis-service} (the
     * service with a sink that discards), {@code openjarvis-sink} (the PostHog sink alone), {@code posthog-java},
     * {@code posthog-server} or {@code segment}.
     */
    static BenchClient create(String name, String url) {
        String type = switch (name) {
            case "openjarvis" -> "OpenJarvisClient";
            case "openjarvis-service" -> "OpenJarvisServiceClient";
            case "openjarvis-sink" -> "OpenJarvisSinkClient";
            case "posthog-java" -> "PostHogJavaClient";
            case "posthog-server" -> "PostHogServerClient";
            case "segment" -> "SegmentClient";
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
        try {
            return (BenchClient) Class.forName(BenchClient.class.getPackageName() + "." + type)
                    .getConstructor(String.class).newInstance(url);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + name, e);
        }
    }
}
