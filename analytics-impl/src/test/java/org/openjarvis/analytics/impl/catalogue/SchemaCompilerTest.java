package org.openjarvis.analytics.impl.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

        // A bound no double holds exactly takes the slow path: infinities still fall on the right side.
        PropertyValidator inexact = property("{\"type\": \"number\", \"maximum\": 0.3}");
        assertThat(inexact.accepts(Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(inexact.accepts(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(inexact.accepts(0.3)).as("the double 0.3 is below the decimal 0.3").isTrue();
        assertThat(inexact.accepts(Math.nextUp(0.3))).isFalse();
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
    void aPatternThatBacktracksWithoutEndRefusesTheValueInsteadOfHangingTheCaller() throws CatalogueException {
        PropertyValidator rule = property("{\"type\": \"string\", \"pattern\": \"^(a+)+$\"}");

        assertThat(rule.accepts("aaaa")).isTrue();
        // 2^40 paths: without a budget this match would not end in any test's lifetime.
        assertThat(rule.accepts("a".repeat(40) + "!")).isFalse();
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
    void aBoundWithAnExponentThatWouldTakeBillionsOfDigitsIsRefusedAtOnce() {
        for (String bound : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "1" + "0".repeat(401)}) {
            assertRefused(property("x", "{\"type\": \"integer\", \"minimum\": " + bound + "}"),
                    "minimum must be a number of at most 400 digits");
            assertRefused(property("x", "{\"type\": \"number\", \"maximum\": " + bound + "}"),
                    "maximum must be a number of at most 400 digits");
        }
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
