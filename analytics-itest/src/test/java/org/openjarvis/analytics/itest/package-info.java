/**
 * Integration tests that run inside a real Felix framework, resolved by bnd from {@code itest.bndrun}.
 */
package org.openjarvis.analytics.itest;
