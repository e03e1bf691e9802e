package org.openjarvis.analytics.posthog;

/** The project API key is a secret for our purposes: it is never logged or shown, only masked. */
final class ApiKeys {

    private ApiKeys() {
    }

    /**
     * A form safe to show: the last four characters at most, and only when the key is long enough that they do
     * not give it away, e.g. {@code ****wxyz}.
     */
    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        return key.length() >= 16 ? "****" + key.substring(key.length() - 4) : "****";
    }
}
