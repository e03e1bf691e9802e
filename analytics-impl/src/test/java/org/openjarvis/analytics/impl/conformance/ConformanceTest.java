package org.openjarvis.analytics.impl.conformance;

import java.util.List;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of every conformance vector file against the real implementation classes. */
class ConformanceTest {

    @TestFactory
    List<DynamicNode> conformanceVectors() {
        return ConformanceSuite.configured().tests();
    }
}
