package org.openjarvis.analytics.impl.bridge;

/**
 * Stands in for an event value that is none of the types the bridge reads by type (a UUID, an exception, an enum
 * constant...), captured when the event is copied so the publisher's object is never touched later. Python applies
 * {@code str()} and truthiness to any object, so this keeps exactly that: it is truthy, its {@code str()} is the
 * object's {@code toString()} computed at copy time, and {@code int()}, {@code float()} and multiplication raise, as
 * they do for an arbitrary Python object (TypeError). If {@code toString()} threw, {@code str()} of the stand-in
 * raises, so the handler aborts where Python's {@code str()} would have.
 */
public final class OpaqueValue {

    private final String typeName;
    private final String text; // null if toString() failed

    private OpaqueValue(String typeName, String text) {
        this.typeName = typeName;
        this.text = text;
    }

    /** Captures {@code value}'s {@code toString()} now, on the calling thread. */
    public static OpaqueValue of(Object value) {
        String typeName = value.getClass().getName();
        try {
            return new OpaqueValue(typeName, value.toString()); // a null result is a failure too
        } catch (RuntimeException | StackOverflowError e) {
            return new OpaqueValue(typeName, null);
        }
    }

    /** Python's {@code str()} of the object. */
    String str() {
        if (text == null) {
            throw new IllegalArgumentException("str() of a " + typeName + " failed");
        }
        return text;
    }

    /** Whether {@code toString()} succeeded. */
    public boolean hasText() {
        return text != null;
    }

    /** The captured text's length in UTF-16 units; 0 if there is none. */
    public int length() {
        return text == null ? 0 : text.length();
    }

    String typeName() {
        return typeName;
    }

    @Override
    public String toString() {
        return text != null ? text : "<" + typeName + " without a string form>";
    }
}
