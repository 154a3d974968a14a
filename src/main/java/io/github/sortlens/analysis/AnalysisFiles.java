package io.github.sortlens.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.github.sortlens.util.Rounding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the suite's results as pretty JSON, one file per result in {@code <runDir>/analysis/}, and reads them back
 * into the same records (the report stage's input). Output is deterministic: the same results give the same bytes
 * (record fields in declaration order, map keys sorted, numbers rounded to {@value #SIGNIFICANT_DIGITS} significant
 * digits, about float32 precision). A non-finite number is an error, not a silent {@code NaN} in the JSON.
 *
 * <p>The directory is replaced atomically: files are written to a fresh sibling directory and moved into place,
 * so a failure leaves the previous results (or none), never half of them.
 */
public final class AnalysisFiles {

    public static final String DIRECTORY = "analysis";
    public static final int SIGNIFICANT_DIGITS = 7;

    public static final String META = "meta.json";
    public static final String EXAMPLES = "examples.json";
    public static final String EVALUATION = "evaluation.json";
    public static final String PREDICTIONS = "predictions.json";
    public static final String CACHE_CATALOGUE = "cache-catalogue.json";
    public static final String CIRCUITS = "circuits.json";
    public static final String ATTRIBUTION = "attribution.json";
    public static final String HEATMAPS = "heatmaps.json";
    public static final String ATTENTION = "attention.json";
    public static final String ABLATIONS = "ablations.json";
    public static final String PATCHING = "patching.json";
    public static final String MECHANISM = "mechanism.json";
    public static final String DYNAMICS = "dynamics.json";
    public static final String BASELINES = "baselines.json";

    /** Every file this class writes into the folder: all it will replace or delete there. */
    public static final java.util.List<String> FILES = java.util.List.of(META, EXAMPLES, EVALUATION, PREDICTIONS,
            CACHE_CATALOGUE, CIRCUITS, ATTRIBUTION, HEATMAPS, ATTENTION, ABLATIONS, PATCHING, MECHANISM, DYNAMICS,
            BASELINES);

    /** {@code MathContext(7)}'s half-up rounding, as the files have always been written. */
    private static final Rounding ROUNDING = new Rounding(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP,
            Rounding.Style.DOUBLE);
    private static final ObjectMapper MAPPER = mapper();

    private AnalysisFiles() {
    }

    /** The directory the results live in. */
    public static Path directory(Path runDir) {
        return runDir.resolve(DIRECTORY);
    }

    /**
     * Refuses (a {@link io.github.sortlens.config.ConfigException}, naming the first one) when
     * {@code <runDir>/analysis/} holds anything that is not a file this class writes: replacing the folder would
     * delete it. Reads only.
     */
    public static void requireOwnFolder(Path runDir) {
        Path dir = directory(runDir);
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new io.github.sortlens.config.ConfigException("will not write the analysis into " + dir + ": it is"
                    + " not a folder that analyse wrote; move it out first");
        }
        try (Stream<Path> s = Files.list(dir)) {
            java.util.List<String> foreign = s.filter(p -> !FILES.contains(p.getFileName().toString())
                            || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new io.github.sortlens.config.ConfigException("will not replace " + dir + ": it holds "
                        + foreign.get(0) + (foreign.size() > 1 ? " and " + (foreign.size() - 1) + " more" : "")
                        + ", which analyse did not write and replacing the folder would delete; move it out first");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes every result into {@code <runDir>/analysis/}, replacing what was there (only files this class writes:
     * anything else there is refused, see {@link #requireOwnFolder}).
     */
    public static void write(Path runDir, AnalysisResults r) {
        Path target = directory(runDir);
        Path temp = null;
        requireOwnFolder(runDir);
        try {
            Files.createDirectories(runDir);
            temp = Files.createTempDirectory(runDir, DIRECTORY + ".tmp-");
            write(temp, META, r.meta());
            write(temp, EXAMPLES, r.examples());
            write(temp, EVALUATION, r.evaluation());
            write(temp, PREDICTIONS, r.predictions());
            write(temp, CACHE_CATALOGUE, r.catalogue());
            write(temp, CIRCUITS, r.circuits());
            write(temp, ATTRIBUTION, r.attribution());
            write(temp, HEATMAPS, r.heatmaps());
            write(temp, ATTENTION, r.attention());
            write(temp, ABLATIONS, r.ablations());
            write(temp, PATCHING, r.patching());
            write(temp, MECHANISM, r.mechanism());
            if (r.dynamics() != null) {
                write(temp, DYNAMICS, r.dynamics());
            }
            if (r.baselines() != null) {
                write(temp, BASELINES, r.baselines());
            }
            replace(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the analysis results to " + target + ": " + cause(e), e);
        } finally {
            if (temp != null) {
                deleteQuietlyAfterFailure(temp);
            }
        }
    }

    /**
     * Reads every result back from {@code <runDir>/analysis/}, each checked as {@link ReadBackCheck} says against the
     * model in {@code meta.json}; a file that fails is an {@link InvalidFileException} naming it and the field.
     */
    public static AnalysisResults read(Path runDir) {
        Path dir = directory(runDir);
        AnalysisMeta meta = read(dir, META, AnalysisMeta.class);
        if (meta.format() != AnalysisMeta.FORMAT) {
            throw new InvalidFileException(dir.resolve(META), "the results are in the layout of another sortlens "
                    + "version (format " + meta.format() + "; this version reads " + AnalysisMeta.FORMAT + ")", null);
        }
        ReadBackCheck check = new ReadBackCheck(meta.model());
        return new AnalysisResults(meta, read(dir, EXAMPLES, ExampleSet.class, check),
                read(dir, EVALUATION, EvaluationResult.class, check),
                read(dir, PREDICTIONS, PredictionsResult.class, check),
                read(dir, CACHE_CATALOGUE, CacheCatalogueResult.class, check),
                read(dir, CIRCUITS, CircuitsResult.class, check), read(dir, ATTRIBUTION, AttributionResult.class, check),
                read(dir, HEATMAPS, HeatmapsResult.class, check), read(dir, ATTENTION, AttentionResult.class, check),
                read(dir, ABLATIONS, AblationResult.class, check), read(dir, PATCHING, PatchingResult.class, check),
                Files.exists(dir.resolve(MECHANISM)) ? read(dir, MECHANISM, MechanismResult.class, check) : null,
                Files.exists(dir.resolve(DYNAMICS)) ? read(dir, DYNAMICS, DynamicsResult.class, check) : null,
                Files.exists(dir.resolve(BASELINES)) ? read(dir, BASELINES, BaselineResult.class, check) : null);
    }

    /**
     * The stamp of the results in {@code <runDir>/analysis/} when they all read back as {@link #read} checks them,
     * else null (missing, damaged, or in another layout): results that are reused must be results a render can read.
     */
    public static AnalysisMeta readMetaIfValid(Path runDir) {
        if (!Files.isRegularFile(directory(runDir).resolve(META))) {
            return null;
        }
        try {
            return read(runDir).meta();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** An analysis file that is not as analyse writes it: the message names the file and the field. */
    public static final class InvalidFileException extends IllegalArgumentException {
        InvalidFileException(Path file, String problem, Throwable cause) {
            super("analysis file " + file + ": " + problem + "; run analyse again to rewrite it", cause);
        }
    }

    private static <T> T read(Path dir, String file, Class<T> type, ReadBackCheck check) {
        T result = read(dir, file, type);
        String problem = check.problem(result);
        if (problem != null) {
            throw new InvalidFileException(dir.resolve(file), problem, null);
        }
        return result;
    }

    /** One result read from its file (parsed, not checked); a parse failure names the field, not the parser. */
    public static <T> T read(Path dir, String file, Class<T> type) {
        Path path = dir.resolve(file);
        try {
            return MAPPER.readValue(path.toFile(), type);
        } catch (IOException e) {
            throw new InvalidFileException(path, io.github.sortlens.util.JsonProblem.describe(e), e);
        }
    }

    /** The JSON text of one result, exactly as it is written. */
    public static String toJson(Object result) {
        try {
            return MAPPER.writeValueAsString(result) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + result.getClass().getSimpleName(), e);
        }
    }

    private static void write(Path dir, String file, Object result) throws IOException {
        Files.writeString(dir.resolve(file), toJson(result));
    }

    /** What the system said, in words a user acts on: a full disk is named as such. */
    private static String cause(IOException e) {
        String message = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                ? f.getFile() + ": " + f.getReason() : String.valueOf(e.getMessage());
        return message.contains("No space left on device") ? "the disk is full (" + message + ")" : message;
    }

    /** Moves the finished directory into place; an older one is moved aside first and deleted after. */
    private static void replace(Path temp, Path target) throws IOException {
        requireOwnFolder(target.getParent()); // again: a file may have arrived while the analysis ran
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), DIRECTORY + ".old-");
            Files.delete(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Cleans up after a failed write; the original failure is the one that propagates. */
    private static void deleteQuietlyAfterFailure(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException cleanup) {
            System.err.println("warning: could not remove the partial results in " + dir + ": " + cleanup);
        }
    }

    private static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(ROUNDING.module())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
