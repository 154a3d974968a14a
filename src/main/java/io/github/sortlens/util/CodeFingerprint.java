package io.github.sortlens.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A SHA-256 over the compiled classes of one package tree (names and bytes, in name order), read from the class
 * folder or the jar they were loaded from: the same source compiles to the same bytes, so the fingerprint changes
 * exactly when the code does. Null when the classes' location cannot be read (then nothing is reused).
 */
public final class CodeFingerprint {

    private CodeFingerprint() {
    }

    /**
     * The fingerprint of the classes under {@code packagePath} (say {@code io/github/sortlens/}) in the class folder or
     * jar {@code anchor} was loaded from.
     */
    public static String of(Class<?> anchor, String packagePath) {
        java.security.CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                Path root = location.resolve(packagePath);
                List<Path> classes;
                try (Stream<Path> files = Files.walk(root)) {
                    classes = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
                }
                for (Path p : classes) {
                    digest.update(location.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(p));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> classes = new ArrayList<>();
                    Collections.list(jar.entries()).stream()
                            .filter(e -> e.getName().startsWith(packagePath) && e.getName().endsWith(".class"))
                            .sorted(java.util.Comparator.comparing(JarEntry::getName)).forEach(classes::add);
                    for (JarEntry e : classes) {
                        digest.update(e.getName().getBytes(StandardCharsets.UTF_8));
                        try (InputStream in = jar.getInputStream(e)) {
                            digest.update(in.readAllBytes());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | UncheckedIOException | URISyntaxException | NoSuchAlgorithmException
                 | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
