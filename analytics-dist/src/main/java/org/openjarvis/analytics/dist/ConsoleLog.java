package org.openjarvis.analytics.dist;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Prints OSGi log entries on the console: errors and warnings from every bundle, information from the analytics
 * bundles, each entry of ours on one line. Stack traces only with the system property {@value #STACK_TRACES}
 * {@code =true}. The log service's types live inside the framework, not on the launcher's class path, so they are
 * used reflectively.
 */
final class ConsoleLog {

    private static final String READER = "org.osgi.service.log.LogReaderService";
    private static final String LISTENER = "org.osgi.service.log.LogListener";
    private static final String ENTRY = "org.osgi.service.log.LogEntry";
    private static final int WARNING = 2;
    private static final int INFO = 3;
    private static final String OURS = "org.openjarvis.analytics";
    static final String STACK_TRACES = "openjarvis.analytics.console.stacktraces";

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
        boolean stackTraces = Boolean.getBoolean(STACK_TRACES);
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                (proxy, method, args) -> {
                    if (method.getName().equals("logged")) {
                        print(entryType, args[0], out, stackTraces);
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

    private static void print(Class<?> entryType, Object entry, PrintStream out, boolean stackTraces)
            throws ReflectiveOperationException {
        int level = (Integer) entryType.getMethod("getLevel").invoke(entry);
        Bundle bundle = (Bundle) entryType.getMethod("getBundle").invoke(entry);
        String source = bundle == null ? "?" : bundle.getSymbolicName();
        String text = format(level, source, String.valueOf(entryType.getMethod("getLoggerName").invoke(entry)),
                String.valueOf(entryType.getMethod("getMessage").invoke(entry)),
                (Throwable) entryType.getMethod("getException").invoke(entry), stackTraces);
        if (text != null) {
            out.println(text);
        }
    }

    /**
     * The text to print for one entry, or null for none. An entry of our own bundles that carries an exception is
     * one line: SCR's message (such as "Error during instantiation of the implementation object") says only where
     * it failed, our exception, the innermost cause, says why. Other bundles' exceptions follow on a second line.
     * Control characters are escaped: a message may quote a configured value.
     */
    static String format(int level, String source, String logger, String message, Throwable exception,
            boolean stackTraces) {
        boolean ours = source != null && source.startsWith(OURS);
        // The framework's own bundle and service events are logged under "Events.*": noise on a console.
        if (level > WARNING && !(ours && level <= INFO && !logger.startsWith("Events."))) {
            return null;
        }
        String label = level == 1 ? "ERROR" : level == WARNING ? "WARN" : "INFO";
        StringBuilder text = new StringBuilder("[").append(label).append("] ").append(escape(source)).append(": ")
                .append(escape(message));
        if (exception != null) {
            if (ours) {
                Throwable cause = innermost(exception);
                text.append(": ").append(cause.getClass().getName());
                if (cause.getMessage() != null) {
                    text.append(": ").append(escape(cause.getMessage()));
                }
            } else {
                text.append("\n        ").append(escape(exception.toString()));
            }
            if (stackTraces) {
                StringWriter trace = new StringWriter();
                exception.printStackTrace(new PrintWriter(trace));
                trace.toString().lines().forEach(line -> text.append("\n").append(escape(line)));
            }
        }
        return text.toString();
    }

    static Throwable innermost(Throwable exception) {
        Throwable cause = exception;
        for (int depth = 0; cause.getCause() != null && cause.getCause() != cause && depth < 100; depth++) {
            cause = cause.getCause();
        }
        return cause;
    }

    // Control characters, tabs aside, and the bidirectional overrides become backslash-u escapes: one entry stays
    // one line, and a quoted value can neither move the cursor nor change what the terminal shows.
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c != '\t' && (Character.isISOControl(c) || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069))) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
