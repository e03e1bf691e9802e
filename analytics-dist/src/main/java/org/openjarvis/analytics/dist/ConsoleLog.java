package org.openjarvis.analytics.dist;

import java.io.PrintStream;
import java.lang.reflect.Proxy;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Prints OSGi log entries on the console: errors and warnings from every bundle, information from the analytics
 * bundles. The log service's types live inside the framework, not on the launcher's class path, so they are used
 * reflectively.
 */
final class ConsoleLog {

    private static final String READER = "org.osgi.service.log.LogReaderService";
    private static final String LISTENER = "org.osgi.service.log.LogListener";
    private static final String ENTRY = "org.osgi.service.log.LogEntry";
    private static final int WARNING = 2;
    private static final int INFO = 3;

    private ConsoleLog() {
    }

    /** Starts printing; returns false if no log reader service is registered. */
    static boolean attach(BundleContext context, PrintStream out) throws ReflectiveOperationException {
        ServiceReference<?> reference = context.getServiceReference(READER);
        if (reference == null) {
            return false;
        }
        Object reader = context.getService(reference);
        Class<?> listenerType = reference.getBundle().loadClass(LISTENER);
        Class<?> entryType = reference.getBundle().loadClass(ENTRY);
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                (proxy, method, args) -> {
                    if (method.getName().equals("logged")) {
                        print(entryType, args[0], out);
                        return null;
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "ConsoleLog";
                });
        reference.getBundle().loadClass(READER).getMethod("addLogListener", listenerType).invoke(reader, listener);
        return true;
    }

    private static void print(Class<?> entryType, Object entry, PrintStream out)
            throws ReflectiveOperationException {
        int level = (Integer) entryType.getMethod("getLevel").invoke(entry);
        Bundle bundle = (Bundle) entryType.getMethod("getBundle").invoke(entry);
        String source = bundle == null ? "?" : bundle.getSymbolicName();
        boolean ours = source != null && source.startsWith("org.openjarvis.analytics");
        // The framework's own bundle and service events are logged under "Events.*": noise on a console.
        String logger = String.valueOf(entryType.getMethod("getLoggerName").invoke(entry));
        if (level > WARNING && !(ours && level <= INFO && !logger.startsWith("Events."))) {
            return;
        }
        String label = level == 1 ? "ERROR" : level == WARNING ? "WARN" : "INFO";
        out.println("[" + label + "] " + source + ": " + entryType.getMethod("getMessage").invoke(entry));
        Throwable exception = (Throwable) entryType.getMethod("getException").invoke(entry);
        if (exception != null && !ours) {
            out.println("        " + exception);
        }
    }
}
