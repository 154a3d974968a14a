package io.github.sortlens.model;

import org.nd4j.imports.descriptors.tensorflow.TensorflowDescriptorParser;

import java.util.Map;

/**
 * Start-up work of ND4J M2.1 that sortlens never uses, skipped. SameDiff's {@code createGradFunction} copies the graph
 * through FlatBuffers, whose reader builds the op registry ({@code DifferentialFunctionClassHolder}), whose
 * constructor parses TensorFlow's whole op list ({@code ops.proto}, protobuf text) for importing TensorFlow graphs:
 * about 0.3 s of the main thread and 0.4 s of JIT compilation of protobuf's parser, in every process. Giving the
 * parser's cache an empty list first leaves only TensorFlow import (and its op validation) without descriptors;
 * sortlens builds its graphs itself and imports none.
 */
final class Nd4jStartup extends TensorflowDescriptorParser {

    private Nd4jStartup() {
    }

    /** Before SameDiff first copies a graph; does nothing once the descriptors are loaded or skipped. */
    static void skipTensorFlowDescriptors() {
        synchronized (TensorflowDescriptorParser.class) { // the parser's own lock (opDescs is static synchronized)
            if (DESCRIPTORS == null) {
                DESCRIPTORS = Map.of();
            }
        }
    }
}
