package org.openjarvis.analytics.common.files;

import java.io.IOException;
import java.nio.file.Path;

/** A file or directory that someone other than the process user could read, plant or change. */
public final class UnsafeFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    UnsafeFileException(Path path, String reason) {
        super(path + " " + reason);
        this.path = path;
    }

    /** The file or directory refused. */
    public Path path() {
        return path;
    }
}
