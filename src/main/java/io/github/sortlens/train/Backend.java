package io.github.sortlens.train;

import org.nd4j.linalg.factory.Nd4j;

import java.util.Properties;

/**
 * Starts ND4J the way this tool needs it: one thread for ops and BLAS (fastest on 2 cores for this tiny model, and
 * bitwise deterministic), float32 defaults, JavaCPP's costly memory accounting off. Reports which backend runs.
 */
public final class Backend {

    /** What ran the numbers: for the run manifest and the About page. */
    public record Info(String backend, String blas, String device, String nd4jVersion) {
    }

    private static Info info;

    private Backend() {
    }

    /** Must run before anything touches ND4J; later calls return the same info. */
    public static synchronized Info start() {
        if (info != null) {
            return info;
        }
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        try {
            Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String backend = String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName()));
            String blas = String.valueOf(env.getOrDefault("blas.vendor", "unknown"));
            String device = backend.toUpperCase(java.util.Locale.ROOT).contains("CUDA")
                    ? String.valueOf(env.getOrDefault("cuda.devicesInformation", "CUDA device"))
                    : cpuName();
            info = new Info(backend, blas, device, Nd4j.class.getPackage().getImplementationVersion() == null
                    ? "1.0.0-M2.1" : Nd4j.class.getPackage().getImplementationVersion());
            return info;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException(e);
        }
    }

    private static String cpuName() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip() + ", "
                            + Runtime.getRuntime().availableProcessors() + " cores";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        }
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** The ND4J backend could not start (for CUDA: no driver, no runtime, or an unsupported GPU). */
    public static final class BackendException extends RuntimeException {
        BackendException(Throwable cause) {
            super(describe(cause, isCudaBuild()), cause);
        }

        /** This build carries ND4J's CUDA backend (built with -Pcuda). */
        static boolean isCudaBuild() {
            try {
                Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Backend.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        static String describe(Throwable cause, boolean cudaBuild) {
            Throwable root = cause;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).lines()
                    .findFirst().orElse("");
            boolean cuda = cudaBuild || why.toLowerCase(java.util.Locale.ROOT).contains("cuda");
            return cuda
                    ? "the CUDA backend could not start (" + why + "). It needs an NVIDIA driver (libcuda.so.1), a GPU"
                    + " from Kepler to Ampere (sm_37 - sm_86) and the CUDA 11.6 runtime; on a machine without them,"
                    + " build the CPU version with `mvn package` instead"
                    : "the ND4J backend could not start (" + why + ")";
        }
    }
}
