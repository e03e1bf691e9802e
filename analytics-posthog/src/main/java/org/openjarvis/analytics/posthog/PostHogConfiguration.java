package org.openjarvis.analytics.posthog;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One PostHog sink, factory PID {@value PostHogSinkComponent#PID}: one configuration per destination. Only
 * {@code api.key} is required; every other property has a default.
 */
@ObjectClassDefinition(name = "OpenJarvis Analytics: PostHog sink",
        description = "Sends the anonymous analytics events to a PostHog project. Inactive until api.key is set; "
                + "this project ships no key.")
public @interface PostHogConfiguration {

    /** Labels instances in the Felix web console. */
    @AttributeDefinition(required = false, name = "Web console label",
            description = "How the Felix web console names each PostHog configuration in its list.")
    String webconsole_configurationFactory_nameHint() default "PostHog: {host}";

    @AttributeDefinition(name = "Project API key", type = AttributeType.PASSWORD,
            description = "The project's API key (phc_...). Required. Never logged or shown.")
    String api_key();

    @AttributeDefinition(required = false,
            name = "Host", description = "PostHog ingestion host: https://us.i.posthog.com, "
                + "https://eu.i.posthog.com, or your own. http:// only for loopback hosts unless allowed below.")
    String host() default "https://us.i.posthog.com";

    @AttributeDefinition(required = false,
            name = "Allow plain HTTP", description = "Allow http:// to a non-loopback host, e.g. "
                + "behind a trusted TLS-terminating proxy. The batch carries the API key.")
    boolean allow_insecure_http() default false;

    @AttributeDefinition(required = false,
            name = "Process person profiles", description = "Send $process_person_profile=true to "
                + "create person profiles; false (the default) keeps events personless.")
    boolean process_person_profile() default false;

    @AttributeDefinition(required = false, name = "Batch size", description = "Most events per request (1 to 1000).",
            min = "1", max = "1000")
    int batch_size() default 100;

    @AttributeDefinition(required = false,
            name = "Batch size for a deep queue", description = "Most events per request while more than "
                + "batch.size events are queued, within the 5 MiB batch limit (batch.size to 10000).",
            min = "1", max = "10000")
    int batch_max_events() default 1_000;

    @AttributeDefinition(required = false,
            name = "Batches in flight", description = "Most requests outstanding at once, each on a thread and a "
                + "connection of its own (1 to 16). While one is outstanding, the next waits for batch.max.events "
                + "events or for it to be done. Batches may arrive out of order; PostHog orders events by their "
                + "timestamps.", min = "1", max = "16")
    int max_in_flight() default 4;

    @AttributeDefinition(required = false,
            name = "Flush interval (ms)", description = "A partial batch is sent after this long "
                + "(100 to 3600000).", min = "100", max = "3600000")
    long flush_interval_ms() default 5_000;

    @AttributeDefinition(required = false,
            name = "Queue capacity", description = "Most events waiting to be sent (1 to 1000000). "
                + "Beyond it new events are dropped and counted.", min = "1", max = "1000000")
    int queue_capacity() default 100_000;

    @AttributeDefinition(required = false,
            name = "Queue size limit (bytes)", description = "Most bytes of serialised events "
                + "waiting to be sent (1048576 to 1073741824).", min = "1048576", max = "1073741824")
    long queue_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(required = false,
            name = "Attempts", description = "Attempts per batch, the first included (1 to 20).",
            min = "1", max = "20")
    int max_attempts() default 5;

    @AttributeDefinition(required = false,
            name = "First retry delay (ms)", description = "Upper bound of the randomised wait before "
                + "the first retry; it doubles with each further attempt, up to 30 s (1 to 30000).", min = "1",
            max = "30000")
    long retry_backoff_ms() default 1_000;

    @AttributeDefinition(required = false,
            name = "Batch age limit (ms)", description = "A batch older than this is not retried "
                + "(1000 to 86400000).", min = "1000", max = "86400000")
    long max_batch_age_ms() default 600_000;

    @AttributeDefinition(required = false, name = "Connect timeout (ms)", min = "100", max = "600000")
    long connect_timeout_ms() default 10_000;

    @AttributeDefinition(required = false, name = "Read timeout (ms)", min = "100", max = "600000")
    long read_timeout_ms() default 15_000;

    @AttributeDefinition(required = false, name = "Call timeout (ms)", description = "Bound on one whole request.",
            min = "100", max = "600000")
    long call_timeout_ms() default 30_000;

    @AttributeDefinition(required = false,
            name = "Spool directory", description = "An absolute directory where batches that "
                + "could not be sent (host unreachable, retries used up, shutdown) are kept and sent later. Each sink "
                + "uses its own subdirectory. Empty (the default): no spool, such events are counted as dropped.")
    String spool_dir() default "";

    @AttributeDefinition(required = false,
            name = "Spool file limit", description = "Most batches kept in the spool (1 to 100000).",
            min = "1", max = "100000")
    int spool_max_files() default 1_000;

    @AttributeDefinition(required = false,
            name = "Spool size limit (bytes)", description = "Most bytes kept in the spool "
                + "(1048576 to 17179869184).", min = "1048576", max = "17179869184")
    long spool_max_bytes() default 100L * 1024 * 1024;

    @AttributeDefinition(required = false,
            name = "Shutdown timeout (ms)", description = "How long deactivation may spend sending "
                + "what is queued (0 to 600000).", min = "0", max = "600000")
    long shutdown_timeout_ms() default 5_000;
}
