package org.openjarvis.analytics.impl.privacy;

/** The check digits that tell a real card number, IBAN or Spanish id from digits that merely look like one. */
final class Checksums {

    private static final String DNI_LETTERS = "trwagmyfpdxbnjzsqvhlcke";

    private Checksums() {
    }

    /** The Luhn check of card numbers and IMEIs, over the ASCII digits of {@code digits}. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616's mod-97 check of a lower-case IBAN without separators. */
    static boolean iban(CharSequence iban) {
        int remainder = 0;
        int n = iban.length();
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n); // the country and check digits move to the end
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'a' && c <= 'z') {
                remainder = (remainder * 100 + (c - 'a' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** Whether {@code letter} is the check letter of a Spanish DNI or NIE number (its digits, X/Y/Z as 0/1/2). */
    static boolean dniLetter(long number, char letter) {
        return DNI_LETTERS.charAt((int) (number % 23)) == letter;
    }
}
