package org.openjarvis.analytics.impl.privacy;

import static org.openjarvis.analytics.impl.privacy.Ascii.isDigit;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict screen of a free-text property (a version or a setting key), run after the reference's patterns on
 * what they let through. It reads the value normalised ({@link NormalisedText}) and refuses it if any rule below
 * finds personal data or a secret anywhere in it, glued to other text or not.
 *
 * <p>It is fast on plain values because one pass first notes which characters occur, and each rule runs only when
 * a character it needs is there: {@code theme.dark} meets a handful of checks, none of them a regular expression.
 *
 * <p>Free text: words of natural language separated by white space are a sentence or a name, not a version or a
 * setting key (two of them, or four beside a version: "Inno Setup 6.2.2" is a product); so is a run of six
 * characters or more of a script written without spaces (Han, kana, Hangul, Thai). What it cannot see: a name
 * written as one word ({@code johnsmith}), a relative path without a home or a user in it, a number that is only
 * a number ({@code 4155552} may be a phone number).
 */
public final class StrictTextScreen {

    /**
     * A token after one of these prefixes, of at least {@value #TOKEN_MIN_REST} characters with a digit (or
     * {@value #LETTER_TOKEN_MIN_REST} without), is a provider's credential (their documented formats; most are 30
     * characters or more).
     */
    private static final List<String> TOKEN_PREFIXES = List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_",
            "github_pat_", "glpat-", "gldt-", "glptt-", "glrt-", "gloas-", "xoxb-", "xoxp-", "xoxa-", "xoxr-",
            "xoxs-", "xoxe-", "xapp-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
            "whsec_", "hf_", "npm_", "pypi-", "phc_", "phx_", "sk-", "akia", "asia", "aiza", "ya29.", "dop_v1_",
            "shpat_", "shpss_", "sg.", "sq0atp-", "sq0csp-", "ntn_", "secret_", "lin_api_", "xai-", "gsk_",
            "pplx-", "r8_", "figd_", "dckr_pat_", "glsa_", "hvs.", "ak_", "sl.");
    /** Prefixes that no setting or version starts with: what follows them is a token, digits or not. */
    private static final Set<String> UNMISTAKABLE_PREFIXES = Set.of("github_pat_", "glpat-", "sk_live_", "rk_live_",
            "pk_live_", "sk_test_", "rk_test_", "whsec_", "dckr_pat_", "shpat_", "shpss_", "sq0atp-", "sq0csp-",
            "dop_v1_", "lin_api_");
    private static final int TOKEN_MIN_REST = 16;
    private static final int LETTER_TOKEN_MIN_REST = 30;
    private static final int SHORTEST_TOKEN = 3 + TOKEN_MIN_REST; // "hf_" and "r8_" are the shortest prefixes
    private static final String TOKEN_INITIALS = initials(TOKEN_PREFIXES);

    private static final List<String> REGISTRY_ROOTS = List.of("hkcu\\", "hklm\\", "hkcr\\",
            "hkey_current_user\\", "hkey_local_machine\\", "hkey_classes_root\\", "software\\", "system\\");

    /** Pages of a browser's own, which name a setting or a feature, not a host: chrome://flags. */
    private static final Set<String> BROWSER_SCHEMES = Set.of("chrome", "edge", "brave", "opera", "vivaldi");

    /** Host names under these are private or local names: machines on someone's network. */
    private static final List<String> PRIVATE_SUFFIXES = List.of("lan", "internal", "intranet", "corp",
            "home.arpa", "localdomain", "localhost", "local", "fritz.box", "ts.net");
    private static final String SUFFIX_INITIALS = initials(PRIVATE_SUFFIXES);

    /** Laptop and desktop model names that Ubuntu's installer puts after the owner's name: "alice-XPS-15". */
    private static final Set<String> MODEL_WORDS = Set.of("xps", "latitude", "inspiron", "optiplex", "probook",
            "elitebook", "precision", "vostro", "zenbook", "vivobook", "ideapad", "legion", "aspire", "thinkcentre",
            "envy", "pavilion", "spectre");

    /** Windows and Apple default machine names, which carry the owner's name or a per-machine code. */
    private static final Set<String> DEVICE_WORDS = Set.of("macbook", "imac", "iphone", "ipad", "ipod",
            "thinkpad", "chromebook", "galaxy", "pixel", "surface");

    private static final List<String> OWNER_CONNECTORS = List.of("-de-", "-di-", "-da-", "-du-", "-von-", "-van-",
            "-of-");

    /** Words that name a device only with an owner in the possessive: "bobs-laptop", "alices-pc". */
    private static final Set<String> OWNED_DEVICE_WORDS = Set.of("laptop", "desktop", "pc", "mac", "phone",
            "mbp", "mba");

    /**
     * A hexadecimal run this long is a key, a hash or a device id: 64 bits, enough to single out a machine (an
     * Android id, a CPU id are 16 digits), where git's short commit ids stop at 12.
     */
    static final int HEX_RUN = 16;
    /**
     * A run of base64 characters this long that mixes cases and digits as random text does (a change of
     * character class at least every third character) is an encoded blob; camelCase keys change far less often.
     */
    static final int BASE64_RUN = 20;
    /** Groups of four or eight hexadecimal digits, as fingerprints and hashes are printed, past 96 bits. */
    private static final Pattern GROUPED_HEX = Pattern.compile("(?<![0-9a-z])[0-9a-f]{4}(?:[0-9a-f]{4})?"
            + "(?: [0-9a-f]{4}(?:[0-9a-f]{4})?){2,}(?![0-9a-z])");
    private static final int GROUPED_HEX_DIGITS = 24;
    /** Past this length, any mix of both cases and digits is encoded data (a DER key has long capital runs). */
    static final int LONG_BASE64_RUN = 32;

    /**
     * Characters of a script written without spaces that make a phrase rather than a word: a setting key such as
     * 設定.テーマ has short runs, names of people too (a known limit), a sentence longer ones.
     */
    private static final int UNSPACED_SENTENCE = 6;
    private static final int WORDS_BESIDE_A_NUMBER = 4;

    private static final Pattern ASSIGNMENT = Pattern.compile("[\\p{L}\\p{N}_\\])'\"]\\s*=\\s*[^\\s=]");
    private static final Pattern KEYWORD_VALUE = Pattern.compile("(?<![a-z])(?:pass(?:word|wd|phrase)?|pwd|pin"
            + "|passwort|kennwort|mot de passe|contrase\u00f1a|senha|parola d'ordine|wachtwoord|has\u0142o"
            + "|secret|token|api[-_.]?key|apikey|access[-_.]?key|private[-_.]?key|client[-_.]?secret"
            + "|auth(?:orization)?|credentials?|cookie|session[-_.]?id|otp)s?(?:\\s*:\\s+|\\s+|\\s*:(?=\\S*[^a-z\\s])"
            + "|\\s*:(?=[a-z]{10}))\\S");
    /** A password on a command line, as MySQL's clients and sshpass take it: "mysql -u root -pS3cret". */
    private static final Pattern COMMAND_PASSWORD = Pattern.compile("(?<![a-z])(?:mysql|mysqldump|mysqladmin|mariadb"
            + "|sshpass)\\s(?:.*\\s)?-p\\s?\\S");
    /** A POSIX locale's modifier ("de_de@euro", "sr_rs.utf-8@latin") is not an address. */
    private static final Pattern LOCALE_WITH_MODIFIER = Pattern.compile("[a-z]{2,3}_[a-z]{2}(?:\\.[a-z0-9-]+)?"
            + "@[a-z]+");
    private static final Pattern BRACKETED_AT = Pattern.compile("[(\\[{<]\\s*(?:at|dot|@)\\s*[)\\]}>]");
    private static final Pattern SPELLED_AT = Pattern.compile("[a-z0-9](?:\\s+|[_-])at(?:\\s+|[_-])[a-z0-9-]+"
            + "(?:(?:\\s+|[_-])dot(?:\\s+|[_-])|\\.)[a-z]{2,}");
    private static final Pattern DASHED_IPV4 = Pattern.compile("ip-\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3}(?!\\d)");
    /** A private address written with dashes or underscores, as names of cloud hosts and nodes carry it. */
    private static final Pattern JOINED_PRIVATE_IPV4 = Pattern.compile("(?<!\\d)(?:10([-_])\\d{1,3}\\1\\d{1,3}\\1"
            + "|192([-_])168\\2\\d{1,3}\\2|172([-_])(?:1[6-9]|2\\d|3[01])\\3\\d{1,3}\\3)\\d{1,3}(?!\\d)");
    private static final Pattern IPV6_CANDIDATE = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Pattern MAC = Pattern.compile("(?<![0-9a-f])[0-9a-f]{2}([:-])[0-9a-f]{2}"
            + "(?:\\1[0-9a-f]{2}){4}(?![0-9a-f])|(?<![0-9a-f])[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}(?![0-9a-f])");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{12}");
    private static final Pattern SERIAL_LABEL = Pattern.compile("(?<![a-z])(?:s/n|sn|service\\s*tag"
            + "|serial(?:\\s*(?:no|number))?|imei|imsi|iccid|udid|meid)\\s*(?:[:#=]\\s*|\\s+)[a-z0-9-]*\\d");
    private static final Pattern UK_NINO = Pattern.compile("(?<![a-z0-9])[a-z]{2}\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}"
            + "\\s?[a-d](?![a-z0-9])");
    private static final Pattern SPANISH_ID = Pattern.compile("(?<![a-z0-9])(?:([xyz])[\\s-]?)?"
            + "(\\d{1,2}\\.?\\d{3}\\.?\\d{3})[\\s-]?([a-z])(?![a-z0-9])");
    private static final Pattern IBAN = Pattern.compile("(?<![a-z0-9])[a-z]{2}\\d{2}(?:[ -]?[a-z0-9]){11,30}");
    private static final Pattern COORDINATES = Pattern.compile("-?\\d{1,3}\\.\\d{3,}\\s*[,;/ ]\\s*-?\\d{1,3}"
            + "\\.\\d{3,}");
    private static final Pattern STREET = Pattern.compile("(?<![a-z])\\d+[a-z]?,?\\s+(?:[\\p{L}.'-]+\\s+){0,3}"
            + "(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|parkway"
            + "|pkwy|terrace|highway|hwy|square|sq)\\b|\\p{L}{2,}(?:strasse|str\\.|weg|gasse|platz|allee|ring"
            + "|damm|gade|vej|vejen|gata|gatan|v\u00e4gen|straat|laan|gracht|plein|katu|tie)\\s*\\d+"
            + "|(?<![a-z0-9])[a-z]{1,2}\\d[a-z\\d]?\\s+\\d[a-z]{2}(?![a-z0-9])");
    /** A street and its number, then a postal code and a place: "Strandvejen 100, 2900 Hellerup". */
    private static final Pattern STREET_AND_POSTCODE = Pattern.compile("\\p{L}{3,}\\.?\\s+\\d{1,5}[a-z]?"
            + "(?:/\\d{1,4}){0,3}(?:\\s+[a-z](?:\\s+\\d{1,4})?)?,\\s*(?:\\d{4,5}(?:-\\d{3})?|\\d{2}-\\d{3})"
            + "\\s+\\p{L}{2,}");
    /** Coordinates written with their names: "lat: 45.5017 lng: -73.5673", {"lat":-23.5505}. */
    private static final Pattern LABELLED_COORDINATE = Pattern.compile("(?<![a-z])(?:lat|lng|lon|latitude"
            + "|longitude)[\"']?\\s*[:=]\\s*-?\\d{1,3}\\.\\d{3,}");
    private static final Pattern PO_BOX = Pattern.compile("(?<![a-z])p\\.?\\s?o\\.?\\s?box\\s*\\d");
    /** A what3words address, which names a 3 m square: "///filled.count.soap". */
    private static final Pattern THREE_WORDS = Pattern.compile("///\\p{L}+\\.\\p{L}+\\.\\p{L}+");
    private static final Pattern MACHINE_NAME = Pattern.compile("(?<![a-z0-9])(?:(?:desktop|laptop)-"
            + "(?=[a-z0-9]*\\d)[a-z0-9]{5,}|win-(?=[a-z0-9]*\\d)[a-z0-9]{8,}|android-[0-9a-f]{16})");
    /** NetBIOS-style names, in capitals as Windows shows them: "DESKTOP-ALICE", "WORKSTATION-042". */
    private static final Pattern CAPITAL_MACHINE_NAME = Pattern.compile("(?<![A-Za-z0-9])(?:DESKTOP|LAPTOP"
            + "|WORKSTATION|WIN|PC|SRV|SERVER|WS|NB)-[A-Z0-9]{2,}(?![a-z])");
    /** Apple, Dell and disk serial numbers: a capital token mixing digits with letters past A-F. */
    private static final Pattern CAPITAL_SERIAL = Pattern.compile("(?<![A-Za-z0-9])(?=[A-Z0-9]*[G-Z])"
            + "(?=(?:[A-Z]*\\d){2})(?=(?:\\d*[A-Z]){3})[A-Z0-9]{10,20}(?![A-Za-z0-9])");
    private static final Pattern ITALIAN_TAX_CODE = Pattern.compile("(?<![a-z0-9])[a-z]{6}\\d{2}[a-z]\\d{2}[a-z]"
            + "\\d{3}[a-z](?![a-z0-9])");
    private static final Pattern PLUS_CODE = Pattern.compile("(?<![a-z0-9])[2-9cfghjmpqrvwx]{4,8}\\+"
            + "[2-9cfghjmpqrvwx]{2,3}(?![a-z0-9])");

    /** A group of checks: what it found in the folded (or cased) text, or null. */
    @FunctionalInterface
    private interface Rule {
        PiiCategory find(String folded, String cased, Characters seen);
    }

    // In this order, so that a value that fits several categories is reported under the most specific.
    private static final List<Rule> RULES = List.of(
            (t, cased, seen) -> credential(t, seen),
            (t, cased, seen) -> email(t, seen),
            (t, cased, seen) -> path(t, seen),
            (t, cased, seen) -> deviceIds(t, seen),
            (t, cased, seen) -> numbersAndIds(t, seen),
            (t, cased, seen) -> network(t, seen),
            (t, cased, seen) -> location(t, seen),
            (t, cased, seen) -> hostName(t, seen),
            (t, cased, seen) -> capitalised(cased, seen),
            (t, cased, seen) -> blob(cased, t, seen),
            (t, cased, seen) -> freeText(t, seen));

    private StrictTextScreen() {
    }

    /** Whether the screen refuses {@code value}. */
    public static boolean refuses(String value) {
        return refusal(value).isPresent();
    }

    /** The first rule that refuses {@code value}, if any. */
    public static Optional<PiiCategory> refusal(String value) {
        NormalisedText normalised = NormalisedText.of(value);
        Characters seen = Characters.of(normalised.folded());
        for (Rule rule : RULES) {
            PiiCategory found = rule.find(normalised.folded(), normalised.cased(), seen);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static PiiCategory credential(String t, Characters seen) {
        if (seen.has('-') && (t.contains("-----") || t.contains("ssh-rsa") || t.contains("ssh-ed25519")
                || t.contains("ssh-dss") || t.contains("ecdsa-sha2-"))) {
            return PiiCategory.CREDENTIAL;
        }
        if (seen.has('=') && ASSIGNMENT.matcher(t).find()) {
            return PiiCategory.CREDENTIAL;
        }
        if ((seen.has(':') || seen.spaces > 0) && KEYWORD_VALUE.matcher(t).find()) {
            return PiiCategory.CREDENTIAL;
        }
        if (t.contains(" -p") && COMMAND_PASSWORD.matcher(t).find()) {
            return PiiCategory.CREDENTIAL;
        }
        int url = seen.has(':') ? t.indexOf("://") : -1;
        if (url > 0 && (seen.has('@') || seen.has('?'))) {
            return PiiCategory.CREDENTIAL;
        }
        if (url > 0 && !BROWSER_SCHEMES.contains(t.substring(0, url))) {
            return PiiCategory.HOST_NAME;
        }
        return t.length() > TOKEN_MIN_REST && hasProviderToken(t) ? PiiCategory.CREDENTIAL : null;
    }

    private static boolean hasProviderToken(String t) {
        for (int start = 0; start < t.length() - TOKEN_MIN_REST; start++) {
            if (TOKEN_INITIALS.indexOf(t.charAt(start)) < 0 || start > 0 && isAlnum(t.charAt(start - 1))
                    || tokenRunEnd(t, start) - start < SHORTEST_TOKEN) {
                continue;
            }
            for (String prefix : TOKEN_PREFIXES) {
                if (t.startsWith(prefix, start) && isTokenRest(t, start + prefix.length(),
                        UNMISTAKABLE_PREFIXES.contains(prefix))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int tokenRunEnd(String t, int from) {
        int end = from;
        while (end < t.length() && (isAlnum(t.charAt(end)) || "_-.".indexOf(t.charAt(end)) >= 0)) {
            end++;
        }
        return end;
    }

    private static boolean isTokenRest(String t, int from, boolean unmistakable) {
        int end = tokenRunEnd(t, from);
        boolean digit = false;
        boolean word = true;
        for (int i = from; i < end; i++) {
            digit |= isDigit(t.charAt(i));
            word &= isAlnum(t.charAt(i));
        }
        // Most tokens mix digits in; a few (Hugging Face's) are letters only, and long; after an unmistakable
        // prefix, one unbroken word of letters is a token too, where sk_test_mode_enabled is a setting.
        return end - from >= TOKEN_MIN_REST
                && (digit || unmistakable && word || end - from >= LETTER_TOKEN_MIN_REST);
    }

    private static PiiCategory email(String t, Characters seen) {
        if (seen.has('@') && hasAddress(t)) {
            return PiiCategory.EMAIL;
        }
        if ((seen.has('(') || seen.has('[') || seen.has('{') || seen.has('<')) && BRACKETED_AT.matcher(t).find()) {
            return PiiCategory.EMAIL;
        }
        if ((t.contains(" at ") || t.contains("_at_") || t.contains("-at-")) && SPELLED_AT.matcher(t).find()) {
            return PiiCategory.EMAIL;
        }
        return null;
    }

    // user@host, or user@domain.tld, or "user @ domain.tld"; but name@1.2.3 and @scope/name are how packages name a
    // version.
    private static boolean hasAddress(String t) {
        if (LOCALE_WITH_MODIFIER.matcher(t).matches()) {
            return false;
        }
        for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
            int before = at - 1;
            while (before >= 0 && t.charAt(before) == ' ') {
                before--;
            }
            int after = at + 1;
            while (after < t.length() && t.charAt(after) == ' ') {
                after++;
            }
            if (before < 0 || after >= t.length() || !isAddressCharacter(t.charAt(before))) {
                continue;
            }
            int end = after;
            while (end < t.length() && (isAlnum(t.charAt(end)) || t.charAt(end) == '.' || t.charAt(end) == '-')) {
                end++;
            }
            String domain = t.substring(after, end);
            boolean spaced = before < at - 1 || after > at + 1;
            if (!domain.isEmpty() && (topLevelIsWord(domain) || !spaced && Character.isLetter(domain.charAt(0)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAddressCharacter(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean topLevelIsWord(String domain) {
        int dot = domain.lastIndexOf('.');
        if (dot < 0 || domain.length() - dot - 1 < 2) {
            return false;
        }
        for (int i = dot + 1; i < domain.length(); i++) {
            if (!Character.isLetter(domain.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static PiiCategory path(String t, Characters seen) {
        if (seen.has('\\') && !isRegistryKey(t) || t.contains("file:")) {
            return PiiCategory.PATH;
        }
        if (seen.has(':') && hasDriveLetter(t)) {
            return PiiCategory.PATH;
        }
        if (seen.has('/') && hasRootedPath(t)) {
            return PiiCategory.PATH;
        }
        if (seen.has('~') && followedAtWordStart(t, '~')) {
            return PiiCategory.PATH;
        }
        if (seen.has('$') && followedAtAnyPlace(t, '$')) {
            return PiiCategory.PATH;
        }
        if (seen.has('%') && hasEnvironmentReference(t)) {
            return PiiCategory.PATH;
        }
        return null;
    }

    /**
     * "HKCU\Software\Microsoft\...\AppsUseLightTheme": a registry key names a setting, unless it holds a drive, a
     * user's security id (S-1-5-21-...) or a second path. The rest of the screen still reads it.
     */
    private static boolean isRegistryKey(String t) {
        boolean rooted = REGISTRY_ROOTS.stream().anyMatch(root -> t.startsWith(root));
        return rooted && t.indexOf(':') < 0 && !t.contains("s-1-") && !t.contains("\\\\") && !t.contains("users\\");
    }

    private static boolean hasDriveLetter(String t) {
        for (int colon = t.indexOf(':'); colon >= 0; colon = t.indexOf(':', colon + 1)) {
            if (colon >= 1 && colon + 1 < t.length() && t.charAt(colon + 1) == '/'
                    && Character.isLetter(t.charAt(colon - 1)) && (colon == 1 || !isAlnum(t.charAt(colon - 2)))) {
                return true;
            }
        }
        return false;
    }

    // "/etc/passwd", "see /var/mail/bob", "../../x": a path from a root, a home or the working directory.
    private static boolean hasRootedPath(String t) {
        for (int slash = t.indexOf('/'); slash >= 0; slash = t.indexOf('/', slash + 1)) {
            int before = slash - 1;
            while (before >= 0 && t.charAt(before) == '.' && slash - before <= 2) {
                before--;
            }
            boolean rooted = before < 0 || " =:(\"'<,;".indexOf(t.charAt(before)) >= 0;
            // "setup.exe /v 2.7.0": one letter alone after a slash is a Windows command's switch.
            boolean option = slash + 2 == t.length() || slash + 2 < t.length() && t.charAt(slash + 2) == ' ';
            if (rooted && !option && slash + 1 < t.length() && (isAlnum(t.charAt(slash + 1))
                    || "._~-".indexOf(t.charAt(slash + 1)) >= 0)) {
                return true;
            }
        }
        return false;
    }

    // "~bob", "~/x": a home directory; "~1.2" (a version range) is not.
    private static boolean followedAtWordStart(String t, char marker) {
        for (int i = t.indexOf(marker); i >= 0; i = t.indexOf(marker, i + 1)) {
            boolean wordStart = i == 0 || !isAlnum(t.charAt(i - 1));
            if (wordStart && i + 1 < t.length()
                    && (Character.isLetter(t.charAt(i + 1)) || t.charAt(i + 1) == '/')) {
                return true;
            }
        }
        return false;
    }

    // "$home", "${user}": an environment variable, in a shell's spelling.
    private static boolean followedAtAnyPlace(String t, char marker) {
        for (int i = t.indexOf(marker); i >= 0; i = t.indexOf(marker, i + 1)) {
            if (i + 1 < t.length() && (Character.isLetter(t.charAt(i + 1)) || t.charAt(i + 1) == '{'
                    || t.charAt(i + 1) == '_')) {
                return true;
            }
        }
        return false;
    }

    // "%appdata%", "%userprofile%": an environment variable, in Windows' spelling.
    private static boolean hasEnvironmentReference(String t) {
        for (int open = t.indexOf('%'); open >= 0; open = t.indexOf('%', open + 1)) {
            int close = open + 1;
            while (close < t.length() && (isAlnum(t.charAt(close)) || t.charAt(close) == '_')) {
                close++;
            }
            if (close > open + 1 && close < t.length() && t.charAt(close) == '%'
                    && Character.isLetter(t.charAt(open + 1))) {
                return true;
            }
        }
        return false;
    }

    private static PiiCategory network(String t, Characters seen) {
        if (seen.dottedDigits >= 3 && hasIpv4(t)) {
            return PiiCategory.IP_ADDRESS;
        }
        if (t.contains("ip-") && DASHED_IPV4.matcher(t).find()) {
            return PiiCategory.IP_ADDRESS;
        }
        if ((seen.dashes >= 3 || seen.has('_')) && seen.digits >= 4 && JOINED_PRIVATE_IPV4.matcher(t).find()) {
            return PiiCategory.IP_ADDRESS;
        }
        if (seen.colons >= 2 && hasIpv6(t)) {
            return PiiCategory.IP_ADDRESS;
        }
        return null;
    }

    private static PiiCategory deviceIds(String t, Characters seen) {
        if ((seen.colons >= 5 || seen.dashes >= 5 || seen.dots >= 2 && seen.longestHexRun >= 4)
                && MAC.matcher(t).find()) {
            return PiiCategory.HARDWARE_ID;
        }
        if (seen.dashes >= 4 && UUID.matcher(t).find()) {
            return PiiCategory.HARDWARE_ID;
        }
        boolean labelled = t.contains("sn") || t.contains("s/n") || t.contains("serial") || t.contains("im")
                || t.contains("tag")
                || t.contains("iccid") || t.contains("udid") || t.contains("meid");
        return seen.digits >= 1 && labelled && SERIAL_LABEL.matcher(t).find() ? PiiCategory.HARDWARE_ID : null;
    }

    // Four octets, not inside a longer number; written addresses do not pad octets, versions do ("22.04").
    private static boolean hasIpv4(String t) {
        for (int start = 0; start < t.length(); start++) {
            if (isDigit(t.charAt(start)) && (start == 0 || !isDigit(t.charAt(start - 1)))) {
                int end = Ipv4.end(t, start, false);
                if (end > 0 && (end == t.length() || !isDigit(t.charAt(end)))) {
                    return true;
                }
            }
        }
        return false;
    }


    // Every form: eight groups, "::" compression, an IPv4 tail; a zone id ("%eth0") or a port ends the candidate.
    private static boolean hasIpv6(String t) {
        Matcher m = IPV6_CANDIDATE.matcher(t);
        while (m.find()) {
            if (Ipv6.isAddress(m.group())) {
                return true;
            }
        }
        return false;
    }

    private static PiiCategory numbersAndIds(String t, Characters seen) {
        if (t.contains("tel:") || t.contains("callto:") || t.contains("sms:")) {
            return PiiCategory.PHONE;
        }
        // An IBAN or an Italian code has a letter next to a digit; so has a NINO, unless written with spaces; a
        // Spanish id ends in a letter after its digits.
        boolean lettered = seen.digits >= 6 && seen.letterNextToDigit;
        if (lettered && t.length() >= 15 && hasIban(t)) {
            return PiiCategory.NATIONAL_ID;
        }
        if ((lettered || seen.digits >= 6 && seen.spaces > 0) && UK_NINO.matcher(t).find()
                || lettered && ITALIAN_TAX_CODE.matcher(t).find()
                || seen.digits >= 7 && endsWordWithLetterAfterDigit(t) && hasSpanishId(t)) {
            return PiiCategory.NATIONAL_ID;
        }
        return seen.digits >= 7 ? NumberShapes.find(t).orElse(null) : null;
    }

    // "12345678z", "48.291.735-s": a word's last character is a letter that follows a digit, or a dash or a space
    // after one.
    private static boolean endsWordWithLetterAfterDigit(String t) {
        for (int i = 1; i < t.length(); i++) {
            boolean wordEnds = i + 1 == t.length() || !isAlnum(t.charAt(i + 1));
            if (wordEnds && Character.isLetter(t.charAt(i)) && (isDigit(t.charAt(i - 1))
                    || i >= 2 && (t.charAt(i - 1) == '-' || t.charAt(i - 1) == ' ') && isDigit(t.charAt(i - 2)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSpanishId(String t) {
        Matcher m = SPANISH_ID.matcher(t);
        while (m.find()) {
            String prefix = m.group(1);
            String digits = m.group(2).replace(".", "");
            if (digits.length() < 7) {
                continue;
            }
            long number = Long.parseLong((prefix == null ? "" : String.valueOf("xyz".indexOf(prefix))) + digits);
            if (Checksums.dniLetter(number, m.group(3).charAt(0))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIban(String t) {
        Matcher m = IBAN.matcher(t);
        while (m.find()) {
            String compact = m.group().replace(" ", "").replace("-", "");
            for (int length = compact.length(); length >= 15; length--) {
                if (Checksums.iban(compact.substring(0, length))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PiiCategory location(String t, Characters seen) {
        if (t.indexOf('\u00b0') >= 0 || t.contains("geo:")
                || seen.has('+') && seen.letterNextToDigit && PLUS_CODE.matcher(t).find()) {
            return PiiCategory.LOCATION;
        }
        if (seen.longDecimals >= 2 && COORDINATES.matcher(t).find()
                || seen.longDecimals >= 1 && (t.contains("lat") || t.contains("lng") || t.contains("lon"))
                        && LABELLED_COORDINATE.matcher(t).find()) {
            return PiiCategory.LOCATION;
        }
        if (t.contains("box") && PO_BOX.matcher(t).find() || t.contains("///") && THREE_WORDS.matcher(t).find()) {
            return PiiCategory.LOCATION;
        }
        if (seen.has(',') && seen.spaces >= 2 && seen.digits >= 5 && STREET_AND_POSTCODE.matcher(t).find()) {
            return PiiCategory.LOCATION;
        }
        if (seen.digits >= 1 && seen.letters >= 2 && (seen.spaces > 0 || seen.nonAscii || t.contains("str"))
                && STREET.matcher(t).find()) {
            return PiiCategory.LOCATION;
        }
        return null;
    }

    private static PiiCategory hostName(String t, Characters seen) {
        if (seen.has('.') && hasPrivateSuffix(t)) {
            return PiiCategory.HOST_NAME;
        }
        boolean machinePrefix = t.contains("desktop-") || t.contains("laptop-") || t.contains("win-")
                || t.contains("android-");
        if (seen.letterDashLetter && hasDeviceName(t) || machinePrefix && MACHINE_NAME.matcher(t).find()) {
            return PiiCategory.HOST_NAME;
        }
        return null;
    }

    // Both shapes are written in capitals: a value with fewer than two has neither. A machine name may have no
    // letter beyond its prefix's two ("PC-42", "WS-01").
    private static PiiCategory capitalised(String cased, Characters seen) {
        int capitals = capitals(cased, 3);
        if (seen.has('-') && capitals >= 2 && CAPITAL_MACHINE_NAME.matcher(cased).find()) {
            return PiiCategory.HOST_NAME;
        }
        return seen.digits >= 2 && capitals >= 3 && cased.length() >= 10 && CAPITAL_SERIAL.matcher(cased).find()
                ? PiiCategory.HARDWARE_ID : null;
    }

    private static int capitals(String cased, int enough) {
        int capitals = 0;
        for (int i = 0; i < cased.length() && capitals < enough; i++) {
            capitals += cased.charAt(i) >= 'A' && cased.charAt(i) <= 'Z' ? 1 : 0;
        }
        return capitals;
    }

    private static boolean hasPrivateSuffix(String t) {
        for (int dot = t.indexOf('.'); dot > 0; dot = t.indexOf('.', dot + 1)) {
            if (!isAlnum(t.charAt(dot - 1))) {
                continue;
            }
            if (dot + 1 == t.length() || SUFFIX_INITIALS.indexOf(t.charAt(dot + 1)) < 0) {
                continue;
            }
            for (String suffix : PRIVATE_SUFFIXES) {
                int end = dot + 1 + suffix.length();
                if (!t.startsWith(suffix, dot + 1)) {
                    continue;
                }
                boolean last = end == t.length() || !isHostCharacter(t.charAt(end));
                // An intranet's name also stands for its hosts inside a domain: vpn.intranet.example.
                boolean inner = suffix.equals("intranet") && end < t.length() && t.charAt(end) == '.';
                if (last || inner) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isHostCharacter(char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_';
    }

    /**
     * "bobs-macbook-pro", "macbook-pro-de-bob", "alice-XPS-15", "bobs-laptop": a device named after its owner, read
     * word by word between dashes, so a plain value costs one pass whatever the number of device words.
     */
    private static boolean hasDeviceName(String t) {
        String previous = null;
        int from = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i < t.length() && isAlnum(t.charAt(i))) {
                continue;
            }
            boolean dashAfter = i < t.length() && t.charAt(i) == '-';
            // Only a word beside a dash can be an owner or a device; the others are not even cut out.
            if (dashAfter || previous != null) {
                String word = t.substring(from, i);
                if (previous != null && isOwnedDevice(previous, word)
                        || dashAfter && DEVICE_WORDS.contains(word) && ownerFollows(t, i)) {
                    return true;
                }
                previous = dashAfter ? word : null;
            }
            from = i + 1;
        }
        return false;
    }

    private static boolean isOwnedDevice(String owner, String device) {
        boolean named = owner.length() >= 2 && Character.isLetter(owner.charAt(owner.length() - 1));
        return named && (DEVICE_WORDS.contains(device) || MODEL_WORDS.contains(device))
                || named && owner.endsWith("s") && OWNED_DEVICE_WORDS.contains(device);
    }

    // "-de-bob", "-pro-von-alice": the owner after the device, perhaps past one model word, as Apple names them.
    private static boolean ownerFollows(String t, int at) {
        int model = at;
        if (model < t.length() && t.charAt(model) == '-') {
            model++;
            while (model < t.length() && isAlnum(t.charAt(model))) {
                model++;
            }
        }
        for (String connector : OWNER_CONNECTORS) {
            if (t.startsWith(connector, at) && at + connector.length() < t.length()
                    || t.startsWith(connector, model) && model + connector.length() < t.length()) {
                return true;
            }
        }
        return false;
    }

    private static PiiCategory blob(String cased, String folded, Characters seen) {
        if (folded.length() < Math.min(HEX_RUN, BASE64_RUN)) {
            return null;
        }
        if (seen.spaces >= 2 && seen.longestHexRun >= 4 && hasGroupedHex(folded)) {
            return PiiCategory.ENCODED_BLOB;
        }
        return seen.longestHexRun >= HEX_RUN && hasHexRun(folded) || hasBase64Run(cased) ? PiiCategory.ENCODED_BLOB
                : null;
    }

    // "02a1176b eae22eff 7ef05944 735a7293", "4AE7 1A2B ...": a hash or a key's fingerprint, printed in groups.
    private static boolean hasGroupedHex(String t) {
        Matcher m = GROUPED_HEX.matcher(t);
        while (m.find()) {
            String hex = m.group().replace(" ", "");
            if (hex.length() >= GROUPED_HEX_DIGITS && hex.chars().anyMatch(Character::isDigit)
                    && hex.chars().anyMatch(Character::isLetter)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasHexRun(String t) {
        int run = 0;
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Ascii.isHexDigit(c)) {
                run++;
                letter |= !isDigit(c);
                digit |= isDigit(c);
                if (run >= HEX_RUN && letter && digit) {
                    return true;
                }
            } else {
                run = 0;
                letter = false;
                digit = false;
            }
        }
        return false;
    }

    private static boolean hasBase64Run(String cased) {
        int start = 0;
        for (int i = 0; i <= cased.length(); i++) {
            if (i == cased.length() || !isBase64(cased.charAt(i))) {
                if (i - start >= BASE64_RUN && looksRandom(cased, start, i)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean isBase64(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '_' || c == '-' || c == '=';
    }

    // Punctuation inside the run is not counted as a change: a version's dashes and pluses would count as many.
    private static boolean looksRandom(String s, int from, int to) {
        int changes = 0;
        int upper = 0;
        int lower = 0;
        int digits = 0;
        int previous = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int kind = Character.isUpperCase(c) ? 0 : Character.isLowerCase(c) ? 1 : Character.isDigit(c) ? 2 : 3;
            if (kind == 3) {
                continue;
            }
            upper += kind == 0 ? 1 : 0;
            lower += kind == 1 ? 1 : 0;
            digits += kind == 2 ? 1 : 0;
            changes += previous >= 0 && kind != previous ? 1 : 0;
            previous = kind;
        }
        // Base64 of text has no digits for long stretches, but changes case more often still.
        boolean cased = upper > 0 && lower > 0;
        boolean mixed = cased && (digits > 0 ? changes * 3 >= to - from : changes * 2 >= to - from);
        return mixed || to - from >= LONG_BASE64_RUN && digits >= 2 && upper >= 2 && lower >= 2;
    }

    private static PiiCategory freeText(String t, Characters seen) {
        if (seen.spaces > 0 && isSentence(t)) {
            return PiiCategory.FREE_TEXT;
        }
        return seen.nonAscii && hasUnspacedScript(t) ? PiiCategory.FREE_TEXT : null;
    }

    /**
     * Words of natural language, separated by spaces: only letters (an apostrophe and trailing punctuation
     * allowed, and dashes between letters: "jean-luc"), two at least. Two such words are a name or a phrase
     * ("john smith"); beside a token with a digit it takes {@value #WORDS_BESIDE_A_NUMBER}, since a product's
     * name and its version are written so ("Inno Setup 6.2.2", "Ubuntu 22.04.4 LTS"). Dotted or underscored tokens
     * are identifiers, not words ("com.apple.dock autohide").
     */
    private static boolean isSentence(String t) {
        int words = 0;
        boolean numbered = false;
        int from = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i < t.length() && t.charAt(i) != ' ') {
                continue;
            }
            int end = i;
            while (end > from && ".,;:!?".indexOf(t.charAt(end - 1)) >= 0) {
                end--;
            }
            int letters = 0;
            boolean word = end > from;
            boolean digit = false;
            boolean timeOrDate = false;
            for (int k = from; k < end; k++) {
                char c = t.charAt(k);
                if (Character.isLetter(c)) {
                    letters++;
                } else if (isDigit(c)) {
                    digit = true;
                    word = false;
                } else if (!(c == '\'' || isInnerDash(t, k, from, end))) {
                    timeOrDate |= c == ':' || c == '/';
                    word = false;
                }
            }
            words += word && letters >= 2 ? 1 : 0;
            numbered |= digit && !timeOrDate; // a time of day or a date is not a version
            from = i + 1;
        }
        return words >= (numbered ? WORDS_BESIDE_A_NUMBER : 2);
    }

    private static boolean isInnerDash(String t, int at, int from, int end) {
        return t.charAt(at) == '-' && at > from && at + 1 < end && Character.isLetter(t.charAt(at + 1));
    }

    private static boolean hasUnspacedScript(String t) {
        int run = 0;
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            boolean unspaced = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                    || script == Character.UnicodeScript.THAI;
            run = unspaced ? run + 1 : 0;
            if (run >= UNSPACED_SENTENCE) {
                return true;
            }
        }
        return false;
    }

    /** The first characters of {@code words}, so that a scan tries them only where one of these is. */
    private static String initials(List<String> words) {
        StringBuilder out = new StringBuilder();
        words.stream().map(word -> word.charAt(0)).distinct().forEach(out::append);
        return out.toString();
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    /**
     * Which ASCII characters a value holds, and how many digits, letters and spaces: one pass, for the guards. A bit
     * per character rather than a count, since only three characters are ever counted.
     */
    private static final class Characters {
        private long low;
        private long high;
        int dots;
        int colons;
        int dashes;
        int digits;
        int letters;
        int spaces;
        int longestHexRun;
        /** How many times a dot is followed by three digits or more, as each half of a coordinate pair is. */
        int longDecimals;
        /** How many dots stand between two digits: an IPv4 address has three. */
        int dottedDigits;
        /** Whether a dash joins two letters, as every device name the screen knows has one ("bobs-macbook"). */
        boolean letterDashLetter;
        boolean nonAscii;
        boolean letterNextToDigit;

        static Characters of(String t) {
            Characters seen = new Characters();
            int hexRun = 0;
            int digitsAfterDot = -1;
            boolean previousDigit = false;
            boolean previousLetter = false;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                boolean digit = isDigit(c);
                boolean letter = !digit && (c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c));
                seen.letterNextToDigit |= digit && previousLetter || letter && previousDigit;
                if (i >= 2 && (digit || letter)) {
                    char joint = t.charAt(i - 1);
                    char before = t.charAt(i - 2);
                    seen.dottedDigits += digit && joint == '.' && isDigit(before) ? 1 : 0;
                    seen.letterDashLetter |= letter && joint == '-' && Character.isLetter(before);
                }
                previousDigit = digit;
                previousLetter = letter;
                hexRun = Ascii.isHexDigit(c) ? hexRun + 1 : 0;
                seen.longestHexRun = Math.max(seen.longestHexRun, hexRun);
                if (c < 64) {
                    seen.low |= 1L << c;
                } else if (c < 128) {
                    seen.high |= 1L << (c - 64);
                } else {
                    seen.nonAscii = true;
                }
                seen.dots += c == '.' ? 1 : 0;
                seen.colons += c == ':' ? 1 : 0;
                seen.dashes += c == '-' ? 1 : 0;
                seen.spaces += c == ' ' ? 1 : 0;
                seen.digits += digit ? 1 : 0;
                seen.letters += letter ? 1 : 0;
                digitsAfterDot = c == '.' ? 0 : digit && digitsAfterDot >= 0 ? digitsAfterDot + 1 : -1;
                seen.longDecimals += digitsAfterDot == 3 ? 1 : 0;
            }
            return seen;
        }

        boolean has(char c) {
            return c < 64 ? (low & 1L << c) != 0 : c < 128 && (high & 1L << (c - 64)) != 0;
        }
    }
}
