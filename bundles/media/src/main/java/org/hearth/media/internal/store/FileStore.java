package org.hearth.media.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media files, content-addressed: the SHA-256 of the bytes names the file
 * ({@code files/ab/cd/abcd…}), so the same bytes uploaded twice are stored once. Uploads are
 * written under {@code tmp/}, synced, then renamed into place. Only hashes this store computed
 * (checked to be 64 hex digits) ever become paths; media IDs never do.
 */
public final class FileStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path files;
    private final Path tmp;

    /** Opens the store at {@code root}, creating its private directories; leftovers of interrupted uploads are removed. */
    public FileStore(Path root) throws IOException {
        Files.createDirectories(root.getParent());
        PrivatePaths.directory(root);
        files = PrivatePaths.directory(root.resolve("files"));
        tmp = PrivatePaths.directory(root.resolve("tmp"));
        try (Stream<Path> left = Files.list(tmp)) {
            for (Path file : left.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Copies the stream into the store. A failure of the stream (such as a body past its limit)
     * propagates and leaves nothing behind.
     */
    public Blob write(InputStream in) throws IOException {
        Path file = PrivatePaths.newFile(tmp, "upload-");
        try {
            MessageDigest sha256 = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
                channel.force(true); // an acknowledged upload survives a crash
            }
            Blob blob = new Blob(HexFormat.of().formatHex(sha256.digest()), size);
            place(file, blob.hash());
            return blob;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {@link #write(InputStream)} for bytes made here (thumbnails, preview images). */
    public Blob write(byte[] bytes) throws IOException {
        return write(new java.io.ByteArrayInputStream(bytes));
    }

    /** The file of a hash this store wrote. */
    public Path path(String hash) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return files.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    /** Opens a stored file; NoSuchFileException when the store lost it. */
    public InputStream open(String hash) throws IOException {
        return Files.newInputStream(path(hash));
    }

    private void place(Path file, String hash) throws IOException {
        Path target = path(hash);
        if (Files.exists(target)) {
            return; // the same bytes are there already
        }
        PrivatePaths.directory(target.getParent().getParent());
        PrivatePaths.directory(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            LOG.warn("Media file {} vanished before it was moved into place", file);
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
