package org.openjarvis.analytics.impl.privacy;

/** Why the strict screen refused a value; tests and diagnostics name the rule that fired. */
public enum PiiCategory {
    EMAIL, PHONE, PAYMENT_CARD, NATIONAL_ID, LONG_NUMBER, IP_ADDRESS, PATH, CREDENTIAL, HOST_NAME, HARDWARE_ID,
    LOCATION, FREE_TEXT, ENCODED_BLOB
}
