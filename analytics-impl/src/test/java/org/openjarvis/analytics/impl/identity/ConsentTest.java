package org.openjarvis.analytics.impl.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;

/** The consent rules of DESIGN.md, and the intent of the reference's deleted test_identity.py. */
class ConsentTest {

    private static final Optional<String> NO_OPT_OUT = Optional.empty();

    @Test
    void grantedWithNoEnvironmentAndConfigEnabled() {
        Consent consent = Consent.evaluate(Map.of(), NO_OPT_OUT, configured(true));
        assertThat(consent.granted()).isTrue();
        assertThat(consent.refusal()).isEmpty();
        assertThat(consent.source()).isEmpty();
    }

    @Test
    void configCanTurnItOff() {
        Consent consent = Consent.evaluate(Map.of(), NO_OPT_OUT, configured(false));
        assertThat(consent.granted()).isFalse();
        assertThat(consent.refusal()).contains("configuration enabled=false");
        assertThat(consent.source()).contains(Consent.Source.CONFIGURATION);
    }

    @Test
    void anEnabledThatIsNotABooleanMeansOff() {
        AnalyticsSettings maybe = AnalyticsSettings.parse(Map.of("enabled", "maybe"), AnalyticsSettings.DEFAULTS)
                .settings();
        Consent consent = Consent.evaluate(Map.of(), NO_OPT_OUT, maybe);
        assertThat(consent.granted()).isFalse();
        assertThat(consent.refusal()).contains("configuration org.openjarvis.analytics: enabled is not true or false");
    }

    @Test
    void theUsersOwnOptOutWinsOverTheConfigurationAndNamesItsRecord() {
        Consent consent = Consent.evaluate(Map.of(), Optional.of("/home/u/.openjarvis/analytics_opt_out"),
                configured(true));
        assertThat(consent.granted()).isFalse();
        assertThat(consent.source()).contains(Consent.Source.USER);
        assertThat(consent.refusal().orElseThrow()).isEqualTo("turned off with analytics:disable "
                + "(/home/u/.openjarvis/analytics_opt_out)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "True", "TRUE", "yes", "on", "anything", " 1 ", "\t2\n"})
    void doNotTrackTruthyValuesOverrideAnEnabledConfig(String value) {
        Consent consent = Consent.evaluate(Map.of("DO_NOT_TRACK", value), NO_OPT_OUT, configured(true));
        assertThat(consent.granted()).isFalse();
        assertThat(consent.refusal().orElseThrow()).startsWith("environment variable DO_NOT_TRACK=");
        assertThat(consent.source()).contains(Consent.Source.ENVIRONMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "yes", "on"})
    void openJarvisNoAnalyticsTruthyValuesTurnItOff(String value) {
        Consent consent = Consent.evaluate(Map.of("OPENJARVIS_NO_ANALYTICS", value), NO_OPT_OUT, configured(true));
        assertThat(consent.refusal().orElseThrow()).contains("OPENJARVIS_NO_ANALYTICS=" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "false", "False", "no", "NO", "off", " Off ", "  "})
    void falsyValuesLeaveTheConfigInCharge(String value) {
        assertThat(Consent.evaluate(Map.of("DO_NOT_TRACK", value, "OPENJARVIS_NO_ANALYTICS", value), NO_OPT_OUT,
                configured(true)).granted()).isTrue();
        assertThat(Consent.evaluate(Map.of("DO_NOT_TRACK", value), NO_OPT_OUT, configured(false)).refusal())
                .contains("configuration enabled=false");
    }

    @Test
    void theEnvironmentIsCheckedFirstAndNamesTheVariable() {
        Consent consent = Consent.evaluate(Map.of("OPENJARVIS_NO_ANALYTICS", "yes"), Optional.of("record"),
                configured(false));
        assertThat(consent.refusal()).contains("environment variable OPENJARVIS_NO_ANALYTICS=yes is set");
        assertThat(consent.source()).contains(Consent.Source.ENVIRONMENT);
    }

    private static AnalyticsSettings configured(boolean enabled) {
        return AnalyticsSettings.parse(Map.of("enabled", enabled), AnalyticsSettings.DEFAULTS).settings();
    }
}
