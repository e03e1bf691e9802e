package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.Test;

class ConsoleLogTest {

    private static final int ERROR = 1;
    private static final int WARNING = 2;
    private static final int INFO = 3;
    private static final int DEBUG = 4;
    private static final String POSTHOG = "org.openjarvis.analytics.posthog";
    private static final String SCR_MESSAGE = "bundle org.openjarvis.analytics.posthog:0.1.0 (3)"
            + "[org.openjarvis.analytics.posthog.PostHogSinkComponent(5)] : Error during instantiation of the "
            + "implementation object";

    // As SCR reports a constructor that threw: our exception two wrappers deep.
    private static final Exception SCR_FAILURE = new IllegalStateException("wrapped",
            new InvocationTargetException(new IllegalArgumentException(
                    "Configuration org.openjarvis.analytics.posthog: batch.size must be between 1 and 1000, got 0")));

    @Test
    void anErrorOfOurBundlesIsOneLineWithScrsMessageAndTheInnermostCause() {
        String text = ConsoleLog.format(ERROR, POSTHOG, "org.apache.felix.scr", SCR_MESSAGE, SCR_FAILURE, false);

        assertThat(text).isEqualTo("[ERROR] " + POSTHOG + ": " + SCR_MESSAGE + ": java.lang.IllegalArgumentException: "
                + "Configuration org.openjarvis.analytics.posthog: batch.size must be between 1 and 1000, got 0");
    }

    @Test
    void theStackTraceFollowsOnlyWhenAsked() {
        String text = ConsoleLog.format(ERROR, POSTHOG, "scr", SCR_MESSAGE, SCR_FAILURE, true);

        assertThat(text.lines().findFirst()).contains(ConsoleLog.format(ERROR, POSTHOG, "scr", SCR_MESSAGE,
                SCR_FAILURE, false));
        assertThat(text).contains("\n\tat org.openjarvis.analytics.dist.ConsoleLogTest.")
                .contains("\nCaused by: java.lang.IllegalArgumentException: Configuration");
    }

    @Test
    void anotherBundlesExceptionFollowsOnASecondLine() {
        String text = ConsoleLog.format(WARNING, "org.apache.felix.fileinstall", "fileinstall", "Failed to install",
                new java.io.IOException("disk full"), false);

        assertThat(text).isEqualTo("[WARN] org.apache.felix.fileinstall: Failed to install\n        "
                + "java.io.IOException: disk full");
    }

    @Test
    void anExceptionWithoutMessageOrWithACycleOfCausesStillEndsInOneLine() {
        Exception first = new RuntimeException("first");
        Exception second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(ConsoleLog.format(ERROR, POSTHOG, "scr", "The modified method has thrown an exception", second,
                false)).startsWith("[ERROR] " + POSTHOG + ": The modified method has thrown an exception: java.lang.")
                .doesNotContain("\n");
        assertThat(ConsoleLog.format(ERROR, POSTHOG, "scr", "failed", new NullPointerException(), false))
                .isEqualTo("[ERROR] " + POSTHOG + ": failed: java.lang.NullPointerException");
    }

    // A message may quote a configured value: it must neither add lines nor drive the terminal.
    @Test
    void controlCharactersAndBidirectionalOverridesAreEscaped() {
        String text = ConsoleLog.format(ERROR, POSTHOG, "scr", "bad\nhost", new IllegalArgumentException(
                "host \u001b[2J\r\u202Eevil\u0085 must be a URL"), false);

        assertThat(text).isEqualTo("[ERROR] " + POSTHOG + ": bad\\u000ahost: java.lang.IllegalArgumentException: "
                + "host \\u001b[2J\\u000d\\u202eevil\\u0085 must be a URL");
        assertThat(ConsoleLog.escape("tab\tstays, \u00e9 too")).isEqualTo("tab\tstays, \u00e9 too");
    }

    @Test
    void informationIsPrintedForOurBundlesOnlyAndNeverTheirFrameworkEvents() {
        assertThat(ConsoleLog.format(INFO, POSTHOG, "org.openjarvis.analytics.posthog.PostHogSinkComponent",
                "PostHog sink posthog~x sends to h", null, false)).isEqualTo("[INFO] " + POSTHOG
                        + ": PostHog sink posthog~x sends to h");
        assertThat(ConsoleLog.format(INFO, POSTHOG, "Events.Service", "ServiceEvent REGISTERED", null, false))
                .isNull();
        assertThat(ConsoleLog.format(INFO, "org.apache.felix.scr", "scr", "started", null, false)).isNull();
        assertThat(ConsoleLog.format(DEBUG, POSTHOG, "x", "detail", null, false)).isNull();
    }
}
