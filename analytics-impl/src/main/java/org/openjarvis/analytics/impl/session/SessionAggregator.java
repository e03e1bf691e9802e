package org.openjarvis.analytics.impl.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.openjarvis.analytics.common.status.Counters;

/**
 * The reference's {@code SessionAggregator}, without its thread: the owner calls {@link #flushIdle()} on its own
 * schedule (every {@code session.tick.seconds} in the component, explicitly in tests).
 *
 * <p>Time is read as a double number of seconds, like Python's {@code time.time()}, because the reference's
 * {@code duration_ms} and idle checks are computed in double seconds and the conformance vectors depend on it.
 * Events are emitted under the lock (the reference emits outside it): {@link #stopCollecting()} takes that lock, so a
 * session taken out before consent was withdrawn is emitted before the withdrawal completes, and refused or discarded
 * with the rest; it can never be sent after a quick opt-in. Emitting costs one non-blocking capture.
 *
 * <p>Deliberate differences, to bound memory: a session keeps at most {@value LatencySamples#CAPACITY} latencies,
 * beyond which they are a uniform sample (see {@link LatencySamples}); at most {@value #MAX_OPEN_SESSIONS} sessions
 * are open, and a new one beyond that closes the least recently active one early, exactly as an idle flush would.
 * The reference keeps everything.
 *
 * <p>Also ours: {@link #stopCollecting()}, for when consent is withdrawn, forgets open sessions unreported, so that
 * activity recorded before the opt-out is never sent after a later opt-in.
 */
public final class SessionAggregator implements SessionRecorder {

    /** The event this aggregator emits. */
    public static final String EVENT = "chat_session_ended";

    /** Most sessions open at once; a new one beyond it first closes the least recently active one. */
    public static final int MAX_OPEN_SESSIONS = 10_000;

    private final BiConsumer<String, Map<String, Object>> client;
    private final DoubleSupplier clockSeconds;
    private volatile double idleTimeoutSeconds;
    private final Object lock = new Object();
    private final Map<String, SessionStats> sessions = new LinkedHashMap<>(); // insertion order; guarded by lock
    // The same sessions, least recently touched first; guarded by lock
    private final LinkedHashMap<String, SessionStats> recency = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxOpenSessions;
    private SessionStats closedEarly; // evicted by touch(), emitted by record(); guarded by lock
    private final Counters<SessionCounter> counts = new Counters<>(SessionCounter.class); // changed under lock
    private boolean shutDown; // guarded by lock
    private boolean collecting = true; // guarded by lock
    private final SplittableRandom random = new SplittableRandom(); // guarded by lock
    private final int latencyCapacity;

    /**
     * @param client receives {@code (event name, properties)} for each emitted session, like
     *        {@code client.capture}
     * @param idleTimeoutSeconds sessions idle for strictly longer are ended by {@link #flushIdle()}
     * @param clockSeconds wall-clock time in seconds
     */
    public SessionAggregator(BiConsumer<String, Map<String, Object>> client, double idleTimeoutSeconds,
            DoubleSupplier clockSeconds) {
        this(client, idleTimeoutSeconds, clockSeconds, LatencySamples.CAPACITY, MAX_OPEN_SESSIONS);
    }

    SessionAggregator(BiConsumer<String, Map<String, Object>> client, double idleTimeoutSeconds,
            DoubleSupplier clockSeconds, int latencyCapacity, int maxOpenSessions) {
        this.maxOpenSessions = maxOpenSessions;
        this.client = client;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.clockSeconds = clockSeconds;
        this.latencyCapacity = latencyCapacity;
    }

    /** Applies a new idle timeout to the next {@link #flushIdle()}. */
    public void setIdleTimeoutSeconds(double idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    @Override
    public void recordInference(String sessionId, long tokensIn, long tokensOut, double latencyMs, String modelHash,
            String engine) {
        record(sessionId, stats -> {
            stats.inferenceCount++;
            stats.tokensIn = saturatedAdd(stats.tokensIn, Math.max(0, tokensIn));
            stats.tokensOut = saturatedAdd(stats.tokensOut, Math.max(0, tokensOut));
            if (latencyMs > 0) {
                stats.latenciesMs.add(latencyMs, random);
            }
            if (!modelHash.isEmpty()) {
                stats.models.add(modelHash);
            }
            if (!engine.isEmpty()) {
                stats.engines.add(engine);
            }
        });
    }

    @Override
    public void recordTool(String sessionId, String toolName) {
        record(sessionId, stats -> {
            stats.toolCount++;
            if (!toolName.isEmpty()) {
                stats.tools.add(toolName);
            }
        });
    }

    @Override
    public void recordError(String sessionId) {
        record(sessionId, stats -> stats.errorCount++);
    }

    @Override
    public void endSession(String sessionId) {
        synchronized (lock) {
            recency.remove(sessionId);
            emitIfUsed(sessions.remove(sessionId));
        }
    }

    /** One iteration of the reference's idle flusher; does nothing after {@link #shutdown()}. */
    public void flushIdle() {
        double now = clockSeconds.getAsDouble();
        List<String> idle = new ArrayList<>();
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            sessions.forEach((id, stats) -> {
                if (now - stats.lastActivity > idleTimeoutSeconds) {
                    idle.add(id);
                }
            });
        }
        for (String id : idle) {
            endSession(id);
        }
    }

