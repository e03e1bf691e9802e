package org.openjarvis.analytics.impl.privacy;

/** A dotted-quad IPv4 address: four decimal octets of at most three digits, each at most 255. */
final class Ipv4 {

    private Ipv4() {
    }

    /**
     * Where the address that starts at {@code start} ends, or -1 if none does.
     *
     * @param padded whether an octet may have a leading zero ("010"), which an address inside an IPv6 one may,
     *        and a free-standing address as people write it does not (versions do: "22.04")
     */
    static int end(CharSequence t, int start, boolean padded) {
        int i = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= t.length() || t.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int from = i;
            int value = 0;
            while (i < t.length() && Ascii.isDigit(t.charAt(i)) && i - from < 4) {
                value = value * 10 + t.charAt(i++) - '0';
            }
            int length = i - from;
            if (length == 0 || length > 3 || value > 255 || !padded && length > 1 && t.charAt(from) == '0') {
                return -1;
            }
        }
        return i;
    }
}
