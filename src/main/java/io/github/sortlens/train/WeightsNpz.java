package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.util.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Weights as a NumPy {@code .npz}: one little-endian float32 {@code .npy} (format 1.0) per parameter, named by its
 * TransformerLens state-dict key ({@code embed.W_E.npy} ...), so {@code numpy.load} and
 * {@code HookedTransformer.load_state_dict} read it. Entries carry a fixed timestamp: same weights, same bytes.
 */
public final class WeightsNpz {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the earliest ZIP date
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private WeightsNpz() {
    }

    public static void write(Weights weights, Path file) {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<Param, Tensor> e : weights.all().entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey().tlName() + ".npy");
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    public static Weights read(Path file, ModelConfig config) {
        Map<Param, Tensor> tensors = new EnumMap<>(Param.class);
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                Param p;
                try {
                    p = Param.byName(name.substring(0, name.length() - 4));
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException(file + ": unknown array '" + name + "'; expected "
                            + "TransformerLens names such as embed.W_E.npy");
                }
                Tensor t = parseNpy(zip.readAllBytes(), file + ":" + name);
                if (!Arrays.equals(t.shape(), p.shape(config))) {
                    throw new IllegalArgumentException(file + ": " + p.tlName() + " has shape "
                            + Arrays.toString(t.shape()) + " but the config needs " + Arrays.toString(p.shape(config)));
                }
                requireFinite(file, p, t);
                tensors.put(p, t);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("weights file " + file + " does not exist");
        } catch (ZipException e) {
            throw new IllegalArgumentException("weights file " + file + " is not a valid .npz: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (Param p : Param.values()) {
            if (!tensors.containsKey(p)) {
                throw new IllegalArgumentException("weights file " + file + " has no " + p.tlName() + ".npy");
            }
        }
        return new Weights(config, tensors);
    }

    /** Non-finite weights poison every analysis downstream: refuse them here, naming the parameter. */
    private static void requireFinite(Path file, Param p, Tensor t) {
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("weights file " + file + ": " + p.tlName() + " holds " + data[i]
                        + " at flat index " + i + "; weights must be finite numbers");
            }
        }
    }

    static byte[] npy(Tensor t) {
        StringBuilder shape = new StringBuilder();
        for (int d : t.shape()) {
            shape.append(d).append(", ");
        }
        String dims = t.rank() == 1 ? shape.toString().strip() : shape.substring(0, Math.max(0, shape.length() - 2));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 4 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + h.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        for (float f : t.data()) {
            buf.putFloat(f);
        }
        return buf.array();
    }

    static Tensor parseNpy(byte[] bytes, String where) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (bytes.length < 10) {
            throw new IllegalArgumentException(where + " is not a .npy array");
        }
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC) || buf.get() != 1) {
            throw new IllegalArgumentException(where + " is not a version 1 .npy array");
        }
        buf.get();
        int headerLen = Short.toUnsignedInt(buf.getShort());
        if (10 + headerLen > bytes.length) {
            throw new IllegalArgumentException(where + " is truncated");
        }
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + " must be little-endian float32 in C order, found " + header.strip());
        }
        int[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        buf.position(10 + headerLen);
        if (buf.remaining() != 4 * size) {
            throw new IllegalArgumentException(where + " holds " + buf.remaining() + " bytes, shape needs " + 4 * size);
        }
        float[] data = new float[(int) size];
        buf.asFloatBuffer().get(data);
        return new Tensor(data, shape);
    }
}
