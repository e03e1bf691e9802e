package org.openjarvis.analytics.impl.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The reference's {@code hash_id}: the first 16 lowercase hex digits of SHA-256 over UTF-8; "" for "". */
public final class HashId {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HashId() {
    }

    /**
     * Hashes {@code s}; null and "" give "".
     *
     * @throws IllegalArgumentException if {@code s} holds a lone surrogate: it has no UTF-8 encoding, and the
     *         reference's {@code hash_id} raises {@code UnicodeEncodeError} (Java would silently hash a '?')
     */
    public static String hashId(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        requireWellFormed(s);
        byte[] digest = sha256().digest(s.getBytes(StandardCharsets.UTF_8));
        char[] hex = new char[16];
        for (int i = 0; i < 8; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    /** Whether {@code s} can be hashed: it holds no lone surrogate, which has no UTF-8 encoding. */
    public static boolean isWellFormed(String s) {
        return loneSurrogate(s) < 0;
    }

    private static void requireWellFormed(String s) {
        int at = loneSurrogate(s);
        if (at >= 0) {
            throw new IllegalArgumentException("lone surrogate U+" + Integer.toHexString(s.charAt(at))
                    .toUpperCase(java.util.Locale.ROOT) + " at index " + at + " cannot be encoded in UTF-8");
        }
    }

    // The index of the first lone surrogate, or -1.
    private static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
