package org.openjarvis.analytics.bench;

import com.posthog.server.PostHog;
import com.posthog.server.PostHogCaptureOptions;
import com.posthog.server.PostHogConfig;
import com.posthog.server.PostHogInterface;

/** {@code com.posthog:posthog-server} 2.3.0 with its defaults; the options object is built per call. */
public final class PostHogServerClient implements BenchClient {

    private final PostHogInterface posthog;

    public PostHogServerClient(String url) {
        posthog = PostHog.with(PostHogConfig.builder(KEY).host(url).build());
    }

    @Override
    public void capture() {
        posthog.capture(BenchEvent.DISTINCT_ID, BenchEvent.PEER_NAME,
                PostHogCaptureOptions.builder().properties(BenchEvent.peerProperties()).build());
    }

    @Override
    public void flush() {
        posthog.flush();
    }

    @Override
    public void close() {
        posthog.close();
    }

}
