package org.openjarvis.analytics.impl.inventory;

import java.io.PrintWriter;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.command.StatusReport;
import org.openjarvis.analytics.impl.eventadmin.BridgeControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Prints what {@code analytics:status} prints, as text or JSON, under the name {@value #NAME}: the web console shows
 * it at {@code /system/console/status-openjarvis-analytics}. Disabled until {@code OptionalIntegrations} finds
 * Felix Inventory wired.
 */
@Component(enabled = false, property = {
    InventoryPrinter.NAME + "=" + StatusPrinter.NAME,
    InventoryPrinter.TITLE + "=OpenJarvis Analytics",
    InventoryPrinter.FORMAT + "=TEXT",
    InventoryPrinter.FORMAT + "=JSON"})
public final class StatusPrinter implements InventoryPrinter {

    static final String NAME = "openjarvis-analytics";

    private final AnalyticsService analytics;
    private final Catalogues catalogues;
    private final BridgeControl bridge;

    @Activate
    public StatusPrinter(@Reference AnalyticsService analytics, @Reference Catalogues catalogues,
            @Reference BridgeControl bridge) {
        this.analytics = analytics;
        this.catalogues = catalogues;
        this.bridge = bridge;
    }

    @Override
    public void print(PrintWriter printWriter, Format format, boolean isZip) {
        StatusReport report = StatusReport.of(analytics.status(), catalogues.catalogues(), bridge.counters());
        printWriter.println(Format.JSON.equals(format) ? report.json() : report.text());
    }
}
