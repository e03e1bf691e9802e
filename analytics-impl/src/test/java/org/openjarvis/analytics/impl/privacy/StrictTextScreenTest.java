package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rule of the strict screen, on values the reference's patterns let through and on look-alikes that real
 * applications send. The corpus test measures the whole; these name the rule that must fire.
 */
class StrictTextScreenTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // E-mail addresses, plain and obfuscated, and look-alike spellings normalisation undoes.
        "bob@example.com|EMAIL", "bob@localhost|EMAIL", "bob(at)example.com|EMAIL", "bob [at] example [dot] com|EMAIL",
        "bob_at_example_dot_com|EMAIL", "bob\uff20example.com|EMAIL", "bob\u200b@example.com|EMAIL",
        "bob%40example.com|EMAIL", "BOB@EXAMPLE.COM|EMAIL", "bob\ufe6bexample.org|EMAIL",
        // Phone numbers.
        "+14155552671|PHONE", "+1 (415) 555-2671|PHONE", "(415) 555-2671|PHONE", "415.555.2671|PHONE",
        "415-555-2671|PHONE", "020 7946 0958|PHONE", "06 12 34 56 78|PHONE", "06.12.34.56.78|PHONE",
        "tel:4155552671|PHONE", "555-1234|PHONE", "+49 30 1234567|PHONE", "+\u0664\u0661\u0665 555 2671|PHONE",
        // Card numbers (Luhn-valid), national ids (with their check digits) and long numbers.
        "4111 1111 1111 1111|PAYMENT_CARD", "4111-1111-1111-1111|PAYMENT_CARD", "378282246310005|PAYMENT_CARD",
        "123-45-6789|NATIONAL_ID", "123 45 6789|NATIONAL_ID", "ab123456c|NATIONAL_ID", "12345678z|NATIONAL_ID",
        "x1234567l|NATIONAL_ID", "DE89 3704 0044 0532 0130 00|NATIONAL_ID", "GB82WEST12345698765432|NATIONAL_ID",
        "123.456.789-09|NATIONAL_ID", "build4155552671|LONG_NUMBER", "id_98765432101|LONG_NUMBER",
        // Addresses of machines and devices.
        "srv_192.168.0.10|IP_ADDRESS", "host-10.0.0.5:8080|IP_ADDRESS", "ip-10-0-0-5|IP_ADDRESS",
        "fe80::1%eth0|IP_ADDRESS", "2001:db8::1|IP_ADDRESS", "[2001:db8::8a2e:370:7334]:443|IP_ADDRESS",
        "::ffff:192.0.2.1|IP_ADDRESS", "2001:0db8:85a3:0000:0000:8a2e:0370:7334|IP_ADDRESS",
        "mac_00:1a:2b:3c:4d:5e|HARDWARE_ID", "00-1A-2B-3C-4D-5E|HARDWARE_ID", "001a.2b3c.4d5e|HARDWARE_ID",
        "123e4567-e89b-12d3-a456-426614174000|HARDWARE_ID", "sn: 5cg1234xyz|HARDWARE_ID",
        "imei 490154203237518|HARDWARE_ID",
        // Paths of every platform.
        "C:\\Users\\bob|PATH", "d:/data/bob|PATH", "\\\\server\\share|PATH", "%APPDATA%|PATH",
        "%USERPROFILE%\\x|PATH", "~bob/notes|PATH", "$home/x|PATH", "${USER}|PATH", "/var/mail/alice|PATH",
        "/root/.ssh|PATH", "../../etc/shadow|PATH", "file:c:/x|PATH", "see /etc/passwd|PATH",
        // Credentials.
        "ghp_FAKE0000aaaabbbbccccddddeeeeffff0000|CREDENTIAL", "glpat-FAKE0000aaaabbbbcccc|CREDENTIAL",
        "xapp-1-FAKE0000-aaaabbbbcccc|CREDENTIAL", "sk_live_FAKE0000aaaabbbbccccdddd|CREDENTIAL",
        "hf_FAKE0000aaaabbbbccccddddeeeeffffgg|CREDENTIAL", "npm_FAKE0000aaaabbbbccccddddeeeeffff0000|CREDENTIAL",
        "SG.FAKE0000aaaabbbb.cccc0000dddd|CREDENTIAL", "phc_FAKE0000aaaabbbbccccdddd|CREDENTIAL",
        "key_AKIAFAKE00000EXAMPLE|CREDENTIAL", "-----BEGIN RSA PRIVATE KEY-----|CREDENTIAL",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5|CREDENTIAL", "pwd:hunter2|CREDENTIAL", "passwd: letmein|CREDENTIAL",
        "proxy.password=hunter2|CREDENTIAL", "api-key:abc123|CREDENTIAL", "https://bob:pw@host/|CREDENTIAL",
        "https://host/x?token=1|CREDENTIAL", "theme=dark|CREDENTIAL",
        // Host names.
        "nas.lan|HOST_NAME", "db01.internal|HOST_NAME", "router.home.arpa|HOST_NAME", "box.localdomain|HOST_NAME",
        "raspberrypi.fritz.box|HOST_NAME", "DESKTOP-7F3K2LQ|HOST_NAME", "LAPTOP-1A2B3C4D|HOST_NAME",
        "WIN-1A2B3C4D5E6|HOST_NAME", "bobs-macbook-pro|HOST_NAME", "MacBook-Pro-de-Bob|HOST_NAME",
        "alices-pc|HOST_NAME", "https://example.com/download|HOST_NAME",
        // Where someone is.
        "48.8566\u00b0 N|LOCATION", "37.7749,-122.4194|LOCATION", "geo:37.78,-122.4|LOCATION",
        "hauptstra\u00dfe 5|LOCATION", "221b baker street|LOCATION", "sw1a 1aa|LOCATION",
        // Encoded blobs.
        "3f2a9c0d7e4b1a8f6c5d2e9b|ENCODED_BLOB", "dGhpcyBpcyBhIHNlY3JldCBibG9i|ENCODED_BLOB",
        "x9Kf2LmQ7vB3nR8tY1wZ|ENCODED_BLOB", "8754b77c7eee26e4|ENCODED_BLOB", "C02XK0AAJGH5|HARDWARE_ID",
        "DESKTOP-ALICE|HOST_NAME", "vpn.intranet.example|HOST_NAME", "alice-XPS-15-9520|HOST_NAME",
        "android-3f2a9c1e7b5d4a08|HOST_NAME", "alice&#64;example.com|EMAIL", "48.291.735-S|NATIONAL_ID",
        "Z-2917364-A|NATIONAL_ID", "RSSMRA85T10A562S|NATIONAL_ID", "::1|IP_ADDRESS", "8FVC9G8F+6X|LOCATION",
        // Free text.
        "call bob tomorrow|FREE_TEXT", "John Smith|FREE_TEXT", "Alice's laptop|FREE_TEXT",
        "meet Dr. Jones|FREE_TEXT", "\u660e\u65e5\u30dc\u30d6\u306b\u96fb\u8a71\u3059\u308b|FREE_TEXT",
        "john\u00a0smith|FREE_TEXT",
        "john\tsmith|FREE_TEXT"})
    void refuses(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "emily.clarke @ nhs.net|EMAIL", "t.nguyen[@]fpt.com.vn|EMAIL", "node_10_1_4_22|IP_ADDRESS",
        "rk_live_ExampleExampleExample|CREDENTIAL", "mysql -u root -pS3cretPass|CREDENTIAL",
        "sshpass -p hunter2 ssh host|CREDENTIAL", "CHRISTINAS-MBP|HOST_NAME", "see chrome://flags|HOST_NAME",
        "chrome://settings?q=bob|CREDENTIAL", "Strandvejen 100, 2900 Hellerup|LOCATION",
        "Rua Augusta 274, 1100-053 Lisboa|LOCATION", "lat: 45.5017 lng: -73.5673|LOCATION",
        "P.O. Box 1234, Anchorage|LOCATION", "///filled.count.soap|LOCATION", "N\u00f8rrebrogade 44|LOCATION",
        "Born 04/07/1962 in Leeds|FREE_TEXT", "02a1176b eae22eff 7ef05944 735a7293|ENCODED_BLOB",
        "KzMzIDYgMTIgMzQgNTYgNzg=|ENCODED_BLOB", "HKCU\\Software\\Acme\\Recent\\C:\\Users\\bob|PATH",
        "HKEY_USERS\\S-1-5-21-1004\\Software|PATH", "HKLM\\Software\\Acme\\\\server\\share|PATH",
        "1.2 (415) 555-2671|PHONE"})
    void refusesWhatTheThirdCorpusFoundMissing(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.2.1 (4210)", "16.80 (23121017)", "17.2.1 (19617.1)",
        "5.3.2-29314046+++UE5+Release-5.3", "VSCodeUserSetup-x64-1.85.1.exe", "Setup.exe /v 2.7.0.1148",
        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize\\AppsUseLightTheme",
        "SOFTWARE\\Policies\\Google\\Chrome\\MetricsReportingEnabled",
        "chrome://flags/#enable-experimental-web-platform-features", "security.password_min_length",
        "mysql.port", "sshpass.enabled", "secret_santa_reminder_enabled", "sk_test_mode_enabled_for_all",
        "glpat-settings_enabled_flag", "release 3, 2024", "ui.latency 1.2345", "upgrade 2", "box.sync 3"})
    void keepsWhatTheThirdCorpusFoundRefused(String value) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // Groups joined by slashes, as German numbers are written; seven digits in brackets.
        "030/1234567|PHONE", "(5551234)|PHONE",
        // A plus that starts a word, then 7 to 15 digits (E.164's longest), even when the groups after "+(" read as
        // a date.
        "call +14155552671|PHONE", "+491711234567890|PHONE", "+(2024) 01 10 1234|PHONE",
        // The shortest and the longest card numbers, 13 and 19 digits.
        "4222222222222|PAYMENT_CARD", "6011 0000 0000 0000 001|PAYMENT_CARD",
        // Nine digits or more that are neither a date-time stamp nor, after a version, Unix seconds (which start
        // with 1): nine digits, ten after a version, eleven, minute 75, second 75, month 13, and Unix seconds that
        // follow no other group.
        "123456789|LONG_NUMBER", "1.86.0-4155552671|LONG_NUMBER", "build.20241201123|LONG_NUMBER",
        "build 202412011275|LONG_NUMBER", "build 20241201123075|LONG_NUMBER", "nightly-2024130112|LONG_NUMBER",
        "id_1706698139|LONG_NUMBER",
        // IBANs with the first and the last letter of the alphabet in them.
        "AT61 1904 3002 3457 3201|NATIONAL_ID", "AZ21 NABZ 0000 0000 1370 1000 1944|NATIONAL_ID"})
    void refusesNumbersAtTheEdgesOfEachShape(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Date-time stamps of the first and the last year read as one, and with every part at its largest.
        "nightly-1970010100", "nightly-2099123123", "build 202412011259", "build 20241201123059",
        // A bracketed build number with dots after a dotted version, and a bracket left open.
        "17.2.1 (19617.1.17)", "4.2.1 (4210",
        // Eight digits with a letter that is not their DNI check letter (12345678 takes Z).
        "12345678a"})
    void keepsNumbersThatOnlyLookPersonal(String value) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // A version and its release date, as changelogs and About boxes write them: a bracketed date is not a
        // phone's bracketed group, and groups more than three separators apart are separate numbers.
        "1.2.3 (2024-01-10)", "1.2.3 -- 2024-12-01", "insiders-1.86.0-1706698139 (2024-01-10)"})
    void keepsAVersionWithItsReleaseDate(String value) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {"89FF+2X|LOCATION", "22CF+2C|LOCATION"})
    void refusesPlusCodesWhoseLettersAllFollowDigits(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "8.8.8.8|IP_ADDRESS", "host_192.168.1.255|IP_ADDRESS",
        // Inside an IPv6 address an IPv4 tail may pad its octets; seven groups and "::" are an address too.
        "::ffff:192.168.001.010|IP_ADDRESS", "2001:db8:1:2:3:4::5|IP_ADDRESS"})
    void refusesAddressesInEveryFormTheRfcsAllow(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // An octet above 255.
        "v2.1.0.300",
        // Two "::", a group of five digits, a dotted group before the last, an IPv4 tail of three octets, a time.
        "2001:db8::1::1", "::1::2", "12345::1", "1.2::3", "::ffff:1.2.3", "10:30:00"})
    void keepsWhatNoRfcReadsAsAnAddress(String value) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // Encoded punctuation at the very start, and variable names made of hexadecimal letters ("%CD%" is not a
        // percent-encoded character, since only punctuation is decoded).
        "%2Fetc%2Fpasswd|PATH", "&sol;etc&sol;shadow|PATH", "%CD%|PATH", "%DATE%|PATH", "john%20smith|FREE_TEXT",
        "bob&#x40;example.com|EMAIL", "bob&commat;example.com|EMAIL", "john\u0085smith|FREE_TEXT"})
    void refusesWhatEncodingHides(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // Ubuntu's installer names a machine after its owner and model; the model's first letter can be either
        // end of the alphabet.
        "alice-Aspire-5|HOST_NAME", "bob-ZenBook-UX425|HOST_NAME", "carol-zenbook|HOST_NAME"})
    void refusesAnOwnersDeviceWhateverLetterItsModelStartsWith(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // NetBIOS-style names whose prefix has two letters, with nothing but digits after it, as with more.
        "PC-42|HOST_NAME", "WS-01|HOST_NAME", "NB-1234|HOST_NAME", "PC-42 x|HOST_NAME", "WORKSTATION-042|HOST_NAME"})
    void refusesAMachineNameWhateverTheNumberOfLettersInIt(String value, PiiCategory category) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEqualTo(Optional.of(category));
    }

    @ParameterizedTest
    @ValueSource(strings = {"theme.dark", "editor.fontSize", "telemetry.enabled", "chat.max_tokens",
        "servers[0].port", "ui/sidebar", "network.timeout_ms", "keybindings.vim", "voice.wake_word",
        "connectors.gmail.enabled", "experimental.features.agents", "experimentalFeatureFlagsEnabled",
        "privacy.screen", "auth.method", "proxy.password", "auth:method", "ui:theme", "sidebar-desktop", "port",
        "1.0.0", "2.0.0-rc.1", "1.2.3-beta.4+build.567", "0.9.0-alpha", "3.1.0+20241201", "1.0.0-SNAPSHOT",
        "v2.3.1", "2024.12.1", "24.04", "1.2.3+sha.5114f85", "1.2.3-4-g1a2b3c4", "0.0.1-dev.20241201.3",
        "1.80.0-nightly", "5.15.0-91-generic", "10.0.22631.4460", "17.0.9+9", "4.0.0.Final", "3.2.1.RELEASE",
        "1.0.0-20241201", "1.2.3+build.20241201123456", "nightly-20241201", "deb-1:1.2.3-1ubuntu1",
        "1.2.3-1.el9", "snap-r45", "openjarvis@1.4.2", "@scope/pkg@2.0.0", "~1.2.3", "1.2.3 (build 4567)",
        "build 4567", "qwen3.5:2b", "en-US", "zh-Hans-CN", "de-CH-1996", "es-419", "linux-x86_64",
        "darwin-arm64", "windows-amd64", "win-arm64", "macos-14.2", "ubuntu-22.04", "android-14", "ios-17.2",
        "electron-28.1.0", "jdk-17.0.9", "karaf-4.4.6", "2024-12-01", "r1234", "caf\u00e9.th\u00e8me",
        "export.pdf", "serial.port.baud", "de_DE@euro", "sr_RS.UTF-8@latin", "1.0-20241201.123456-3",
        "4.15.0-0.nightly-2024-01-10-071442", "insiders-1.86.0-1706698139", "2.0.1-0ubuntu0.22.04.1",
        "1.0.0+21AF26D3----117B344092BD", "\u8a2d\u5b9a.\u30c6\u30fc\u30de", "app::theme",
        "npm_registry_mirror_url", "desktop-notifications"})
    void keeps(String value) {
        assertThat(StrictTextScreen.refusal(value)).as(value).isEmpty();
    }
}
