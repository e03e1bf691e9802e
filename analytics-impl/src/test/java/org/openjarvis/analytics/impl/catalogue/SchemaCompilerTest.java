package org.openjarvis.analytics.impl.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.conformance.ReferenceFunctions;

/** Each keyword of the catalogue subset of JSON Schema, and each way a catalogue file is refused. */
class SchemaCompilerTest {

    private static final CatalogueOrigin ORIGIN = new CatalogueOrigin(7, "org.example.shop", "1.2.0",
            "OSGI-INF/analytics/catalogue.json");

    @Test
    void aCatalogueKeepsItsEventsAndPropertiesInFileOrderAndNamesItsBundle() throws CatalogueException {
        Catalogue catalogue = compile("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Shop",
                 "events": {
                   "order_placed": {"type": "object", "description": "An order was placed.",
                     "properties": {"items": {"type": "integer"}, "express": {"type": "boolean"}}},
                   "cart_viewed": {"type": "object"}}}""");

        assertThat(catalogue.title()).isEqualTo("Shop");
        assertThat(catalogue.origin()).isEqualTo(ORIGIN);
        assertThat(catalogue.events().keySet()).containsExactly("order_placed", "cart_viewed");
        EventSpec placed = catalogue.events().get("order_placed");
        assertThat(placed.description()).isEqualTo("An order was placed.");
        assertThat(placed.properties().keySet()).containsExactly("items", "express");
        assertThat(placed.catalogue()).isEqualTo("org.example.shop/1.2.0");
        assertThat(catalogue.events().get("cart_viewed").properties()).isEmpty();
        assertThat(catalogue.events().get("cart_viewed").description()).isEmpty();
    }

    @Test
    void namesAndChoicesAreTheInternedStringsThatACallersLiteralsAre() throws CatalogueException {
        Catalogue catalogue = compile("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Shop",
                 "events": {"order_placed": {"type": "object",
                   "properties": {"channel": {"type": "string", "enum": ["web", "store"]}}}}}""");

