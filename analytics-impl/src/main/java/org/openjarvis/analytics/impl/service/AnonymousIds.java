package org.openjarvis.analytics.impl.service;

/** Display helpers for the anonymous id: logs and status show only a prefix, like the reference's debug log. */
public final class AnonymousIds {

    private AnonymousIds() {
    }

    /** The first 8 characters followed by an ellipsis, e.g. {@code 3f2a9c1e…}. */
    public static String mask(String anonymousId) {
        int end = Math.min(8, anonymousId.length());
        return anonymousId.substring(0, end) + "\u2026";
    }
}
