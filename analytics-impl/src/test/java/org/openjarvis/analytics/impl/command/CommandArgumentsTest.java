package org.openjarvis.analytics.impl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The DESIGN.md rules for {@code k=v} command arguments. */
class CommandArgumentsTest {

    @Test
    void valuesAreReadLikeJsonScalars() {
        assertThat(CommandArguments.value("12")).isEqualTo(12L);
        assertThat(CommandArguments.value("-0")).isEqualTo(0L);
        assertThat(CommandArguments.value("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(CommandArguments.value("2.5")).isEqualTo(2.5);
        assertThat(CommandArguments.value("1e3")).isEqualTo(1000.0);
        assertThat(CommandArguments.value("-1.5E-2")).isEqualTo(-0.015);
        assertThat(CommandArguments.value("true")).isEqualTo(Boolean.TRUE);
        assertThat(CommandArguments.value("false")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void everythingElseStaysAString() {
        for (String text : new String[] {"007", "null", "True", "9223372036854775808", "1.", ".5", "+1", "0x10",
            "1e999", "", "what? 50%", "NaN"}) {
            assertThat(CommandArguments.value(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void splitsAtTheFirstEqualsSignAndKeepsOrder() {
        Map<String, Object> parsed = CommandArguments.parse("b=2", "a==x", "c=k=v");

        assertThat(parsed).containsExactly(Map.entry("b", 2L), Map.entry("a", "=x"), Map.entry("c", "k=v"));
        assertThat(CommandArguments.parse()).isEmpty();
    }

    @Test
    void garbageIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> CommandArguments.parse("novalue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected key=value, got 'novalue'");
        assertThatThrownBy(() -> CommandArguments.parse("=v")).hasMessageContaining("expected key=value");
        assertThatThrownBy(() -> CommandArguments.parse("k=" + "x".repeat(CommandArguments.MAX_ARGUMENT_LENGTH)))
                .hasMessageContaining("at most");
    }
}
