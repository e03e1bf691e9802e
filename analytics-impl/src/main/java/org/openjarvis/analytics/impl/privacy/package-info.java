/**
 * The value-level privacy filter of the reference's {@code openjarvis.analytics.redaction}: the 20 PII patterns
 * with Python's regex semantics, {@code redact} and {@code hash_id}. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.privacy;
