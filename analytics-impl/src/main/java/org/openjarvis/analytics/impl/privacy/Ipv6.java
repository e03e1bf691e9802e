package org.openjarvis.analytics.impl.privacy;

/**
 * RFC 4291's text forms of an IPv6 address: eight groups of one to four hexadecimal digits, at most one "::"
 * standing for one group or more, the last two groups possibly written as an IPv4 address.
 */
final class Ipv6 {

    private Ipv6() {
    }

    /** Whether {@code candidate} (a run of hexadecimal digits, colons and dots) is, or ends in, an address. */
    static boolean isAddress(String candidate) {
        int compressed = candidate.indexOf("::");
        if (compressed >= 0 && candidate.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] groups = candidate.split(":", -1);
        int hexGroups = 0;
        int empty = 0;
        for (int g = 0; g < groups.length; g++) {
            String group = groups[g];
            if (group.isEmpty()) {
                empty++;
            } else if (g == groups.length - 1 && group.indexOf('.') >= 0) {
                if (Ipv4.end(group, 0, true) != group.length()) {
                    return false;
                }
                hexGroups += 2;
            } else if (group.length() <= 4 && isHex(group)) {
                hexGroups++;
            } else {
                return false;
            }
        }
        if (compressed < 0) {
            return empty == 0 && hexGroups == 8;
        }
        // The loopback "::1" counts; the bare "::" of a C++-style name such as "app::theme" does not.
        return hexGroups >= 1 && hexGroups <= 7;
    }

    private static boolean isHex(String group) {
        for (int i = 0; i < group.length(); i++) {
            if (!Ascii.isHexDigit(group.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
