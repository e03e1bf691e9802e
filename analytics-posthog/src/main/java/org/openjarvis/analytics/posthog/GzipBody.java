package org.openjarvis.analytics.posthog;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips request bodies on a sending thread with one {@link Deflater}, one CRC and one output buffer, reset for each
 * body instead of allocated: a deflater holds a few hundred KiB of native memory, which one made per request would
 * leave to the collector to free. The bytes are exactly those of a {@link java.util.zip.GZIPOutputStream} at
 * {@link #LEVEL}. Not thread-safe; {@link #close} frees the native memory, after which it cannot be used.
 */
final class GzipBody implements WireFormat.Segments, AutoCloseable {

    // What GZIPOutputStream writes: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER = 8;
    /**
     * Chosen by measurement on the sink's own batches (docs/benchmarks.md): level 4 writes within 1% of the bytes of
     * the default level 6 for two thirds of its CPU time; levels 1 to 3 take half that again, but 12% more bytes.
     */
    static final int LEVEL = 4;

    private final Deflater deflater = new Deflater(LEVEL, true);
    private final CRC32 crc = new CRC32();
    private byte[] buffer = new byte[8 * 1024];
    private int length;

    /**
     * Compresses what {@code body} writes. A body that fails half-way leaves nothing behind: the next call starts
     * afresh.
     *
     * @return the length of the compressed body, the start of {@link #buffer()}
     */
    int compress(Consumer<WireFormat.Segments> body) {
        deflater.reset();
        crc.reset();
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        length = HEADER.length;
        body.accept(this);
        deflater.finish();
        while (!deflater.finished()) {
            deflate();
        }
        ensureSpace(TRAILER);
        writeIntLittleEndian((int) crc.getValue());
        writeIntLittleEndian((int) deflater.getBytesRead());
        return length;
    }

    /** The output of the last {@link #compress}; reused by the next one, so valid until then. */
    byte[] buffer() {
        return buffer;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        crc.update(bytes, offset, count);
        deflater.setInput(bytes, offset, count);
        while (!deflater.needsInput()) {
            deflate();
        }
    }

    /** Ends the deflater, freeing its native memory now rather than whenever the collector finds it. */
    @Override
    public void close() {
        deflater.end();
    }

    private void deflate() {
        ensureSpace(1);
        length += deflater.deflate(buffer, length, buffer.length - length, Deflater.NO_FLUSH);
    }

    private void ensureSpace(int bytes) {
        if (buffer.length - length < bytes) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
        }
    }

    private void writeIntLittleEndian(int value) {
        for (int i = 0; i < 4; i++) {
            buffer[length++] = (byte) (value >>> (8 * i));
        }
    }
}
