package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostHogEndpointTest {

    @Test
    void appHostsBecomeIngestionHostsAndSlashesAreHandled() {
        assertThat(uri("https://app.posthog.com")).isEqualTo("https://us.i.posthog.com/batch/");
        assertThat(uri("https://us.posthog.com/")).isEqualTo("https://us.i.posthog.com/batch/");
        assertThat(uri("https://EU.posthog.com")).isEqualTo("https://eu.i.posthog.com/batch/");
        assertThat(uri("https://eu.i.posthog.com")).isEqualTo("https://eu.i.posthog.com/batch/");
        assertThat(uri(" https://posthog.example.com:8443/ingest// ")).isEqualTo(
                "https://posthog.example.com:8443/ingest/batch/");
    }

    @Test
    void plainHttpOnlyForLoopbackOrWithTheOptIn() {
        assertThat(uri("http://127.0.0.1:8000")).isEqualTo("http://127.0.0.1:8000/batch/");
        assertThat(uri("http://localhost:8000")).isEqualTo("http://localhost:8000/batch/");
        assertThat(uri("http://[::1]:8000")).isEqualTo("http://[::1]:8000/batch/");
        assertThatThrownBy(() -> PostHogEndpoint.of("http://posthog.example.com", false))
                .hasMessageContaining("plain http to a host that is not loopback")
                .hasMessageContaining("allow.insecure.http").hasMessageNotContaining("posthog.example.com");
        assertThatThrownBy(() -> PostHogEndpoint.of("http://10.0.0.5", false)).hasMessageContaining("plain http");
        PostHogEndpoint insecure = PostHogEndpoint.of("http://posthog.internal", true);
        assertThat(insecure.batchUri()).hasToString("http://posthog.internal/batch/");
        assertThat(insecure.plainHttpToRemoteHost()).isTrue();
        assertThat(PostHogEndpoint.of("http://[::1]:8000", true).plainHttpToRemoteHost()).isFalse();
        assertThat(PostHogEndpoint.of("https://posthog.internal", true).plainHttpToRemoteHost()).isFalse();
    }

    @Test
    void badUrlsAreRefusedClearlyWithoutRepeatingThem() {
        assertThatThrownBy(() -> PostHogEndpoint.of("", false)).hasMessageStartingWith("must be set");
        assertThatThrownBy(() -> PostHogEndpoint.of("posthog.example.com", false))
                .hasMessageContaining("http or https URL").hasMessageNotContaining("posthog.example.com");
        assertThatThrownBy(() -> PostHogEndpoint.of("ftp://posthog.example.com", false))
                .hasMessageContaining("http or https URL");
        assertThatThrownBy(() -> PostHogEndpoint.of("https://exa mple.com", false))
                .hasMessage("is not a valid URL");
        assertThatThrownBy(() -> PostHogEndpoint.of("https://user:pw@posthog.example.com", false))
                .hasMessage("must not carry user info (user:password@)");
        assertThatThrownBy(() -> PostHogEndpoint.of("https://posthog.example.com/?token=secret", false))
                .hasMessage("must not carry a query (?...) or a fragment (#...)");
        assertThatThrownBy(() -> PostHogEndpoint.of("https://posthog.example.com:99999", false))
                .hasMessageContaining("not a URL the HTTP client accepts");
    }

    private static String uri(String host) {
        return PostHogEndpoint.of(host, false).batchUri().toString();
    }
}
