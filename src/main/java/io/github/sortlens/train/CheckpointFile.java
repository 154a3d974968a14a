package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint's binary format: a magic line, a format version, the fields of {@link Checkpoint}, then a SHA-256
 * of everything before it. A truncated or altered file fails the checksum and is refused; writes are atomic.
 */
public final class CheckpointFile {

    private static final byte[] MAGIC = "SORTLENS-CHECKPOINT\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final int DIGEST_BYTES = 32;

    private CheckpointFile() {
    }

    public static void write(Checkpoint c, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            writeString(out, c.trainingConfig());
            out.writeInt(c.step());
            out.writeLong(c.dataRngState());
            writeTensors(out, c.weights().all());
            writeTensors(out, c.adamState());
            out.writeInt(c.history().train().size());
            for (TrainingHistory.LogRow r : c.history().train()) {
                out.writeInt(r.step());
                out.writeInt(r.steps());
                out.writeDouble(r.loss());
                out.writeDouble(r.accuracy());
            }
            out.writeInt(c.history().heldOut().size());
            for (TrainingHistory.EvalRow r : c.history().heldOut()) {
                out.writeInt(r.step());
                out.writeDouble(r.loss());
                out.writeDouble(r.accuracy());
                out.writeDouble(r.fullySorted());
            }
            out.writeDouble(c.window().lossSum());
            out.writeDouble(c.window().accuracySum());
            out.writeInt(c.window().steps());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = sha256(body, body.length);
        byte[] all = Arrays.copyOf(body, body.length + DIGEST_BYTES);
        System.arraycopy(digest, 0, all, body.length, DIGEST_BYTES);
        AtomicFiles.writeBytes(file, all);
    }

    /**
     * Reads and checks a checkpoint. {@code expectedConfig} is the model and train keys of the current config; a
     * checkpoint made under others is refused with the first differing key named.
     */
    public static Checkpoint read(Path file, ModelConfig model, String expectedConfig) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        if (all.length < MAGIC.length + DIGEST_BYTES
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new CheckpointException("checkpoint " + file + " is not a sortlens checkpoint (bad header)");
        }
        int bodyLength = all.length - DIGEST_BYTES;
        if (!Arrays.equals(sha256(all, bodyLength), Arrays.copyOfRange(all, bodyLength, all.length))) {
            throw new CheckpointException("checkpoint " + file + " is damaged (checksum mismatch: truncated or altered);"
                    + " delete it to train from scratch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, bodyLength))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new CheckpointException("checkpoint " + file + " has format version " + version
                        + "; this build reads version " + VERSION);
            }
            String config = readString(in);
            if (!config.equals(expectedConfig)) {
                throw new CheckpointException("checkpoint " + file + " was made with another config ("
                        + firstDifference(config, expectedConfig) + "); use a new run directory or the same config");
            }
            int step = in.readInt();
            long rng = in.readLong();
            Weights weights = new Weights(model, readTensors(in));
            Map<Param, Tensor> adam = readTensors(in);
            List<TrainingHistory.LogRow> train = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                train.add(new TrainingHistory.LogRow(in.readInt(), in.readInt(), in.readDouble(), in.readDouble()));
            }
            List<TrainingHistory.EvalRow> evals = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                evals.add(new TrainingHistory.EvalRow(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            Checkpoint.Window window = new Checkpoint.Window(in.readDouble(), in.readDouble(), in.readInt());
            return new Checkpoint(config, step, rng, weights, adam, new TrainingHistory(train, evals), window);
        } catch (EOFException e) {
            throw new CheckpointException("checkpoint " + file + " is damaged (ends early)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " is inconsistent: " + e.getMessage());
        }
    }

    /** e.g. {@code model.n_ctx=42 in the checkpoint, 22 now}. */
    static String firstDifference(String saved, String now) {
        Map<String, String> a = lines(saved);
        Map<String, String> b = lines(now);
        for (String key : b.keySet()) {
            if (!b.get(key).equals(a.get(key))) {
                return key + "=" + a.get(key) + " in the checkpoint, " + b.get(key) + " now";
            }
        }
        return "keys differ";
    }

    private static Map<String, String> lines(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    private static void writeTensors(DataOutputStream out, Map<Param, Tensor> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (Map.Entry<Param, Tensor> e : tensors.entrySet()) {
            writeString(out, e.getKey().tlName());
            int[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            for (float f : e.getValue().data()) {
                out.writeFloat(f);
            }
        }
    }

    private static Map<Param, Tensor> readTensors(DataInputStream in) throws IOException {
        Map<Param, Tensor> out = new EnumMap<>(Param.class);
        for (int n = in.readInt(); n > 0; n--) {
            Param p = Param.byName(readString(in));
            int[] shape = new int[in.readInt()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readInt();
                size *= shape[i];
            }
            if (size > 100_000_000) {
                throw new IllegalArgumentException("tensor " + p.tlName() + " is implausibly large");
            }
            float[] data = new float[(int) size];
            for (int i = 0; i < data.length; i++) {
                data[i] = in.readFloat();
            }
            out.put(p, new Tensor(data, shape));
        }
        return out;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IllegalArgumentException("implausible string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
