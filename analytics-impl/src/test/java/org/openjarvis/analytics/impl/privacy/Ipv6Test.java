package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4291's text forms (section 2.2), and candidates that only look like them. */
class Ipv6Test {

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:0:0:8:800:200c:417a", "2001:db8::8:800:200c:417a", "ff01::101", "::1",
        "fe80::", "::ffff:129.144.52.38", "0:0:0:0:0:ffff:129.144.52.38", "1:2:3:4:5:6:7::"})
    void readsEveryFormTheRfcWrites(String address) {
        assertThat(Ipv6.isAddress(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // "::" may stand only once, wherever the first one is.
        "::1::2", "1::2::3", "::1:2::",
        // Not eight groups without "::", or a group too long, or an empty group that is not "::".
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7:8", "12345::1",
        // The bare "::" of a C++-style name, and an IPv4 tail that is not an address.
        "::", "::ffff:1.2.3", "::ffff:.1.2.3"})
    void refusesWhatTheRfcDoesNotWrite(String candidate) {
        assertThat(Ipv6.isAddress(candidate)).isFalse();
    }
}
