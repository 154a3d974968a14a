package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.util.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether a run directory's manifest and weights are the ones its own training wrote: the manifest's seed and config
 * hash are those of the run's config, {@code weights.npz} has the hash the manifest records and is the run's last
 * snapshot, and every snapshot has the hash the manifest records. Files copied in from another run fail here instead
 * of showing another run's provenance or weights beside this run's config.
 */
public final class ManifestCheck {

    private ManifestCheck() {
    }

    /** Why the manifest or the weights are not this run's own, as a sentence with what to do; null when they are. */
    public static String problem(RunConfig config, RunDirectory dir, Manifest manifest) {
        String others = "; it (with weights.npz, perhaps) comes from another run: run train --resume to rewrite the"
                + " outputs from the checkpoint";
        if (manifest.seed() != config.train().seed()) {
            return dir.manifest() + " records seed " + manifest.seed() + ", but the run was trained with train.seed="
                    + config.train().seed() + others;
        }
        String hash = Trainer.configHash(config);
        if (manifest.configHash() != null && !manifest.configHash().equals(hash)) {
            return dir.manifest() + " records config hash " + manifest.configHash() + ", but the run's model and"
                    + " train keys hash to " + hash + others;
        }
        String weights = Sha256.ofFile(dir.weights());
        if (manifest.weightsSha256() != null && !manifest.weightsSha256().equals(weights)) {
            return dir.weights() + " is not the file training wrote (its SHA-256 differs from the one in"
                    + " manifest.json): run train --resume to rewrite it from the checkpoint";
        }
        if (manifest.snapshotSha256() != null) {
            for (Map.Entry<String, String> e : manifest.snapshotSha256().entrySet()) {
                Path file = dir.snapshots().resolve(e.getKey());
                if (!Files.isRegularFile(file) || !Sha256.ofFile(file).equals(e.getValue())) {
                    return file + (Files.isRegularFile(file) ? " is not the file training wrote (its SHA-256 differs"
                            + " from the one in manifest.json)" : " is missing") + ": the training-dynamics"
                            + " analysis reads it; train the run again in a new run directory";
                }
            }
        }
        Path last = dir.snapshot(config.train().steps());
        if (config.train().snapshotAt(config.train().steps()) && Files.isRegularFile(last)
                && !Sha256.ofFile(last).equals(weights)) {
            return dir.weights() + " is not the run's last snapshot (" + dir.root().relativize(last) + "), so it comes"
                    + " from another run or another step: run train --resume to rewrite it from the checkpoint";
        }
        return null;
    }
}
