/**
 * Event catalogues: the subset of JSON Schema a bundle describes its events in, its compiler into the validators
 * that capture runs (with the exact type rules of the reference's {@code openjarvis.analytics.events}), and the
 * registry of the catalogues in use. Pure logic, without a framework; the extender that feeds the registry lives
 * in {@code extender}. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.catalogue;
