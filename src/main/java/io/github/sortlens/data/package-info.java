/**
 * Stage 2: the sorting task's sequences, generated from seeded generators whose state a checkpoint can hold.
 * Training, held-out evaluation and the example set each draw from their own stream derived from the one seed.
 */
package io.github.sortlens.data;
