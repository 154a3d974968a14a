/**
 * Stage 4: training with Adam on fresh batches, held-out evaluation while training, atomic checksummed
 * checkpoints that resume bit for bit, the {@code .npz} export, the run directory's layout, and the training
 * benchmark. Uses the model's {@link io.github.sortlens.model.TrainableModel}; never builds graphs itself.
 */
package io.github.sortlens.train;
