/**
 * What the privacy filter lets through. The reference's {@code openjarvis.analytics.redaction}: the 20 PII
 * patterns with Python's regex semantics, {@code redact} and {@code hash_id}; and, beyond it, the strict screen
 * ({@link org.openjarvis.analytics.impl.privacy.PrivacyScreen}) run on what validation accepts. Private to the
 * implementation bundle.
 */
package org.openjarvis.analytics.impl.privacy;
