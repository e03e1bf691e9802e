package org.openjarvis.analytics.common.files;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process runs as, as the file system names owners. Found as the owner of a file the process creates,
 * which is exact even where {@code user.name} has no passwd entry (a container's random uid); only if no temporary
 * file can be created is {@code user.name} looked up instead.
 */
final class ProcessUser {

    private static volatile UserPrincipal principal;

    private ProcessUser() {
    }

    static UserPrincipal principal(FileSystem fileSystem) throws IOException {
        UserPrincipal known = principal;
        if (known != null) {
            return known;
        }
        UserPrincipal found;
        try {
            Path probe = Files.createTempFile("openjarvis-analytics-owner", ".probe");
            try {
                found = Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            found = fileSystem.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        }
        principal = found;
        return found;
    }
}