    /** Emits every session with at least one inference, in insertion order, and stops idle flushing. */
    public void shutdown() {
        synchronized (lock) {
            shutDown = true;
        }
        reportOpenSessions();
    }

    @Override
    public void reportOpenSessions() {
        synchronized (lock) {
            List<SessionStats> all = new ArrayList<>(sessions.values());
            sessions.clear();
            recency.clear();
            all.forEach(this::emitIfUsed);
        }
    }

    /**
     * Forgets every open session without reporting it, and ignores what is recorded until
     * {@link #startCollecting()}. Done under the lock that recording takes, so a record racing with it either
     * lands before and is forgotten, or after and is ignored.
     *
     * @return the sessions forgotten
     */
    public int stopCollecting() {
        synchronized (lock) {
            int forgotten = sessions.size();
            collecting = false;
            counts.add(SessionCounter.SESSIONS_DISCARDED_CONSENT, forgotten);
            sessions.clear();
            recency.clear();
            return forgotten;
        }
    }

    /** Records again after {@link #stopCollecting()}. */
    public void startCollecting() {
        synchronized (lock) {
            collecting = true;
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        synchronized (lock) {
            counters.put("open_sessions", (long) sessions.size());
            counters.putAll(counts.snapshot()); // the same moment as the open sessions
        }
        return counters;
    }

    // Applies an update to the session, opening it if needed; a session closed early to make room is emitted.
    private void record(String sessionId, Consumer<SessionStats> update) {
        synchronized (lock) {
            if (!collecting) {
                return;
            }
            update.accept(touch(sessionId));
            emitIfUsed(takeClosedEarly());
        }
    }

    private SessionStats touch(String sessionId) {
        double now = clockSeconds.getAsDouble();
        SessionStats stats = recency.get(sessionId); // marks it most recently touched
        if (stats == null) {
            if (sessions.size() >= maxOpenSessions) {
                // Closed as an idle flush would close it: removed, and emitted if it had an inference.
                String eldest = recency.keySet().iterator().next();
                recency.remove(eldest);
                closedEarly = sessions.remove(eldest);
                counts.increment(SessionCounter.SESSIONS_CLOSED_EARLY);
            }
            stats = new SessionStats(now, latencyCapacity);
            sessions.put(sessionId, stats);
            recency.put(sessionId, stats);
        }
        stats.lastActivity = now;
        return stats;
    }

    private SessionStats takeClosedEarly() {
        SessionStats evicted = closedEarly;
        closedEarly = null;
        return evicted;
    }

    private void emitIfUsed(SessionStats stats) {
        if (stats != null && stats.inferenceCount > 0) {
            emit(stats);
        }
    }

    private void emit(SessionStats stats) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("turn_count", stats.inferenceCount);
        properties.put("tokens_in", stats.tokensIn);
        properties.put("tokens_out", stats.tokensOut);
        double[] latencies = stats.latenciesMs.sorted();
        properties.put("latency_ms_p50", Percentiles.ofSorted(latencies, 0.50));
        properties.put("latency_ms_p95", Percentiles.ofSorted(latencies, 0.95));
        properties.put("tool_count", stats.toolCount);
        properties.put("unique_tools", (long) stats.tools.size());
        properties.put("unique_models", (long) stats.models.size());
        properties.put("error_count", stats.errorCount);
        properties.put("duration_ms", (long) ((stats.lastActivity - stats.startedAt) * 1000.0));
        if (stats.models.size() == 1) {
            properties.put("model_hash", stats.models.iterator().next());
        }
        if (stats.engines.size() == 1) {
            properties.put("engine", stats.engines.iterator().next());
        }
        client.accept(EVENT, properties);
    }

    // Python ints never overflow; a long that would is held at its maximum rather than wrapping negative.
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
