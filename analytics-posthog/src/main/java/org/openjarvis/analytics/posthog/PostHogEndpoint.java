package org.openjarvis.analytics.posthog;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import okhttp3.HttpUrl;

/**
 * Where batches go: {@code <host>/batch/}. Hosts are normalised like posthog-python's
 * {@code determine_server_host()}: the app hosts become ingestion hosts, and a trailing slash is dropped. Plain
 * {@code http://} is accepted only for loopback hosts (tests, local proxies) or with an explicit opt-in, since
 * the batch carries the project key.
 */
record PostHogEndpoint(URI batchUri) {

    private static final Map<String, String> APP_TO_INGESTION = Map.of(
            "app.posthog.com", "us.i.posthog.com",
            "us.posthog.com", "us.i.posthog.com",
            "eu.posthog.com", "eu.i.posthog.com");

    /**
     * @param host e.g. {@code https://us.i.posthog.com} or {@code https://posthog.example.com/}
     * @param allowInsecureHttp accept {@code http://} for a non-loopback host
     * @throws IllegalArgumentException whose message is the reason, to follow the property name {@code host}; it
     *         never repeats the value, which may hold a password, a token or a key pasted in the wrong place
     */
    static PostHogEndpoint of(String host, boolean allowInsecureHttp) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("must be set, e.g. https://us.i.posthog.com");
        }
        URI uri;
        try {
            uri = new URI(host.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("must be an http or https URL with a host name, e.g. "
                    + "https://us.i.posthog.com");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must not carry user info (user:password@)");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("must not carry a query (?...) or a fragment (#...)");
        }
        String hostName = APP_TO_INGESTION.getOrDefault(uri.getHost().toLowerCase(Locale.ROOT),
                uri.getHost().toLowerCase(Locale.ROOT));
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(hostName)) {
            throw new IllegalArgumentException("uses plain http to a host that is not loopback; use https, or set "
                    + "allow.insecure.http=true if a trusted proxy terminates TLS");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String authority = hostName.contains(":") && !hostName.startsWith("[") ? "[" + hostName + "]" : hostName;
        URI batchUri = URI.create(scheme + "://" + authority + port + path + "/batch/");
        if (HttpUrl.parse(batchUri.toString()) == null) {
            throw new IllegalArgumentException("is not a URL the HTTP client accepts (check the port)");
        }
        return new PostHogEndpoint(batchUri);
    }

    /** Whether the endpoint is https (else plain http, to loopback or with {@code allow.insecure.http=true}). */
    boolean usesTls() {
        return batchUri.getScheme().equals("https");
    }

    /**
     * Whether batches, with the key in them, go in clear text to a host that is not loopback: allowed only with
     * {@code allow.insecure.http=true}.
     */
    boolean plainHttpToRemoteHost() {
        return !usesTls() && !isLoopback(batchUri.getHost());
    }

    // Loopback by name or literal address only: resolving a name here could block on DNS.
    private static boolean isLoopback(String hostName) {
        String bare = hostName.startsWith("[") ? hostName.substring(1, hostName.length() - 1) : hostName;
        if (bare.equals("localhost") || bare.endsWith(".localhost")) {
            return true;
        }
        // Only a dotted quad or an IPv6 literal: anything else ("1..2") would make getByName look the name up.
        if (!bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
