package org.hearth.itest.echo.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;

/**
 * One durable consumer that appends {@code <position> <event ID>} per event to
 * {@code <dir>/<name>.log} and forces it to disk before acknowledging the batch. It keeps what it
 * saw across a redeploy or a crash of the server: at start it reads its file back, drops a line
 * cut short by a crash, and skips positions not beyond the last one recorded — the redelivery of
 * the last unacknowledged batch that {@link EventStreamConsumer} allows. A line
 * {@code # start <bundle version>} marks each start, {@code # batch <size>} each batch handed to it.
 */
final class StreamLog implements EventStreamConsumer {
    private final String name;
    private final FileChannel file;
    private final boolean fsync;
    /** While this file exists, each batch waits (a consumer as slow as a test wants); null: never. */
    private final Path hold;
    /** How long each batch takes at least: a consumer with work to do per batch. */
    private final long batchMs;
    private long last;

    StreamLog(String name, Path dir, boolean fsync, Path hold, long batchMs, String bundleVersion) throws IOException {
        this.name = name;
        this.fsync = fsync;
        this.hold = hold;
        this.batchMs = batchMs;
        Files.createDirectories(dir);
        Path path = dir.resolve(name + ".log");
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1; // a crash may have cut the last line short
        file.truncate(end);
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                last = Math.max(last, Long.parseLong(line.substring(0, line.indexOf(' '))));
            }
        }
        file.position(end);
        append("# start " + bundleVersion + " after " + last + "\n");
    }

    String name() {
        return name;
    }

    @Override
    public void accept(List<RoomEvent> batch) throws IOException, InterruptedException {
        while (hold != null && Files.exists(hold)) {
            Thread.sleep(50);
        }
        if (batchMs > 0) {
            Thread.sleep(batchMs);
        }
        StringBuilder lines = new StringBuilder("# batch ").append(batch.size()).append('\n');
        for (RoomEvent event : batch) {
            if (event.streamPosition() > last) {
                lines.append(event.streamPosition()).append(' ').append(event.eventId()).append('\n');
                last = event.streamPosition();
            }
        }
        append(lines.toString());
    }

    private void append(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
        if (fsync) {
            file.force(false);
        }
    }

    void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing was pending: every batch was forced before it was acknowledged
        }
    }
}
