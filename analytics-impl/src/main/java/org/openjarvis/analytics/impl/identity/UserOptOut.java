package org.openjarvis.analytics.impl.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.openjarvis.analytics.common.files.PrivateFiles;

/**
 * The user's own opt-out ({@code analytics:disable}), kept as a file in the home, next to the anonymous id, so that
 * it lasts across restarts whoever manages the configuration: the distribution starts with fresh framework storage
 * and FileInstall never writes back, and the reference too keeps {@code enabled = false} in the user's own file.
 *
 * <p>Its presence is what counts, whatever it holds; where presence cannot be told (an unreadable home), it counts
 * as present: an opt-out must never be lost to an error.
 */
public final class UserOptOut {

    /** The record's name in the home. */
    public static final String FILE_NAME = "analytics_opt_out";

    private UserOptOut() {
    }

    /** The record's path in {@code home}. */
    public static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    /** Whether the record is there, or cannot be told to be absent. */
    public static boolean isRecorded(Path home) {
        try {
            Files.readAttributes(file(home), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // A home that is a file can hold no record; anything else (no permission to look) cannot be told.
            return !Files.isRegularFile(home);
        }
    }

    /** Writes the record (creating the home owner-only if needed). */
    public static void record(Path home) throws IOException {
        PrivateFiles.createDirectories(home);
        PrivateFiles.writeAtomically(file(home), ("OpenJarvis analytics was turned off here with analytics:disable on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".\nRun analytics:enable, or delete this file, "
                + "to turn it on again.\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the record, if there is one (a home that is a file holds none, as {@link #isRecorded} says). */
    public static void clear(Path home) throws IOException {
        if (isRecorded(home)) {
            Files.deleteIfExists(file(home));
        }
    }
}
