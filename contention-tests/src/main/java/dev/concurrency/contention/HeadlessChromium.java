package dev.concurrency.contention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium without a screen, as the tests drive it: one page, for the DOM its scripts leave
 * ({@code --dump-dom}) or a screenshot ({@code --screenshot=...}). Its profile and its log stay in
 * the given directory.
 */
public final class HeadlessChromium {

    private final Path binary;
    private final Path workDir;

    public HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** Loads {@code url} with these flags besides the headless ones; what it printed, once it exited 0 within 120 s. */
    public String run(String url, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + workDir.resolve("chromium-profile")));
        command.addAll(List.of(flags));
        command.add(url);
        Path log = workDir.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s (log: " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + process.exitValue() + " (log: " + log + ")");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
