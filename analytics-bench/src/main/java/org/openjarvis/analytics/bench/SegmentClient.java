package org.openjarvis.analytics.bench;

import com.segment.analytics.Analytics;
import com.segment.analytics.messages.TrackMessage;

/** {@code com.segment.analytics.java:analytics} 3.5.1 with its defaults; the message builder is made per call. */
public final class SegmentClient implements BenchClient {

    private final Analytics analytics;

    public SegmentClient(String url) {
        analytics = Analytics.builder(KEY).endpoint(url).build();
    }

    @Override
    public void capture() {
        analytics.enqueue(TrackMessage.builder(BenchEvent.PEER_NAME).userId(BenchEvent.DISTINCT_ID)
                .properties(BenchEvent.peerProperties()));
    }

    @Override
    public void flush() {
        analytics.flush();
    }

    @Override
    public void close() {
        analytics.shutdown();
    }

}
