package io.github.sortlens.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendTest {

    @Test
    void aCudaStartFailureSaysWhyAndHowToUseTheCpuBuild() {
        RuntimeException failure = new RuntimeException("ND4J backend failed",
                new UnsatisfiedLinkError("no jnind4jcuda in java.library.path: libcudart.so.11.0 cannot be found"));
        String msg = new Backend.BackendException(failure).getMessage();
        assertTrue(msg.startsWith("the CUDA backend could not start (UnsatisfiedLinkError: no jnind4jcuda"), msg);
        assertTrue(msg.contains("sm_37 - sm_86") && msg.contains("CUDA 11.6") && msg.contains("mvn package"), msg);
        assertEquals(1, msg.lines().count());
    }

    /** What the CUDA build printed on this GPU-less machine: ND4J found no backend it could load. */
    @Test
    void aCudaBuildWithNoUsableGpuSaysWhatItNeeds() {
        RuntimeException failure = new RuntimeException(new IllegalStateException(
                "Please ensure that you have an nd4j backend on your classpath."));
        String msg = Backend.BackendException.describe(failure, true);
        assertTrue(msg.startsWith("the CUDA backend could not start (IllegalStateException: Please ensure"), msg);
        assertTrue(msg.contains("libcuda.so.1") && msg.contains("mvn package"), msg);
        assertTrue(Backend.BackendException.describe(failure, false).startsWith("the ND4J backend could not start"));
        assertTrue(!Backend.BackendException.isCudaBuild(), "this test build is the CPU one");
    }

    @Test
    void theCpuBackendStartsAndSaysWhatItIs() {
        Backend.Info info = Backend.start();
        assertTrue(info.backend().toUpperCase().contains("CPU"), info.toString());
        assertTrue(!info.device().isBlank());
    }
}
