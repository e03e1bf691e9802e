package org.openjarvis.analytics.impl.privacy;

import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The reference's {@code looks_like_pii}: true if any of its 20 patterns is found anywhere in a string (Python's
 * {@code re.search}). The literals below are the reference's, unchanged; {@link PythonRegex} gives them Python's
 * Unicode semantics.
 */
public final class PiiDetector {

    /**
     * A pattern and what a string must hold for it to match: a literal the pattern contains (the case-sensitive
     * ones), or a character it needs (white space for the bearer header, {@code :} or {@code =} for an assignment,
     * whose words match case-insensitively, so also in look-alike letters such as U+017F). Only a string that
     * holds it is searched: a version such as {@code 2.0.0-rc.1+build.123} meets one search, not twenty. The
     * pattern is compiled when a string first needs it: compiling the twenty with Unicode classes takes 10 to 15 ms
     * in a fresh JVM, in the first capture, and most values (engine names, enumeration words) need none.
     */
    private static final class Search {
        private final String python;
        private final Predicate<String> possible;
        private volatile Pattern compiled; // null until needed; two threads compiling it at once is harmless

        Search(String python, Predicate<String> possible) {
            this.python = python;
            this.possible = possible;
        }

        boolean findsIn(String folded) {
            if (!possible.test(folded)) {
                return false;
            }
            Pattern pattern = compiled;
            if (pattern == null) {
                pattern = PythonRegex.compile(python);
                compiled = pattern;
            }
            return pattern.matcher(folded).find();
        }
    }

    /** The 20 patterns, in the reference's order (cheap, common ones first). */
    private static final List<Search> SEARCHES = List.of(
            new Search("[\\w.+-]+@[\\w-]+\\.[\\w.-]+", s -> s.indexOf('@') >= 0), // email
            new Search("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b", PiiDetector::hasThreeDottedDigits), // IPv4
            new Search("\\b(?:[0-9A-Fa-f]{1,4}:){2,}[0-9A-Fa-f]{0,4}\\b", s -> s.indexOf(':') >= 0), // IPv6 (loose)
            new Search("\\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\\b", s -> s.indexOf(':') >= 0), // MAC address
            new Search("/Users/[^/\\s]+", s -> s.contains("/Users/")), // macOS home path
            new Search("/home/[^/\\s]+", s -> s.contains("/home/")), // Linux home path
            new Search("\\$HOME|~/", s -> s.contains("$HOME") || s.contains("~/")), // $HOME or ~/
            new Search("file://", s -> s.contains("file://")), // file URL
            new Search("\\bsk-[A-Za-z0-9_-]{8,}", s -> s.contains("sk-")), // OpenAI / Anthropic key
            new Search("\\bxoxb-[A-Za-z0-9-]{8,}", s -> s.contains("xoxb-")), // Slack bot token
            new Search("\\bxoxp-[A-Za-z0-9-]{8,}", s -> s.contains("xoxp-")), // Slack user token
            new Search("\\bghp_[A-Za-z0-9]{20,}", s -> s.contains("ghp_")), // GitHub personal access token
            new Search("\\bgho_[A-Za-z0-9]{20,}", s -> s.contains("gho_")), // GitHub OAuth token
            new Search("\\bAKIA[0-9A-Z]{16}\\b", s -> s.contains("AKIA")), // AWS access key id
            new Search("\\bAIza[0-9A-Za-z_-]{20,}", s -> s.contains("AIza")), // Google API key
            new Search("\\bya29\\.[0-9A-Za-z_-]+", s -> s.contains("ya29.")), // Google OAuth access token
            new Search("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+", s -> s.contains("eyJ")), // JWT
            new Search("(?i)\\bbearer\\s+[A-Za-z0-9._-]+", PiiDetector::hasSpace), // bearer header
            new Search("(?i)\\b(password|secret|api_key|token)\\s*[:=]\\s*\\S+",
                    s -> s.indexOf(':') >= 0 || s.indexOf('=') >= 0), // secret assignment
            new Search("\\b[A-Za-z0-9-]+\\.local\\b", s -> s.contains(".local"))); // mDNS host name


    /**
     * Every pattern needs one of these characters, white space (the bearer header), or, for the AWS and Google
     * keys, at least 20 characters. A shorter string with none of them cannot match, which spares typical
     * property values (engine names, enumeration words) twenty searches.
     */
    private static final String NEEDED_CHARACTERS = "@.:/$~-_=";
    private static final int SHORTEST_KEY_MATCH = 20;
    // The needed characters and Python's white space as one set, looked up once per character: searching the
    // needed characters, then the white space, for each character of each value was a tenth of a capture's time.
    private static final BitSet SIGNALS = signals();

    private PiiDetector() {
    }

    /** Whether any PII pattern occurs anywhere in {@code s}; false for null. */
    public static boolean looksLikePii(String s) {
        return s != null && !cannotMatch(s) && anyPatternFinds(s);
    }

    /** A quick test that is true only for strings that no pattern can match. */
    static boolean cannotMatch(String s) {
        if (s.length() >= SHORTEST_KEY_MATCH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= PythonWhitespace.LAST && SIGNALS.get(c)) {
                return false;
            }
        }
        return true;
    }

    // Every needed character is ASCII, below the last white space character.
    private static BitSet signals() {
        BitSet signals = PythonWhitespace.asBitSet();
        for (int i = 0; i < NEEDED_CHARACTERS.length(); i++) {
            signals.set(NEEDED_CHARACTERS.charAt(i));
        }
        return signals;
    }

    /** The reference's literals, unchanged, made on each call: only tests ask, and class initialisation need not. */
    static List<String> pythonPatterns() {
        return SEARCHES.stream().map(search -> search.python).toList();
    }

    /** The twenty searches themselves. */
    static boolean anyPatternFinds(String s) {
        String folded = PythonRegex.foldAstral(s);
        for (int i = 0; i < SEARCHES.size(); i++) {
            if (SEARCHES.get(i).findsIn(folded)) {
                return true;
            }
        }
        return false;
    }

    // Three dots, each between two decimal digits (Python's \\d, which Character.isDigit is).
    private static boolean hasThreeDottedDigits(String s) {
        int dots = 0;
        for (int i = 1; i + 1 < s.length() && dots < 3; i++) {
            dots += s.charAt(i) == '.' && Character.isDigit(s.charAt(i - 1)) && Character.isDigit(s.charAt(i + 1))
                    ? 1 : 0;
        }
        return dots == 3;
    }

    private static boolean hasSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (PythonWhitespace.isSpace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
