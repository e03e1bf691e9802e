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
 * The anonymous installation id, kept in a small file ({@code <home>/anon_id}) exactly as the reference keeps it:
 * an existing non-empty file is used as is; otherwise a random UUID is written atomically through
 * {@code anon_id.tmp} and a rename, followed by a newline.
 *
 * <p>Hardening over the reference: the home is created owner-only and refused if another user may write to it
 * ({@link PrivateFiles}), the file is readable by its owner only, a link in its place is never read or written
 * through, and a file larger than {@value #MAX_FILE_BYTES} bytes or not valid UTF-8 is refused instead of being read
 * whole.
 */
public final class AnonymousIdStore {

    static final int MAX_FILE_BYTES = 4096;

    private final Path file;

    public AnonymousIdStore(Path file) {
        this.file = file;
    }

    /** The id file's path. */
    public Path file() {
        return file;
    }

    /** The reference's {@code get_or_create_anon_id}. */
    public String getOrCreate() throws IOException {
        // The home is created owner-only, and refused if another user could plant or replace the id in it.
        PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
        Optional<String> existing = read();
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        write(id);
        return id;
    }

    /** The reference's {@code reset_anon_id}: deletes the file, then creates a new id. */
    public String reset() throws IOException {
        Files.deleteIfExists(file);
        return getOrCreate();
    }

    /**
     * The stored id, if the file exists and holds something other than white space. A symbolic link in the file's
     * place counts as no id: whatever it points to would otherwise be sent as the id (and then replaced by it).
     */
    public Optional<String> read() throws IOException {
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
            throw new IOException("anonymous id file " + file + " is larger than " + MAX_FILE_BYTES
                    + " bytes; delete it or run analytics:resetid");
        }
        String id;
        try {
            // Python's strip(), as the reference reads the file; Java's would keep a no-break space, for one.
            id = PythonWhitespace.strip(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException e) {
            throw new IOException("anonymous id file " + file + " is not valid UTF-8; delete it or run "
                    + "analytics:resetid", e);
        }
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    private void write(String id) throws IOException {
        PrivateFiles.writeAtomically(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
