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

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the run directory (creating the directory if needed) or throws {@link HeldException}. */
    public static RunLock acquire(RunDirectory dir) {
        Path file = dir.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir.root());
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
                throw new HeldException("run directory " + dir.root() + " is in use by another sortlens process"
                        + (holder.matches("\\d+") ? " (pid " + holder + ")" : "") + ": wait for it to finish");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
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
