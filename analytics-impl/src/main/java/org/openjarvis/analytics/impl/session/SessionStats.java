package org.openjarvis.analytics.impl.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    final List<Double> latenciesMs = new ArrayList<>();
    final Set<String> models = new LinkedHashSet<>();
    final Set<String> tools = new LinkedHashSet<>();
    final Set<String> engines = new LinkedHashSet<>();

    SessionStats(double nowSeconds) {
        this.startedAt = nowSeconds;
        this.lastActivity = nowSeconds;
    }
}
