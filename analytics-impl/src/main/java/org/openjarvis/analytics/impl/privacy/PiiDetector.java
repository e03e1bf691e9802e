package org.openjarvis.analytics.impl.privacy;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The reference's {@code looks_like_pii}: true if any of its 20 patterns is found anywhere in a string (Python's
 * {@code re.search}). The literals below are the reference's, unchanged; {@link PythonRegex} gives them Python's
 * Unicode semantics.
 */
public final class PiiDetector {

    /** The 20 patterns, in the reference's order (cheap, common ones first). */
    static final List<String> PYTHON_PATTERNS = List.of(
            "[\\w.+-]+@[\\w-]+\\.[\\w.-]+", // email
            "\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b", // IPv4
            "\\b(?:[0-9A-Fa-f]{1,4}:){2,}[0-9A-Fa-f]{0,4}\\b", // IPv6 (loose)
            "\\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\\b", // MAC address
            "/Users/[^/\\s]+", // macOS home path
            "/home/[^/\\s]+", // Linux home path
            "\\$HOME|~/", // $HOME or ~/
            "file://", // file URL
            "\\bsk-[A-Za-z0-9_-]{8,}", // OpenAI / Anthropic key
            "\\bxoxb-[A-Za-z0-9-]{8,}", // Slack bot token
            "\\bxoxp-[A-Za-z0-9-]{8,}", // Slack user token
            "\\bghp_[A-Za-z0-9]{20,}", // GitHub personal access token
            "\\bgho_[A-Za-z0-9]{20,}", // GitHub OAuth token
            "\\bAKIA[0-9A-Z]{16}\\b", // AWS access key id
            "\\bAIza[0-9A-Za-z_-]{20,}", // Google API key
            "\\bya29\\.[0-9A-Za-z_-]+", // Google OAuth access token
            "\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+", // JWT
            "(?i)\\bbearer\\s+[A-Za-z0-9._-]+", // bearer header
            "(?i)\\b(password|secret|api_key|token)\\s*[:=]\\s*\\S+", // secret assignment
            "\\b[A-Za-z0-9-]+\\.local\\b"); // mDNS host name

    private static final List<Pattern> PATTERNS = PYTHON_PATTERNS.stream().map(PythonRegex::compile)
            .collect(Collectors.toUnmodifiableList());

    /**
     * Every pattern needs one of these characters, white space (the bearer header), or, for the AWS and Google
     * keys, at least 20 characters. A shorter string with none of them cannot match, which spares typical
     * property values (engine names, enumeration words) twenty searches.
     */
    private static final String NEEDED_CHARACTERS = "@.:/$~-_=";
    private static final int SHORTEST_KEY_MATCH = 20;

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
            if (NEEDED_CHARACTERS.indexOf(c) >= 0 || PythonWhitespace.isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    /** The twenty searches themselves. */
    static boolean anyPatternFinds(String s) {
        String folded = PythonRegex.foldAstral(s);
        for (Pattern pattern : PATTERNS) {
            if (pattern.matcher(folded).find()) {
                return true;
            }
        }
        return false;
    }
}
