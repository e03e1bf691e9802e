package org.openjarvis.analytics.impl.catalogue;

/** What sort of value a property holds, as far as privacy is concerned. */
public enum ValueKind {
    /** A boolean or a member of a fixed list: it cannot carry anything the catalogue did not list. */
    CHOICE,
    /** An integral or floating-point number. */
    NUMBER,
    /** A short string the application chooses: a version or a setting key. */
    FREE_TEXT,
    /** A 16-digit hexadecimal hash prefix. */
    HASH
}
