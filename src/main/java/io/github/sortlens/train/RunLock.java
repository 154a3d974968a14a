package io.github.sortlens.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per run directory: an exclusive lock on {@code run.lock}, held for the life of the process (or until
 * closed), with the holder's pid written inside so that a refused second writer can name it. The operating system
 * releases the lock when the process dies, however it dies, so a lock is never left stale. The file itself stays.
 */
public final class RunLock implements AutoCloseable {

    /** A second process (or a second writer in this one) wants a run directory that is already being written. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Run directories this process holds. POSIX locks belong to the process, and closing any channel on the file
     * drops them, so a second acquire in the same process must be refused before it opens the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;

    private RunLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /** Takes the lock of the run directory (creating the directory if needed) or throws {@link HeldException}. */
    public static RunLock acquire(RunDirectory dir) {
        Path file = dir.lock();
        FileChannel channel = null;
        Path key = null;
        try {
            Files.createDirectories(dir.root());
            key = dir.root().toRealPath();
            if (!HELD.add(key)) {
                key = null;
                throw new HeldException("run directory " + dir.root() + " is in use by another writer in this"
                        + " sortlens process (pid " + ProcessHandle.current().pid() + "): wait for it to finish");
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                HELD.remove(key);
                key = null;
                throw new HeldException("run directory " + dir.root() + " is in use by another sortlens process"
                        + (holder.matches("\\d+") ? " (pid " + holder + ")" : "") + ": wait for it to finish");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock, key);
        } catch (IOException e) {
            closeQuietly(channel);
            if (key != null) {
                HELD.remove(key);
            }
            throw new UncheckedIOException("cannot lock run directory " + dir.root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the run directory lock: " + e.getMessage(), e);
        } finally {
            HELD.remove(key);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure is the one reported
            }
        }
    }
}
