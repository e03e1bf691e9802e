package org.openjarvis.analytics.dist;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.openjarvis.analytics.impl.command.GogoCommands;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs a Gogo script one line at a time through the {@code CommandProcessor} service, once every bundle is
 * active. Blank lines and lines starting with {@code #} are skipped. A line that throws is reported with its
 * message, and a line where an {@code analytics:*} command failed (it printed why and set
 * {@link GogoCommands#FAILED}, a constant that javac copies here: the launcher never loads that class) makes the
 * run fail too; the remaining lines still run. Gogo's types are used reflectively for the same reason as in
 * {@link ConsoleLog}.
 */
final class ScriptRunner {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";

    private ScriptRunner() {
    }

    /** @return true if every line succeeded */
    static boolean run(BundleContext context, Path script, PrintStream out, PrintStream err) throws Exception {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        ServiceReference<?> reference = context.getServiceReference(PROCESSOR);
        if (reference == null) {
            throw new IllegalStateException("no Gogo CommandProcessor service is registered");
        }
        Object processor = context.getService(reference);
        Class<?> processorType = reference.getBundle().loadClass(PROCESSOR);
        Object session = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                OutputStream.class).invoke(processor, InputStream.nullInputStream(), out, err);
        Class<?> sessionType = reference.getBundle().loadClass(SESSION);
        Method execute = sessionType.getMethod("execute", CharSequence.class);
        Method get = sessionType.getMethod("get", String.class);
        Method put = sessionType.getMethod("put", String.class, Object.class);
        boolean succeeded = true;
        try {
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                out.println("> " + line);
                put.invoke(session, GogoCommands.FAILED, null);
                try {
                    Object result = execute.invoke(session, line);
                    if (result != null) {
                        out.println(result);
                    }
                } catch (InvocationTargetException e) {
                    succeeded = false;
                    err.println(script.getFileName() + ":" + number + ": " + line + "\n  failed: "
                            + Objects.requireNonNullElse(e.getCause().getMessage(), e.getCause().toString()));
                    continue;
                }
                if (Boolean.TRUE.equals(get.invoke(session, GogoCommands.FAILED))) {
                    succeeded = false;
                    err.println(script.getFileName() + ":" + number + ": " + line + "\n  failed");
                }
            }
        } finally {
            close(sessionType, session);
            context.ungetService(reference);
        }
        return succeeded;
    }

    private static void close(Class<?> sessionType, Object session) {
        try {
            sessionType.getMethod("close").invoke(session);
        } catch (ReflectiveOperationException e) {
            // Closing only releases the session's resources; the framework stops next anyway.
        }
    }
}
