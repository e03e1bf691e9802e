package org.openjarvis.analytics.impl.inventory;

import java.io.PrintWriter;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.StatusReport;
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

    private final AnalyticsCommands commands;

    @Activate
    public StatusPrinter(@Reference AnalyticsCommands commands) {
        this.commands = commands;
    }

    @Override
    public void print(PrintWriter printWriter, Format format, boolean isZip) {
        StatusReport report = commands.report();
        printWriter.println(Format.JSON.equals(format) ? report.json() : report.text());
    }
}
