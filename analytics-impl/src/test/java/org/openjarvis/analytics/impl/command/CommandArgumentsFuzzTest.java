package org.openjarvis.analytics.impl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a user types after a command: parsed into scalars, or refused with a message that says why. */
class CommandArgumentsFuzzTest {

    @Property(tries = 5000)
    void argumentsParseToScalarsOrAreRefusedWithAMessage(@ForAll("arguments") List<String> arguments) {
        String[] typed = arguments.toArray(String[]::new);

        Throwable refused = catchThrowable(() -> CommandArguments.parse(typed));

        if (refused != null) {
            assertThat(refused).isInstanceOf(IllegalArgumentException.class);
            assertThat(refused.getMessage()).containsAnyOf("key=value");
        } else {
            Map<String, Object> parsed = CommandArguments.parse(typed);
            assertThat(parsed.size()).isLessThanOrEqualTo(typed.length);
            assertThat(parsed.values()).allSatisfy(value -> assertThat(value).isInstanceOfAny(Long.class,
                    Double.class, Boolean.class, String.class));
            assertThat(parsed.keySet()).allSatisfy(key -> assertThat(key).isNotEmpty().doesNotContain("="));
        }
    }

    @Provide
    Arbitrary<List<String>> arguments() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("0", "-0", "007", "1e5", "1.5", "-1.5E-3", "1e309", "9223372036854775808", "true",
                        "TRUE", "null", "", "=", "a=b"));
        Arbitrary<String> pairs = Arbitraries.strings().all().ofMaxLength(10).flatMap(key -> values
                .map(value -> key + "=" + value));
        Arbitrary<String> anything = Arbitraries.oneOf(pairs, Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.just(null), Arbitraries.just("k=" + "x".repeat(CommandArguments.MAX_ARGUMENT_LENGTH)));
        return anything.list().ofMaxSize(6);
    }
}
