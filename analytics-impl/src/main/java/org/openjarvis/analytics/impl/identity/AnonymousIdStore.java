package org.openjarvis.analytics.impl.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import org.openjarvis.analytics.common.files.PrivateFiles;
import org.openjarvis.analytics.impl.privacy.PythonWhitespace;

/**
 * The anonymous installation id, kept in a small file ({@code <home>/anon_id}) as the reference keeps it: an
 * existing id is used as is; otherwise a random UUID is written atomically through {@code anon_id.tmp} and a
 * rename, followed by a newline.
 *
 * <p>Unlike the reference, only a UUID counts as an id: the file is sent as {@code distinct_id} with every event,
 * so anything else in it (an e-mail address someone typed, a path) is replaced by a new UUID, never sent.
 *
 * <p>Hardening over the reference: the home is created owner-only and refused if another user may write to it
 * ({@link PrivateFiles}), the file is readable by its owner only, and a link in its place is never read or written
 * through.
 */
public final class AnonymousIdStore {

    static final int MAX_FILE_BYTES = 4096;
    private static final String NOT_AN_ID = "";

    private final Path file;

    public AnonymousIdStore(Path file) {
        this.file = file;
    }

    /** The id file's path. */
    public Path file() {
        return file;
    }

    /**
     * The id in use, and whether the file held something other than a UUID that it replaced.
     *
     * @param value a UUID
     */
    public record AnonymousId(String value, boolean replacedContent) {
    }

    /** The reference's {@code get_or_create_anon_id}, keeping only a UUID. */
    public AnonymousId getOrCreate() throws IOException {
        // The home is created owner-only, and refused if another user could plant or replace the id in it.
        PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
        Optional<String> held = read();
        if (held.isPresent() && isUuid(held.get())) {
            return new AnonymousId(held.get(), false);
        }
        String id = UUID.randomUUID().toString();
        write(id);
        return new AnonymousId(id, held.isPresent());
    }

    /** The reference's {@code reset_anon_id}: deletes the file, then creates a new id. */
    public String reset() throws IOException {
        Files.deleteIfExists(file);
        return getOrCreate().value();
    }

    /** Whether {@code id} is a UUID in its usual text form: 8-4-4-4-12 hexadecimal digits, either case. */
    static boolean isUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the file holds, stripped as Python's {@code strip()} does; empty if there is no file, only white space
     * in it, or a symbolic link in its place (whatever it points to would otherwise be sent as the id). A file
     * larger than {@value #MAX_FILE_BYTES} bytes or not valid UTF-8 holds no id: it is reported as held, and
     * replaced, without being read whole.
     */
    private Optional<String> read() throws IOException {
        if (Files.isSymbolicLink(file)) {
            return Optional.empty();
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (content.length > MAX_FILE_BYTES) {
            return Optional.of(NOT_AN_ID);
        }
        try {
            String id = PythonWhitespace.strip(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString());
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (CharacterCodingException e) {
            return Optional.of(NOT_AN_ID);
        }
    }

    private void write(String id) throws IOException {
        PrivateFiles.writeAtomically(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