        // What makes each capture's lookups find their keys by identity (see EventSpec).
        EventSpec placed = catalogue.events().get("order_placed");
        assertThat(placed.name()).isSameAs("order_placed");
        assertThat(catalogue.events().keySet().iterator().next()).isSameAs("order_placed");
        assertThat(placed.properties().keySet().iterator().next()).isSameAs("channel");
        assertThat(((PropertyRules.OneOf) placed.properties().get("channel")).values()).first().isSameAs("web");
    }

    @Test
    void booleanAcceptsOnlyBooleans() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"boolean\"}");

        assertThat(rule.accepts(true)).isTrue();
        assertThat(rule.accepts(false)).isTrue();
        assertThat(rule.accepts(1)).isFalse();
        assertThat(rule.accepts("true")).isFalse();
        assertThat(rule.kind()).isEqualTo(ValueKind.CHOICE);
    }

    @Test
    void integerTakesPythonIntsWithinInclusiveBoundsButNeverAFloatOrABoolean() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"integer\", \"minimum\": -3, \"maximum\": 10}");

        assertThat(rule.accepts(-3)).isTrue();
        assertThat(rule.accepts(10L)).isTrue();
        assertThat(rule.accepts((short) 0)).isTrue();
        assertThat(rule.accepts(BigInteger.TEN)).isTrue();
        assertThat(rule.accepts(-4)).isFalse();
        assertThat(rule.accepts(11L)).isFalse();
        assertThat(rule.accepts(BigInteger.valueOf(11))).isFalse();
        assertThat(rule.accepts(5.0)).isFalse();
        assertThat(rule.accepts(true)).isFalse();
        assertThat(rule.accepts("5")).isFalse();
        assertThat(rule.kind()).isEqualTo(ValueKind.NUMBER);
    }

    @Test
    void integerBoundsThatAreNotWholeNumbersOrBeyondALongAreComparedExactly() throws CatalogueException {
        PropertyValidator fractional = property("{\"type\": \"integer\", \"minimum\": 0.5, \"maximum\": 2.5}");
        assertThat(fractional.accepts(0)).isFalse();
        assertThat(fractional.accepts(1)).isTrue();
        assertThat(fractional.accepts(2)).isTrue();
        assertThat(fractional.accepts(3)).isFalse();

        PropertyValidator huge = property("{\"type\": \"integer\", \"minimum\": 18446744073709551616}");
        assertThat(huge.accepts(Long.MAX_VALUE)).isFalse();
        assertThat(huge.accepts(new BigInteger("18446744073709551616"))).isTrue();

        PropertyValidator below = property("{\"type\": \"integer\", \"maximum\": -18446744073709551616}");
        assertThat(below.accepts(Long.MIN_VALUE)).isFalse();
        assertThat(below.accepts(new BigInteger("-18446744073709551617"))).isTrue();

        PropertyValidator unbounded = property("{\"type\": \"integer\"}");
        assertThat(unbounded.accepts(Long.MIN_VALUE)).isTrue();
        assertThat(unbounded.accepts(Long.MAX_VALUE)).isTrue();
        assertThat(unbounded.accepts(new BigInteger("-1000000000000000000000000"))).isTrue();
    }

    @Test
    void numberTakesIntegersAndFloatsAndComparesThemExactlyWithDecimalBounds() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"number\", \"minimum\": 0.1, \"maximum\": 1}");

        // 0.1 as a double is slightly more than the decimal 0.1; 0.1f slightly more again.
        assertThat(rule.accepts(0.1)).isTrue();
        assertThat(rule.accepts(Math.nextDown(0.1))).isFalse();
        assertThat(rule.accepts(1)).isTrue();
        assertThat(rule.accepts(1.0)).isTrue();
        assertThat(rule.accepts(Math.nextUp(1.0))).isFalse();
        assertThat(rule.accepts(0.5f)).isTrue();
        assertThat(rule.accepts(BigInteger.ONE)).isTrue();
        assertThat(rule.accepts(BigInteger.TWO)).isFalse();
        assertThat(rule.accepts(Double.NaN)).isFalse();
        assertThat(rule.accepts(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(rule.accepts(new BigDecimal("0.5"))).as("a Decimal is not a Python float").isFalse();
        assertThat(rule.accepts(false)).isFalse();
    }

    @Test
    void numberWithoutBoundsTakesWhatPythonsFloatTakesAndInfinitiesOnlyOnTheUnboundedSide()
            throws CatalogueException {
        PropertyValidator free = property("{\"type\": \"number\"}");
        assertThat(free.accepts(Double.NaN)).isTrue();
        assertThat(free.accepts(Double.NEGATIVE_INFINITY)).isTrue();

        PropertyValidator atLeastZero = property("{\"type\": \"number\", \"minimum\": 0}");
        assertThat(atLeastZero.accepts(-0.0)).as("Python: -0.0 >= 0").isTrue();
        assertThat(atLeastZero.accepts(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(atLeastZero.accepts(Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(atLeastZero.accepts(Double.NaN)).isFalse();

        // A bound written with a point is the double json.loads makes of it: 0.3 admits the double 0.3.
        PropertyValidator decimal = property("{\"type\": \"number\", \"maximum\": 0.3}");
        assertThat(decimal.accepts(0.3)).isTrue();
        assertThat(decimal.accepts(Math.nextUp(0.3))).isFalse();
    }

    @Test
    void anIntegerBoundNoDoubleHoldsIsComparedExactlyWithDoublesAsPythonDoes() throws CatalogueException {
        // 2^53 + 1: the nearest double is 2^53, which Python finds below it.
        PropertyValidator above = property("{\"type\": \"number\", \"minimum\": 9007199254740993}");
        assertThat(above.accepts(9_007_199_254_740_992.0)).isFalse();
        assertThat(above.accepts(9_007_199_254_740_994.0)).isTrue();
        assertThat(above.accepts(9_007_199_254_740_993L)).isTrue();
        assertThat(above.accepts(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(above.accepts(Double.NEGATIVE_INFINITY)).isFalse();

        PropertyValidator below = property("{\"type\": \"number\", \"maximum\": 9007199254740993}");
        assertThat(below.accepts(Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(below.accepts(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(below.accepts(9_007_199_254_740_992.0)).isTrue();

        PropertyValidator big = property("{\"type\": \"integer\", \"minimum\": 1180591620717411303424}");
        assertThat(big.accepts(BigInteger.TWO.pow(70))).as("exactly the bound").isTrue();
        assertThat(big.accepts(BigInteger.TWO.pow(70).subtract(BigInteger.ONE))).isFalse();
    }

    @Test
    void integerBoundsAtTheEndsOfALongStillAdmitThoseLongs() throws CatalogueException {
        assertThat(property("{\"type\": \"integer\", \"minimum\": 9223372036854775807}").accepts(Long.MAX_VALUE))
                .isTrue();
        assertThat(property("{\"type\": \"integer\", \"maximum\": -9223372036854775808}").accepts(Long.MIN_VALUE))
                .isTrue();
        assertThat(property("{\"type\": \"integer\", \"minimum\": 2.5, \"maximum\": 2.7}").accepts(2)).isFalse();
        assertThat(property("{\"type\": \"integer\", \"minimum\": 5, \"maximum\": 5}").accepts(5))
                .as("equal bounds").isTrue();
    }

    @Test
    void boundsAreDescribedAsWritten() throws CatalogueException {
        assertThat(property("{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 10}").describe())
                .isEqualTo("integer from 1 to 10");
        assertThat(property("{\"type\": \"number\", \"maximum\": 0.5}").describe()).isEqualTo("number \u2264 0.5");
        assertThat(property("{\"type\": \"integer\", \"minimum\": 0}").describe()).isEqualTo("integer \u2265 0");
        assertThat(property("{\"type\": \"number\"}").describe()).isEqualTo("number");
        assertThat(property("{\"type\": \"string\", \"maxLength\": 64, \"x-openjarvis-hash\": true, "
                + "\"enum\": [\"plain\", \"letter\"]}").describe())
                .isEqualTo("string of 0 to 64 code points, sent as its hash unless one of plain, letter");
        assertThat(property("{\"type\": \"string\", \"x-openjarvis-hash\": true}").describe())
                .isEqualTo("string of 0 to 200 code points, sent as its hash");
    }

    @Test
    void theReferenceValidatorsCompileFromTheirSchemas() throws CatalogueException {
        PropertyValidator count = property("{\"type\": \"integer\", \"minimum\": 0}");
        PropertyValidator amount = property("{\"type\": \"number\", \"minimum\": 0}");
        PropertyValidator shortText = property("{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 64}");
        PropertyValidator hash = property("{\"type\": \"string\", \"format\": \"openjarvis-hash16\"}");

        for (Object value : new Object[] {0, -1, 5L, 5.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, true,
                new BigInteger("100000000000000000000"), "", "x", "x".repeat(64), "x".repeat(65),
                "\uD83E\uDD99".repeat(64), "0123456789abcdef", "0123456789ABCDEF", "0123456789abcde"}) {
            assertThat(count.accepts(value)).as("%s", value).isEqualTo(PropertyValidator.INT_NONNEG.accepts(value));
            assertThat(amount.accepts(value)).as("%s", value)
                    .isEqualTo(PropertyValidator.NUMBER_NONNEG.accepts(value));
            assertThat(shortText.accepts(value)).as("%s", value)
                    .isEqualTo(PropertyValidator.SHORT_STR.accepts(value));
            assertThat(hash.accepts(value)).as("%s", value).isEqualTo(PropertyValidator.HASH16.accepts(value));
        }
        assertThat(hash.kind()).isEqualTo(ValueKind.HASH);
        assertThat(shortText.kind()).isEqualTo(ValueKind.FREE_TEXT);
    }

    @Test
    void stringLengthsCountCodePointsAndDefaultToTheLongestStringRedactionKeeps() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"string\", \"minLength\": 2, \"maxLength\": 3}");
        assertThat(rule.accepts("\uD83E\uDD99\uD83E\uDD99")).as("two code points, four UTF-16 units").isTrue();
        assertThat(rule.accepts("a")).isFalse();
        assertThat(rule.accepts("abcd")).isFalse();
        assertThat(rule.accepts(12)).isFalse();

        PropertyValidator plain = property("{\"type\": \"string\"}");
        assertThat(plain.accepts("")).isTrue();
        assertThat(plain.accepts("x".repeat(SchemaCompiler.MAX_TEXT_LENGTH))).isTrue();
        assertThat(plain.accepts("x".repeat(SchemaCompiler.MAX_TEXT_LENGTH + 1))).isFalse();
    }

    @Test
    void aPatternIsSearchedAnywhereInTheValueAsJsonSchemaSays() throws CatalogueException {
        PropertyValidator unanchored = property("{\"type\": \"string\", \"pattern\": \"[0-9]+\"}");
        assertThat(unanchored.accepts("v12")).isTrue();
        assertThat(unanchored.accepts("none")).isFalse();

        PropertyValidator anchored = property("{\"type\": \"string\", \"pattern\": \"^[A-Z]{2}$\"}");
        assertThat(anchored.accepts("DE")).isTrue();
        assertThat(anchored.accepts("DEU")).isFalse();
        assertThat(anchored.describe()).contains("^[A-Z]{2}$");
    }

    @Test
    void anEnumAcceptsExactlyItsMembersInItsOrder() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"string\", \"enum\": [\"small\", \"large\"]}");

        assertThat(rule.accepts("small")).isTrue();
        assertThat(rule.accepts("Small")).isFalse();
        assertThat(rule.accepts("medium")).isFalse();
        assertThat(rule.kind()).isEqualTo(ValueKind.CHOICE);
        assertThat(rule.describe()).isEqualTo("one of small, large");
    }

    @Test
    void aHashedPropertySendsItsEnumMembersAsTheyAreAndHashesTheRest() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"string\", \"x-openjarvis-hash\": true, "
                + "\"enum\": [\"builtin\"], \"maxLength\": 10}");

        assertThat(rule.accepts("builtin")).isTrue();
        assertThat(rule.hashes("builtin")).isFalse();
        assertThat(rule.accepts("my-plugin")).isTrue();
        assertThat(rule.hashes("my-plugin")).isTrue();
        assertThat(rule.accepts("a-much-longer-plugin")).as("maxLength applies to the raw value").isFalse();
        assertThat(rule.kind()).isEqualTo(ValueKind.HASH);

        PropertyValidator plain = property("{\"type\": \"string\", \"x-openjarvis-hash\": false}");
        assertThat(plain.hashes("anything")).isFalse();
        assertThat(plain.kind()).isEqualTo(ValueKind.FREE_TEXT);
    }

    @Test
    void aReferenceToADefinitionIsCompiledOnceAndSharedByEveryEventThatUsesIt() throws CatalogueException {
        Catalogue catalogue = compile("""
                {"$defs": {"size": {"type": "string", "enum": ["s", "m"]}, "unused": {"type": "boolean"}},
                 "events": {
                   "a": {"type": "object", "properties": {"size": {"$ref": "#/$defs/size", "description": "x"}}},
                   "b": {"type": "object", "properties": {"size": {"$ref": "#/$defs/size"}}}}}""");

        PropertyValidator a = catalogue.events().get("a").properties().get("size");
        assertThat(a).isSameAs(catalogue.events().get("b").properties().get("size"));
        assertThat(a.accepts("m")).isTrue();
    }

    @Test
    void requiredNamesDeclaredPropertiesInOrder() throws CatalogueException {
        Catalogue catalogue = compile("""
                {"events": {"paid": {"type": "object", "additionalProperties": false,
                  "properties": {"amount": {"type": "number"}, "currency": {"type": "string", "enum": ["EUR"]}},
                  "required": ["currency", "amount"]}}}""");

        assertThat(catalogue.events().get("paid").required()).containsExactly("currency", "amount");
    }

    @Test
    void theOpenJarvisCatalogueCompilesToTheReferencesSeventeenEvents() {
        Catalogue openJarvis = EventCatalogue.load(ORIGIN);

        assertThat(openJarvis.title()).isEqualTo("OpenJarvis");
        assertThat(openJarvis.events()).hasSize(17);
        openJarvis.events().values().forEach(event -> assertThat(event.required()).isEmpty());
    }

    // Each way a file can be wrong, with the words the message must hold to name the place and the problem.

    @Test
    void aFileThatIsNotJsonIsRefusedWithItsLine() {
        assertRefused("{\"events\": {\n  \"a\": {\"type\": \"object\",}}}", "not valid JSON at line 2");
        assertRefused("", "the file is empty");
        assertRefused("{\"events\": {}} {}", "content after the JSON document");
        assertRefused("[1, 2]", "the document: must be a JSON object, not an array");
    }

    @Test
    void aDuplicateKeyIsRefusedEvenWhereJsonWouldTakeTheLastOne() {
        assertRefused("{\"events\": {\"a\": {\"type\": \"object\"}, \"a\": {\"type\": \"object\"}}}",
                "the key \"a\" appears twice");
    }

    @Test
    void aFileNestedTooDeeplyOrTooLargeIsRefusedBeforeItIsCompiled() {
        assertRefused("{\"events\": " + "[".repeat(20) + "]".repeat(20) + "}", "nested deeper than 8 levels");
        byte[] large = new byte[CatalogueJson.MAX_BYTES + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        assertThatThrownBy(() -> SchemaCompiler.compile(ORIGIN, large)).isInstanceOf(CatalogueException.class)
                .hasMessageContaining("at most " + CatalogueJson.MAX_BYTES);
    }

    @Test
    void theDocumentNeedsEventsAndOnlyItsOwnKeywords() {
        assertRefused("{}", "events: missing");
        assertRefused("{\"events\": {}}", "declares 0 events");
        assertRefused("{\"events\": []}", "events: must be a JSON object, not an array");
        assertRefused("{\"definitions\": {}, \"events\": {\"a\": {\"type\": \"object\"}}}",
                "the document: \"definitions\" is not a keyword");
        assertRefused("{\"title\": 3, \"events\": {\"a\": {\"type\": \"object\"}}}", "the document: title must be a string");
        assertRefused("{\"$schema\": true, \"events\": {\"a\": {\"type\": \"object\"}}}", "$schema must be a string");
    }

    @Test
    void anEventNeedsAValidNameTypeObjectAndOnlyEventKeywords() {
        assertRefused(event("Order-Placed", "{\"type\": \"object\"}"), "event \"Order-Placed\": the name must be");
        assertRefused(event("$pageview", "{\"type\": \"object\"}"), "event \"$pageview\": the name must be");
        assertRefused(event("a", "{}"), "event \"a\": type must be \"object\"");
        assertRefused(event("a", "{\"type\": \"object\", \"additionalProperties\": true}"),
                "event \"a\": additionalProperties can only be false");
        assertRefused(event("a", "{\"type\": \"object\", \"oneOf\": []}"), "event \"a\": \"oneOf\" is not a keyword");
        assertRefused(event("a", "\"object\""), "event \"a\": must be a JSON object, not a string");
        assertRefused(event("a", "{\"type\": \"object\", \"properties\": []}"),
                "event \"a\", properties: must be a JSON object");
    }

    @Test
    void requiredMustNameEachDeclaredPropertyOnce() {
        assertRefused(event("a", "{\"type\": \"object\", \"required\": \"x\"}"),
                "event \"a\": required must be an array");
        assertRefused(event("a", "{\"type\": \"object\", \"required\": null}"), "required must be an array");
        assertRefused(event("a", "{\"type\": \"object\", \"required\": [\"x\"]}"),
                "event \"a\": required lists \"x\", which is not one of its properties");
        assertRefused(event("a", "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"boolean\"}}, "
                + "\"required\": [\"x\", \"x\"]}"), "required lists \"x\" twice");
    }

    @Test
    void aPropertyNeedsAValidNameAndAKnownType() {
        assertRefused(property("Bad Name", "{\"type\": \"boolean\"}"),
                "event \"a\", property \"Bad Name\": the name must be");
        assertRefused(property("x", "{}"), "property \"x\": type must be one of");
        assertRefused(property("x", "{\"type\": \"array\"}"), "property \"x\": type must be one of \"string\", "
                + "\"integer\", \"number\", \"boolean\", not \"array\"");
        assertRefused(property("x", "{\"type\": [\"string\", \"null\"]}"), "property \"x\": type must be one of");
        assertRefused(property("x", "{\"type\": \"string\", \"const\": \"a\"}"),
                "property \"x\": \"const\" is not a keyword");
        assertRefused(property("x", "{\"type\": \"boolean\", \"description\": 4}"),
                "property \"x\": description must be a string");
    }

    @Test
    void aKeywordOfAnotherTypeIsRefusedNotIgnored() {
        assertRefused(property("x", "{\"type\": \"boolean\", \"enum\": [\"a\"]}"), "enum does not apply to a boolean");
        assertRefused(property("x", "{\"type\": \"integer\", \"maxLength\": 3}"),
                "maxLength does not apply to an integer");
        assertRefused(property("x", "{\"type\": \"number\", \"pattern\": \"x\"}"), "pattern does not apply to a number");
        assertRefused(property("x", "{\"type\": \"string\", \"minimum\": 1}"), "minimum does not apply to a string");
        assertRefused(property("x", "{\"type\": \"string\", \"format\": \"openjarvis-hash16\", \"maxLength\": 3}"),
                "maxLength does not apply to a string with a format");
    }

    @Test
    void boundsMustBeNumbersInOrder() {
        for (String notANumber : new String[] {"\"0\"", "true", "[0]"}) {
            assertThatThrownBy(() -> compile(property("x", "{\"type\": \"integer\", \"minimum\": " + notANumber + "}")))
                    .hasMessageEndingWith("property \"x\": minimum must be a number");
        }
        assertRefused(property("x", "{\"type\": \"number\", \"maximum\": null}"), "maximum must be a number");
        assertRefused(property("x", "{\"type\": \"number\", \"minimum\": 2, \"maximum\": 1.5}"),
                "minimum 2 is more than maximum 1.5");
    }

    @Test
    void lengthsMustBeIntegersUpToTheLongestStringRedactionKeeps() {
        assertRefused(property("x", "{\"type\": \"string\", \"maxLength\": 201}"),
                "maxLength must be an integer from 0 to 200");
        assertRefused(property("x", "{\"type\": \"string\", \"minLength\": -1}"), "minLength must be an integer");
        assertRefused(property("x", "{\"type\": \"string\", \"minLength\": 1.5}"), "minLength must be an integer");
        assertRefused(property("x", "{\"type\": \"string\", \"minLength\": 5, \"maxLength\": 4}"),
                "minLength 5 is more than maxLength 4");
    }

    @Test
    void aPatternMustBeARegularExpressionOfBoundedLength() {
        assertRefused(property("x", "{\"type\": \"string\", \"pattern\": \"([a-z\"}"),
                "pattern is not a regular expression");
        assertRefused(property("x", "{\"type\": \"string\", \"pattern\": \"" + "a".repeat(1001) + "\"}"),
                "pattern must be a string of at most 1000 characters");
        assertRefused(property("x", "{\"type\": \"string\", \"pattern\": 5}"), "pattern must be a string");
        assertRefused(property("x", "{\"type\": \"string\", \"pattern\": null}"), "pattern must be a string");
        assertRefused(property("x", "{\"type\": \"string\", \"maxLength\": null}"), "maxLength must be an integer");
    }

    @Test
    void anEnumMustListDistinctStringsThatCouldBeSent() {
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": []}"), "enum must be an array of 1 to 1000");
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [\"a\", \"a\"]}"), "enum lists \"a\" twice");
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [\"\"]}"), "enum value \"\" is not a string");
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [1]}"), "enum value 1 is not a string");
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [\"" + "e".repeat(201) + "\"]}"),
                "could never be sent");
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [\"a\"], \"maxLength\": 3}"),
                "enum cannot be combined with minLength, maxLength or pattern");
    }

    @Test
    void onlyTheHashFormatIsKnownAndTheHashKeywordIsABoolean() {
        assertRefused(property("x", "{\"type\": \"string\", \"format\": \"email\"}"),
                "format \"email\" is not supported");
        assertRefused(property("x", "{\"type\": \"string\", \"x-openjarvis-hash\": \"yes\"}"),
                "x-openjarvis-hash must be true or false");
        assertRefused(property("x", "{\"type\": \"integer\", \"x-openjarvis-hash\": true}"),
                "x-openjarvis-hash does not apply to an integer");
    }

    @Test
    void aReferenceMustPointToADefinitionThatIsNotItselfAReference() {
        assertRefused(property("x", "{\"$ref\": \"#/$defs/missing\"}"),
                "property \"x\": $ref \"#/$defs/missing\" must be");
        assertRefused(property("x", "{\"$ref\": \"https://example.com/schema\"}"), "$ref \"https://example.com");
        assertRefused(property("x", "{\"$ref\": \"#/$defs/x\", \"type\": \"string\"}"),
                "(beside $ref): \"type\" is not a keyword");
        assertRefused("{\"$defs\": {\"x\": {\"$ref\": \"#/$defs/x\"}}, \"events\": {\"a\": {\"type\": \"object\"}}}",
                "$defs/\"x\": a definition cannot itself be a $ref");
        assertRefused("{\"$defs\": {\"x\": {\"type\": \"date\"}}, \"events\": {\"a\": {\"type\": \"object\"}}}",
                "$defs/\"x\": type must be one of");
    }

    @Test
    void everyProblemIsReportedUpToTenAndNamesFromTheFileCannotBreakTheLogLine() {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            properties.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": {\"type\": \"date\"}");
        }
        assertRefused(event("a", "{\"type\": \"object\", \"properties\": {" + properties + "}}"),
                "12 problems: ", "property \"p9\"", "; and 2 more");

        assertThatThrownBy(() -> compile(event("bad\nline\u2028", "{\"type\": \"object\"}")))
                .hasMessageContaining("event \"bad\\u000aline\\u2028\"").hasMessageNotContaining("\n");
    }

    @Test
    void aBoundWithAHugeExponentIsTheDoubleItNamesAndOnePastADoubleIsRefused() throws CatalogueException {
        for (String bound : new String[] {"1e999999999", "-1e999999999", "2e308"}) {
            assertRefused(property("x", "{\"type\": \"integer\", \"minimum\": " + bound + "}"),
                    "minimum must be a finite number");
            assertRefused(property("x", "{\"type\": \"number\", \"maximum\": " + bound + "}"),
                    "maximum must be a finite number");
        }
        PropertyValidator tiny = property("{\"type\": \"integer\", \"minimum\": 1e-999999999}");
        assertThat(tiny.accepts(0)).as("1e-999999999 is the double 0.0").isTrue();
        assertThat(tiny.accepts(-1)).isFalse();
        PropertyValidator huge = property("{\"type\": \"integer\", \"minimum\": 1" + "0".repeat(400) + "}");
        assertThat(huge.accepts(Long.MAX_VALUE)).isFalse();
        assertThat(huge.accepts(BigInteger.TEN.pow(400))).isTrue();
        PropertyValidator underHuge = property("{\"type\": \"number\", \"maximum\": 1" + "0".repeat(400) + "}");
        assertThat(underHuge.accepts(1e308)).isTrue();
        assertThat(underHuge.accepts(Double.POSITIVE_INFINITY)).as("Python: inf <= 10**400 is False").isFalse();
    }

    @Test
    void textFromTheFileIsPrintedWithItsControlCharactersEscaped() throws CatalogueException {
        PropertyValidator choice = property("{\"type\": \"string\", \"enum\": [\"ok\", \"\\u001b[2J\"]}");
        PropertyValidator pattern = property("{\"type\": \"string\", \"pattern\": \"a\\u2028b\"}");

        assertThat(choice.describe()).isEqualTo("one of ok, \\u001b[2J");
        assertThat(pattern.describe()).endsWith("containing a match of a\\u2028b");
        assertThat(Printable.text("x".repeat(10), 4)).isEqualTo("xxxx\u2026");
        assertThat(Printable.text("\uD83E\uDD99\u200B", 5)).isEqualTo("\uD83E\uDD99\\u200b");
    }

    @Test
    void eachLimitAdmitsItsOwnValue() throws CatalogueException {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < SchemaCompiler.MAX_EVENTS; i++) {
            events.append(i == 0 ? "" : ",").append("\"e").append(i).append("\":{\"type\":\"object\"}");
        }
        assertThat(compile("{\"events\": {" + events + "}}").events()).hasSize(SchemaCompiler.MAX_EVENTS);

        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < SchemaCompiler.MAX_PROPERTIES; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"boolean\"}");
        }
        assertThat(compile(event("a", "{\"type\": \"object\", \"properties\": {" + properties + "}}")).events()
                .get("a").properties()).hasSize(SchemaCompiler.MAX_PROPERTIES);

        StringBuilder values = new StringBuilder();
        for (int i = 0; i < SchemaCompiler.MAX_ENUM_VALUES; i++) {
            values.append(i == 0 ? "" : ",").append("\"v").append(i).append('"');
        }
        assertThat(property("{\"type\": \"string\", \"enum\": [" + values + "]}").accepts("v999")).isTrue();
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [" + values + ", \"one-more\"]}"),
                "enum must be an array of 1 to 1000 strings");
        String longest = "\uD83E\uDD99".repeat(SchemaCompiler.MAX_TEXT_LENGTH);
        assertThat(property("{\"type\": \"string\", \"enum\": [\"" + longest + "\"]}").accepts(longest)).isTrue();
        assertThat(property("{\"type\": \"string\", \"pattern\": \"" + "a".repeat(SchemaCompiler.MAX_PATTERN_LENGTH)
                + "\"}").accepts("a".repeat(SchemaCompiler.MAX_PATTERN_LENGTH))).as("pattern of the longest length")
                .isFalse(); // 1000 a's cannot be in a value of at most 200 code points
        PropertyValidator exact = property("{\"type\": \"string\", \"minLength\": 3, \"maxLength\": 3}");
        assertThat(exact.accepts("abc")).isTrue();
        assertThat(property("{\"type\": \"string\", \"minLength\": 0, \"maxLength\": 200}").accepts(""))
                .isTrue();
    }

    @Test
    void aFileOfExactlyTheLargestSizeAndNestingIsRead() throws CatalogueException {
        String json = "{\"events\": {\"a\": {\"type\": \"object\"}}}";
        byte[] largest = (json + " ".repeat(CatalogueJson.MAX_BYTES - json.length())).getBytes(StandardCharsets.UTF_8);
        assertThat(SchemaCompiler.compile(ORIGIN, largest).events()).containsKey("a");

        // The document is level 1: seven arrays inside events are level 8, still read (and refused as a schema).
        assertRefused("{\"events\": " + "[".repeat(7) + "]".repeat(7) + "}", "events: must be a JSON object, not an array");
        assertRefused("{\"events\": " + "[".repeat(8) + "]".repeat(8) + "}", "nested deeper than 8 levels");
        assertRefused("{\"a\": ".repeat(7) + "{}" + "}".repeat(7), "\"a\" is not a keyword");
        assertRefused("{\"a\": ".repeat(8) + "{}" + "}".repeat(8), "nested deeper than 8 levels");
    }

    @Test
    void theMessageCountsItsProblemsAndNamesWhatTheFileHadInsteadOfAnObject() {
        assertThatThrownBy(() -> compile("[1, 2]")).hasMessage("1 problem: the document: must be a JSON object, not an "
                + "array");
        assertRefused(event("a", "null"), "event \"a\": must be a JSON object, not null");
        assertRefused(event("a", "true"), "event \"a\": must be a JSON object, not a boolean");
        assertRefused(event("a", "7"), "event \"a\": must be a JSON object, not a number");
        assertRefused(property("x", "\"string\""), "property \"x\": must be a JSON object, not a string");
        assertRefused("{\"$defs\": {\"d\": 5}, \"events\": {\"a\": {\"type\": \"object\"}}}",
                "$defs/\"d\": must be a JSON object, not a number");
        assertRefused(event("a", "{\"type\": \"object\", \"required\": [5, {}, []]}"), "required lists 5,",
                "required lists an object,", "required lists an array,");
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": {\"type\": \"date\"}");
        }
        assertThatThrownBy(() -> compile(event("a", "{\"type\": \"object\", \"properties\": {" + ten + "}}")))
                .hasMessageStartingWith("10 problems: ").hasMessageNotContaining("more");
    }

    @Test
    void annotationsMustBeTextWhereverTheyAre() {
        assertRefused("{\"$id\": 1, \"events\": {\"a\": {\"type\": \"object\"}}}", "the document: $id must be a string");
        assertRefused(event("a", "{\"type\": \"object\", \"description\": 5}"),
                "event \"a\": description must be a string");
        assertRefused("{\"$defs\": {\"d\": {\"type\": \"boolean\"}}, \"events\": {\"a\": {\"type\": \"object\", "
                + "\"properties\": {\"x\": {\"$ref\": \"#/$defs/d\", \"title\": []}}}}}", "property \"x\": title must be a "
                + "string");
    }

    @Test
    void requiredBesidePropertiesThatAreNotAnObjectIsAProblemNotACrash() {
        assertRefused(event("a", "{\"type\": \"object\", \"properties\": [], \"required\": [\"x\"]}"),
                "properties: must be a JSON object", "required lists \"x\", which is not one of its properties");
    }

    @Test
    void anEnumWithAPatternIsRefusedLikeOneWithALength() {
        assertRefused(property("x", "{\"type\": \"string\", \"enum\": [\"a\"], \"pattern\": \"a\"}"),
                "enum cannot be combined with minLength, maxLength or pattern");
    }

    @Test
    void aPatternThatWouldBacktrackForHoursRefusesTheValueWithinItsBudget() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"string\", \"pattern\": \"^(a+)+\\\\1$\"}");

        assertThat(rule.accepts("aa")).isTrue();
        // Exponential in Java 17 (2^28 paths took 14 s here): without the budget this would not end today.
        assertThat(rule.accepts("a".repeat(40) + "!")).isFalse();
        // A linear pattern over the longest value stays well within the budget.
        PropertyValidator linear = property("{\"type\": \"string\", \"pattern\": \"^[a-z]+[0-9]$\"}");
        assertThat(linear.accepts("x".repeat(199) + "7")).isTrue();
    }

    @Test
    void printableEscapesEveryKindOfCharacterThatCouldBreakALineOrMoveACursor() {
        assertThat(Printable.text("a\nb\u001bc\u2028d\u2029e\u200bf\uD800g\u0085", 100))
                .isEqualTo("a\\u000ab\\u001bc\\u2028d\\u2029e\\u200bf\\ud800g\\u0085");
        assertThat(Printable.text("abc", 3)).isEqualTo("abc");
    }

    @Test
    void theOpenJarvisListsComeFromItsCatalogueInTheReferencesOrder() {
        PropertyValidator platform = EventCatalogue.load(ORIGIN).events().get("app_opened").properties()
                .get("platform");
        assertThat(((PropertyRules.OneOf) platform).values()).containsExactly("cli", "macos", "linux", "windows",
                "tauri-macos", "tauri-linux", "tauri-windows", "web");
        assertThat(EventCatalogue.PLATFORM_VALUES).containsExactlyElementsOf(((PropertyRules.OneOf) platform).values());
        assertThat(EventCatalogue.KNOWN_TOOL_NAMES).startsWith("http_request", "file_read").endsWith("custom_tool");
        assertThat(ReferenceFunctions.validateEvent(null, java.util.Map.of())).isEmpty();
    }

    @Test
    void theLimitsOnSizeAreEnforced() {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i <= SchemaCompiler.MAX_EVENTS; i++) {
            events.append(i == 0 ? "" : ",").append("\"e").append(i).append("\":{\"type\":\"object\"}");
        }
        assertRefused("{\"events\": {" + events + "}}", "declares 1001 events; a catalogue declares 1 to 1000");

        StringBuilder properties = new StringBuilder();
        for (int i = 0; i <= SchemaCompiler.MAX_PROPERTIES; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"boolean\"}");
        }
        assertRefused(event("a", "{\"type\": \"object\", \"properties\": {" + properties + "}}"),
                "declares 101 properties; at most 100");
    }

    @Test
    void theLongestTextIsTheLengthRedactionKeeps() {
        assertThat(SchemaCompiler.MAX_TEXT_LENGTH)
                .isEqualTo(org.openjarvis.analytics.impl.privacy.Redactor.MAX_STR_LEN);
    }

    private static Catalogue compile(String json) throws CatalogueException {
        return SchemaCompiler.compile(ORIGIN, json.getBytes(StandardCharsets.UTF_8));
    }

    private static PropertyValidator property(String schema) throws CatalogueException {
        return compile(property("x", schema)).events().get("a").properties().get("x");
    }

    private static String property(String name, String schema) {
        return event("a", "{\"type\": \"object\", \"properties\": {\"" + name.replace("\n", "\\n") + "\": " + schema
                + "}}");
    }

    private static String event(String name, String schema) {
        return "{\"events\": {\"" + name.replace("\n", "\\n").replace("\u2028", "\\u2028") + "\": " + schema + "}}";
    }

    private static void assertRefused(String json, String... expected) {
        assertThatThrownBy(() -> compile(json)).isInstanceOf(CatalogueException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(expected).doesNotContain("\n"));
    }

}
