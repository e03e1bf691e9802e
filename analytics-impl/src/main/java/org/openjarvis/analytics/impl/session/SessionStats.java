package org.openjarvis.analytics.impl.session;

import java.util.LinkedHashSet;
import java.util.Set;

/** The reference's {@code _SessionStats}: what one session has done so far. Guarded by the aggregator's lock. */
final class SessionStats {
    final double startedAt;
    double lastActivity;
    long inferenceCount;
    long tokensIn;
    long tokensOut;
    long toolCount;
    long errorCount;
    final LatencySamples latenciesMs;
    final Set<String> models = new LinkedHashSet<>();
    final Set<String> tools = new LinkedHashSet<>();
    final Set<String> engines = new LinkedHashSet<>();

    SessionStats(double nowSeconds, int latencyCapacity) {
        this.latenciesMs = new LatencySamples(latencyCapacity);
        this.startedAt = nowSeconds;
        this.lastActivity = nowSeconds;
    }
}
