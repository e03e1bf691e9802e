package org.openjarvis.analytics.posthog;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

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
     * @throws IllegalArgumentException with a message naming the problem (never the key)
     */
    static PostHogEndpoint of(String host, boolean allowInsecureHttp) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be set, e.g. https://us.i.posthog.com");
        }
        URI uri;
        try {
            uri = new URI(host.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host is not a valid URL: " + host.trim(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("host must be an http or https URL with a host name, got " + host.trim());
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("host must not carry a query, fragment or user info: " + host.trim());
        }
        String hostName = APP_TO_INGESTION.getOrDefault(uri.getHost().toLowerCase(Locale.ROOT),
                uri.getHost().toLowerCase(Locale.ROOT));
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(hostName)) {
            throw new IllegalArgumentException("host " + host.trim() + " uses plain http to a remote host; use "
                    + "https, or set allow.insecure.http=true if a trusted proxy terminates TLS");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String authority = hostName.contains(":") && !hostName.startsWith("[") ? "[" + hostName + "]" : hostName;
        return new PostHogEndpoint(URI.create(scheme + "://" + authority + port + path + "/batch/"));
    }

    // Loopback by name or literal address only: resolving a name here could block on DNS.
    private static boolean isLoopback(String hostName) {
        String bare = hostName.startsWith("[") ? hostName.substring(1, hostName.length() - 1) : hostName;
        if (bare.equals("localhost") || bare.endsWith(".localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
