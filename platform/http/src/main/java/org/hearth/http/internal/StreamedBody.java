package org.hearth.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.hearth.api.http.BodyTooLargeException;

/**
 * The request body of a streaming route, read straight from the connection: at most
 * {@code limit} bytes; one byte more fails the read with {@link BodyTooLargeException}.
 */
final class StreamedBody extends FilterInputStream {
    private final long limit;
    private long read;

    StreamedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Ask for at most one byte past the limit: enough to know the body is too large.
        long room = limit - read + 1;
        int n = super.read(buffer, offset, (int) Math.min(length, room));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - read + 1));
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws BodyTooLargeException {
        read += n;
        if (read > limit) {
            throw new BodyTooLargeException(limit);
        }
    }
}
