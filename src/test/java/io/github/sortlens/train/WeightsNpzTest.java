package io.github.sortlens.train;

import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsNpzTest {

    @Test
    void exportThenImportGivesTheSameWeightsAndTheSameBytesTwice(@TempDir Path tmp) throws Exception {
        Weights w = TestWeights.random(TestWeights.TINY_2_HEADS, 4, 0.3);
        WeightsNpz.write(w, tmp.resolve("a.npz"));
        WeightsNpz.write(w, tmp.resolve("b.npz"));
        assertEquals(w, WeightsNpz.read(tmp.resolve("a.npz"), TestWeights.TINY_2_HEADS));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.npz")), Files.readAllBytes(tmp.resolve("b.npz")));
    }

    @Test
    void entriesAreTransformerLensStateDictNamesWithNumpyHeaders(@TempDir Path tmp) throws Exception {
        WeightsNpz.write(TestWeights.random(TestWeights.TINY_2_HEADS, 4, 0.3), tmp.resolve("w.npz"));
        List<String> names = new ArrayList<>();
        String wq = null;
        String bu = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(tmp.resolve("w.npz")))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                byte[] b = zip.readAllBytes();
                assertEquals(0, b.length > 10 ? (10 + (b[8] & 0xff) + ((b[9] & 0xff) << 8)) % 64 : -1,
                        "data of " + e.getName() + " starts 64-byte aligned");
                String header = new String(b, 10, (b[8] & 0xff) + ((b[9] & 0xff) << 8), StandardCharsets.US_ASCII);
                if (e.getName().equals("blocks.0.attn.W_Q.npy")) {
                    wq = header;
                }
                if (e.getName().equals("unembed.b_U.npy")) {
                    bu = header;
                }
            }
        }
        assertTrue(names.contains("embed.W_E.npy") && names.contains("pos_embed.W_pos.npy")
                && names.contains("blocks.0.attn.W_O.npy") && names.contains("unembed.W_U.npy"), names.toString());
        assertEquals(Param.values().length, names.size());
        assertTrue(wq.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 8, 4), }"), wq);
        assertTrue(bu.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (12,), }"), bu);
    }

    @Test
    void aFileOfTheWrongShapeIsRefusedNamingTheArray(@TempDir Path tmp) {
        WeightsNpz.write(TestWeights.random(TestWeights.TINY_2_HEADS, 4, 0.3), tmp.resolve("w.npz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightsNpz.read(tmp.resolve("w.npz"), TestWeights.TINY));
        assertTrue(e.getMessage().contains("blocks.0.attn.W_Q has shape [2, 8, 4]"), e.getMessage());
    }

    @Test
    void aNpyRoundTripKeepsShapeAndValues() {
        Tensor t = TestWeights.random(TestWeights.TINY, 1, 1).get(Param.W_Q);
        assertEquals(t, WeightsNpz.parseNpy(WeightsNpz.npy(t), "t"));
    }
}
