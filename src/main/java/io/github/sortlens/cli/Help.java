package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigKeys;

/** The --help text, built from the key table so that it cannot drift from the code. */
final class Help {

    private Help() {
    }

    static String text() {
        StringBuilder s = new StringBuilder();
        s.append("""
                sortlens: train a 1-layer attention-only transformer to sort, interpret it, publish the report.

                usage: sortlens <command> [options] [--section.key=value ...]

                commands:
                  train     train into the run directory (reuses a finished run of the same config)
                  analyse   run the analysis suite on a trained run directory (writes analysis/*.json;
                            reuses results made from the same weights, keys and code)
                  render    render the report site from an analysed run directory
                  all       train (or reuse), analyse and render
                  sweep     train and analyse every combination of the axes given as
                            --sweep.KEY=a..b or --sweep.KEY=v1,v2 (or sweep.KEY lines in --config),
                            then render the comparison of all runs (default --out target/sweep)
                  bench     measure training speed and memory beside a PyTorch reference loop (when a
                            python3 with torch exists), and K models per graph (prints a table and JSON)

                options:
                  --run-dir DIR   run directory (default: ~/.cache/sortlens/runs/<hash of model+train config
                                  and the training arithmetic>);
                                  train writes only into a missing or empty folder or a run directory it
                                  made (.sortlens-run marker); analyse and render read its recorded keys
                  --out DIR       where render/all write the site (default: target/site); replaced only if
                                  it is missing, empty or a site sortlens rendered (.sortlens-site marker,
                                  which records every file), never a file, a folder with other files or
                                  with files added or changed since, a mount point, or the run directory
                  --config FILE   key=value lines applied before command-line overrides (each key once)
                  --resume        continue an unfinished run from its checkpoint (or rewrite a finished
                                  run's missing outputs from it)
                  --seeds S1,S2,.. train only: one model per seed, trained together in one graph (faster
                                  per model); each goes to the run directory a train with
                                  --train.seed=S would use, or to <--run-dir>/seed-S; finished
                                  ones are reused. Instead of --train.seed
                  --runs-dir DIR  sweep: each run in DIR/<config hash> (default: the cache folder a
                                  single run of that config uses, so finished runs are shared)
                  --shard i/n     sweep: train and analyse only the i-th of n shares (whole units of
                                  --group-size runs), render nothing; then run the sweep without
                                  --shard (and with --no-train) on the union of the shares
                  --group-size K  sweep: runs that differ only in their seed are trained K at a time in
                                  one graph (default 8, at most 64)
                  --no-train      sweep: train nothing; fail naming any run that is not trained
                  --help          this text

                java properties (java -Dname=value -jar ...):
                  sortlens.java_kernels=false   train on SameDiff's own ops only: SameDiff's exact bits,
                                                slower; a run of its own (arithmetic=samediff)
                  sortlens.compiled_step=false  every training step through SameDiff (slowest)
                  sortlens.analysis_threads=N   threads for independent analysis work (default: 2, at
                                                most the cores); results are the same for any N

                exit codes: 0 done; 1 failed (the message says why); 2 bad command line or config.

                config keys (default, meaning):
                """);
        int width = ConfigKeys.ALL.stream().mapToInt(k -> k.name().length()).max().orElse(20);
        for (ConfigKeys.Key k : ConfigKeys.ALL) {
            s.append("  ").append(k.name()).append(" ".repeat(width - k.name().length() + 2))
                    .append(k.defaultValue().isEmpty() ? "\"\"" : k.defaultValue())
                    .append("  ").append(k.meaning()).append('\n');
        }
        return s.toString();
    }
}
