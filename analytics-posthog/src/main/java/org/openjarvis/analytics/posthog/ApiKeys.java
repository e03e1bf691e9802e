package org.openjarvis.analytics.posthog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjarvis.analytics.common.text.PrintableText;

/** The project API key is a secret for our purposes: it is never logged or shown, only masked. */
final class ApiKeys {

    /** What a masked key, or key-shaped text, is shown as. */
    static final String MASKED = "****";

    // Runs of letters, digits and underscores: a PostHog key (phc_ + 43 of them) is one such run.
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+");
    // Checked first, on at most this much: a reply or message is never that long for a good reason.
    private static final int MAX_INPUT = 4_096;
    // A run this long that is also in the key is taken for a piece of it (a real key is random).
    private static final int KEY_PIECE = 6;
    // A run this long sharing this many characters in a row with the key holds a piece of it.
    private static final int KEY_WINDOW = 8;
    // Letters and digits this long look like a token of some kind (a key, a session id): masked too.
    private static final int LONG_TOKEN = 24;

    private ApiKeys() {
    }

    /**
     * A form safe to show: the last four characters at most, and only when the key is long enough that they do
     * not give it away, e.g. {@code ****wxyz}.
     */
    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        return key.length() >= 16 ? MASKED + key.substring(key.length() - 4) : MASKED;
    }

    /**
     * Text that came from the network or an exception, fit for a log line or a status: printable on one line
     * ({@link PrintableText}), with the configured key, any piece of it and anything shaped like a key masked, and
     * at most {@code maxCodePoints} long.
     *
     * @param key the configured key; null or empty if none
     */
    static String scrub(String text, String key, int maxCodePoints) {
        String printable = PrintableText.printable(PrintableText.bounded(text, MAX_INPUT));
        return PrintableText.bounded(maskKeys(printable, lowerCase(key), true), maxCodePoints);
    }

    /**
     * Whether a configuration value holds the key, a piece of it, or a PostHog key ({@code phc_}, {@code phx_}):
     * a key pasted into the wrong property. Long tokens in general are not counted here, since paths and host
     * names may well hold some.
     */
    static boolean holdsKey(String text, String key) {
        String printable = PrintableText.printable(text);
        return !maskKeys(printable, lowerCase(key), false).equals(printable);
    }

    private static String lowerCase(String key) {
        return key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
    }

    private static String maskKeys(String text, String lowerCaseKey, boolean longTokens) {
        Matcher tokens = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (tokens.find()) {
            tokens.appendReplacement(out, keyLike(tokens.group(), lowerCaseKey, longTokens) ? MASKED
                    : Matcher.quoteReplacement(tokens.group()));
        }
        tokens.appendTail(out);
        return out.toString();
    }

    private static boolean keyLike(String token, String lowerCaseKey, boolean longTokens) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.contains("phc_") || lower.contains("phx_")) {
            return true; // PostHog's project and personal keys
        }
        if (longTokens && token.length() >= LONG_TOKEN && token.chars().anyMatch(Character::isLetter)
                && token.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        if (lowerCaseKey.isEmpty()) {
            return false;
        }
        if (lower.length() >= KEY_PIECE && lowerCaseKey.contains(lower)) {
            return true;
        }
        for (int i = 0; i + KEY_WINDOW <= lower.length(); i++) {
            if (lowerCaseKey.contains(lower.substring(i, i + KEY_WINDOW))) {
                return true;
            }
        }
        return false;
    }
}
