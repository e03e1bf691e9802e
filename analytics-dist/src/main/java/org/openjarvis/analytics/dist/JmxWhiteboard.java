package org.openjarvis.analytics.dist;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Registers each {@code DynamicMBean} service that has a {@value #OBJECT_NAME} property on the platform MBean server
 * for as long as it is registered, as Karaf's Aries JMX whiteboard does: the analytics MXBean
 * ({@code org.openjarvis.analytics:type=Analytics}) is then seen by {@code jconsole}, {@code jcmd} and any JMX agent
 * of this JVM. Only dynamic MBeans: the MBean server cannot take a standard MBean whose interface lives inside the
 * framework, and Felix EventAdmin's handler-info service is one, which would print a failure at every start.
 * Tracking all services skips the framework's class-space check, which the launcher's class loader would fail.
 */
final class JmxWhiteboard implements ServiceTrackerCustomizer<Object, ObjectName> {

    static final String OBJECT_NAME = "jmx.objectname";

    private final BundleContext context;
    private final MBeanServer server;
    private final PrintStream err;

    private JmxWhiteboard(BundleContext context, MBeanServer server, PrintStream err) {
        this.context = context;
        this.server = server;
        this.err = err;
    }

    /**
     * Starts registering on the platform MBean server from a thread of its own, and returns that thread: creating
     * the server loads about 400 classes, which need not hold up the bundles' start. The tracker stops with the
     * framework. A server that cannot be created is reported in one line, and the launch goes on without MBeans.
     */
    static Thread open(BundleContext context, PrintStream err) throws InvalidSyntaxException {
        Filter mbeans = context.createFilter("(&(objectClass=javax.management.DynamicMBean)(" + OBJECT_NAME + "=*))");
        Thread opening = DaemonThreads.named("openjarvis-analytics-jmx").newThread(() -> {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                new ServiceTracker<>(context, mbeans, new JmxWhiteboard(context, server, err)).open(true);
            } catch (IllegalStateException e) {
                // The framework stopped first: it has no services left to register.
            } catch (RuntimeException e) { // such as a -Djavax.management.builder.initial that does not load
                err.println(ConsoleLog.escape("openjarvis-analytics: nothing is on the platform MBean server: " + e));
            }
        });
        opening.start();
        return opening;
    }

    @Override
    public ObjectName addingService(ServiceReference<Object> reference) {
        Object name = reference.getProperty(OBJECT_NAME);
        Object service = context.getService(reference);
        try {
            return server.registerMBean(service, new ObjectName(String.valueOf(name))).getObjectName();
        } catch (JMException | RuntimeException e) {
            err.println(ConsoleLog.escape("openjarvis-analytics: " + name
                    + " is not on the platform MBean server: " + e));
            context.ungetService(reference);
            return null;
        }
    }

    @Override
    public void modifiedService(ServiceReference<Object> reference, ObjectName name) {
        // Registered under the name it had when it came; a renamed MBean is not worth a re-registration here.
    }

    @Override
    public void removedService(ServiceReference<Object> reference, ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            // Already gone: someone else unregistered it from the server.
        }
        context.ungetService(reference);
    }
}
