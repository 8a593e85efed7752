package org.hearth.api;

import java.util.Collection;
import java.util.List;

/**
 * Writes of something a reader holds a copy of, counted as they begin and end: a copy read while
 * none was under way ({@link #settled()} not -1) still holds while {@code settled()} returns the
 * same value. A write counts from before it may be seen (its commit) until after its effects are
 * all visible, so a reader between the two never keeps or uses a copy from before it.
 */
public final class WritesUnderWay {
    /** Writes begun on several counts, ended together by {@link #close()}. */
    public interface Begun extends AutoCloseable {
        @Override
        void close();
    }

    private long begun;
    private long ended;

    /** The writes ended so far, or -1 while one is under way. */
    public synchronized long settled() {
        return begun == ended ? ended : -1;
    }

    /** Before a write may be seen. */
    public synchronized void begin() {
        begun++;
    }

    /** After the write begun last is all visible, or failed. */
    public synchronized void end() {
        ended++;
    }

    /** A write seen all at once: it begins and ends. */
    public synchronized void counted() {
        begun++;
        ended++;
    }

    /** Begins a write on each count (each once); closing the answer ends them all. */
    public static Begun begin(Collection<WritesUnderWay> counts) {
        List<WritesUnderWay> begun = counts.stream().distinct().toList();
        begun.forEach(WritesUnderWay::begin);
        return () -> begun.forEach(WritesUnderWay::end);
    }
}
