package org.openjarvis.analytics.bench;

import com.posthog.java.PostHog;

/** {@code com.posthog.java:posthog} 1.2.0 with its defaults (it has no flush). */
public final class PostHogJavaClient implements BenchClient {

    private final PostHog posthog;

    public PostHogJavaClient(String url) {
        posthog = new PostHog.Builder(KEY).host(url).build();
    }

    @Override
    public void capture() {
        posthog.capture(BenchEvent.DISTINCT_ID, BenchEvent.PEER_NAME, BenchEvent.peerProperties());
    }

    @Override
    public void flush() {
        // 1.2.0 has no flush(): it sends at 50 events or every second.
    }

    @Override
    public void close() {
        posthog.shutdown();
    }

}
