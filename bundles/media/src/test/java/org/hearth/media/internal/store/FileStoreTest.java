package org.hearth.media.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
    @TempDir
    Path dir;

    @Test
    void bytesAreNamedByTheirHashAndStoredOnce() throws IOException {
        FileStore store = new FileStore(dir.resolve("media"));
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

        Blob first = store.write(bytes);
        Blob second = store.write(new ByteArrayInputStream(bytes));
        assertEquals(new Blob("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", 5), first);
        assertEquals(first, second);
        assertEquals(dir.resolve("media/files/2c/f2/" + first.hash()), store.path(first.hash()));
        try (InputStream in = store.open(first.hash())) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertEquals(1, files(dir.resolve("media/files")).size());
    }

    @Test
    void directoriesAndFilesAreTheServersAlone() throws IOException {
        FileStore store = new FileStore(dir.resolve("media"));
        Blob blob = store.write("private".getBytes(StandardCharsets.UTF_8));

        for (Path d : List.of(dir.resolve("media"), dir.resolve("media/files"), dir.resolve("media/tmp"),
                store.path(blob.hash()).getParent(), store.path(blob.hash()).getParent().getParent())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(blob.hash()))));
    }

    @Test
    void aFailedWriteLeavesNothingAndLeftoversGoAtStart() throws IOException {
        FileStore store = new FileStore(dir.resolve("media"));
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.write(failing));
        assertEquals(List.of(), files(dir.resolve("media")));

        Files.writeString(dir.resolve("media/tmp/upload-123.tmp"), "half an upload");
        new FileStore(dir.resolve("media"));
        assertEquals(List.of(), files(dir.resolve("media/tmp")));
    }

    @Test
    void onlyHashesBecomePaths() throws IOException {
        FileStore store = new FileStore(dir.resolve("media"));
        for (String bad : new String[] {"../../etc/passwd", "abc", "A".repeat(64), null}) {
            assertThrows(IllegalArgumentException.class, () -> store.path(bad));
        }
        assertTrue(Files.isDirectory(dir.resolve("media/files")));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
