package org.openjarvis.analytics.impl.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The consent rules of DESIGN.md, and the intent of the reference's deleted test_identity.py. */
class ConsentTest {

    @Test
    void grantedWithNoEnvironmentAndConfigEnabled() {
        Consent consent = Consent.evaluate(Map.of(), true);
        assertThat(consent.granted()).isTrue();
        assertThat(consent.refusal()).isEmpty();
    }

    @Test
    void configCanTurnItOff() {
        Consent consent = Consent.evaluate(Map.of(), false);
        assertThat(consent.granted()).isFalse();
        assertThat(consent.refusal()).contains("configuration enabled=false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "True", "TRUE", "yes", "on", "anything", " 1 ", "\t2\n"})
    void doNotTrackTruthyValuesOverrideAnEnabledConfig(String value) {
        Consent consent = Consent.evaluate(Map.of("DO_NOT_TRACK", value), true);
        assertThat(consent.granted()).isFalse();
        assertThat(consent.refusal().orElseThrow()).startsWith("environment variable DO_NOT_TRACK=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "yes", "on"})
    void openJarvisNoAnalyticsTruthyValuesTurnItOff(String value) {
        Consent consent = Consent.evaluate(Map.of("OPENJARVIS_NO_ANALYTICS", value), true);
        assertThat(consent.refusal().orElseThrow()).contains("OPENJARVIS_NO_ANALYTICS=" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "false", "False", "no", "NO", "off", " Off ", "  "})
    void falsyValuesLeaveTheConfigInCharge(String value) {
        assertThat(Consent.evaluate(Map.of("DO_NOT_TRACK", value, "OPENJARVIS_NO_ANALYTICS", value), true)
                .granted()).isTrue();
        assertThat(Consent.evaluate(Map.of("DO_NOT_TRACK", value), false).refusal())
                .contains("configuration enabled=false");
    }

    @Test
    void theEnvironmentIsCheckedBeforeTheConfigAndNamesTheVariable() {
        Consent consent = Consent.evaluate(Map.of("OPENJARVIS_NO_ANALYTICS", "yes"), false);
        assertThat(consent.refusal()).contains("environment variable OPENJARVIS_NO_ANALYTICS=yes is set");
    }
}
