package org.openjarvis.analytics.impl.testing;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** An OSGi {@link Logger} for unit tests that records each message as "LEVEL formatted text". */
public final class RecordingLogger {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;

    public RecordingLogger() {
        logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "getName":
                            return "test";
                        case "isTraceEnabled":
                        case "isDebugEnabled":
                        case "isInfoEnabled":
                        case "isWarnEnabled":
                        case "isErrorEnabled":
                            return true;
                        case "toString":
                            return "RecordingLogger";
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            if (args != null && args.length > 0 && args[0] instanceof String) {
                                lines.add(method.getName().toUpperCase() + " " + format(args));
                            }
                            return null;
                    }
                });
    }

    public Logger logger() {
        return logger;
    }

    /** Every message logged so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    // OSGi Logger formats "{}" placeholders in order; the varargs overload passes its arguments as one array.
    private static String format(Object[] args) {
        String text = (String) args[0];
        Object[] parameters = args.length == 2 && args[1] instanceof Object[] ? (Object[]) args[1]
                : java.util.Arrays.copyOfRange(args, 1, args.length);
        StringBuilder out = new StringBuilder();
        int next = 0;
        int from = 0;
        for (int at; (at = text.indexOf("{}", from)) >= 0;) {
            out.append(text, from, at).append(next < parameters.length ? parameters[next++] : "{}");
            from = at + 2;
        }
        out.append(text.substring(from));
        for (; next < parameters.length; next++) {
            out.append(' ').append(parameters[next]);
        }
        return out.toString();
    }
}
