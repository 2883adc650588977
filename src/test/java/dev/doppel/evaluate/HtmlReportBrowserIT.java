package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.Row;
import dev.doppel.embedded.TempDirs;
import dev.doppel.testing.RealData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report in a real headless Chromium (Debian's chromium; .ci/run installs it): it renders,
 * every plot is there and drawn, and the browser logs no console message (an error, or a blocked
 * request under the page's Content-Security-Policy, would be one).
 */
class HtmlReportBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static Path dir;
    private static Path page;
    private static int expectedPlots;

    @BeforeAll
    static void writePage() throws IOException {
        assertThat(CHROMIUM).as("chromium is needed for this test: apt-get install chromium").isExecutable();
        dir = Files.createTempDirectory("doppel-html-");
        EventTable storms = EventTable.read(RealData.open(RealData.STORMS), 0, (line, reason, message) -> { });
        // Earlier storms against later ones: two real halves that differ, so both colours show.
        List<Row> rows = storms.rows();
        EventTable first = EventTable.of(new ArrayList<>(rows.subList(0, rows.size() / 2)), storms.types(), storms.timestampFormats());
        EventTable second = EventTable.of(new ArrayList<>(rows.subList(rows.size() / 2, rows.size())), storms.types(), storms.timestampFormats());
        EvaluationReport report = Evaluation.run(first, second, null,
                EvaluationOptions.defaults().withFields("ts", "storm_id", "status", List.of(), List.of()));
        page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(report, "storms <first half> vs second half"));
        // One plot per field, two correlation matrices and the pair trends, two transition matrices, two rate plots.
        expectedPlots = report.perField().size() - 1 + 3 + 2 + 2;
    }

    @AfterAll
    static void cleanUp() {
        if (dir != null) {
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void thePageRendersWithEveryPlotAndNoConsoleMessage() throws Exception {
        Browser dom = chromium("--dump-dom", page.toUri().toString());

        assertThat(dom.exitCode).as(dom.stderr).isZero();
        assertThat(dom.stdout).contains("<h1>storms &lt;first half&gt; vs second half</h1>");
        assertThat(count(dom.stdout, "<svg")).isEqualTo(expectedPlots);
        assertThat(count(dom.stdout, "<polyline")).isEqualTo(4);
        assertThat(dom.stderr).doesNotContain("CONSOLE").doesNotContain("Uncaught").doesNotContain("Refused");
    }

    @Test
    void thePlotsAreDrawnInBothColours() throws Exception {
        Path png = dir.resolve("page.png");
        Browser shot = chromium("--screenshot=" + png, "--window-size=1400,3000", page.toUri().toString());

        assertThat(shot.exitCode).as(shot.stderr).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        // The plots' blue (#1f77b4) and orange (#ff7f0e), blended with white at most half way.
        assertThat(pixelsNear(image, 0x1f, 0x77, 0xb4)).isGreaterThan(2000);
        assertThat(pixelsNear(image, 0xff, 0x7f, 0x0e)).isGreaterThan(2000);
    }

    private record Browser(int exitCode, String stdout, String stderr) {
    }

    private static Browser chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile-"), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return new Browser(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static long pixelsNear(BufferedImage image, int r, int g, int b) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int pr = rgb >> 16 & 0xff;
                int pg = rgb >> 8 & 0xff;
                int pb = rgb & 0xff;
                // On the line from white to the colour, no further than half way to white.
                boolean near = false;
                for (double t = 0.45; t <= 1.0 && !near; t += 0.05) {
                    near = Math.abs(pr - (255 - t * (255 - r))) < 14 && Math.abs(pg - (255 - t * (255 - g))) < 14
                            && Math.abs(pb - (255 - t * (255 - b))) < 14;
                }
                if (near) {
                    count++;
                }
            }
        }
        return count;
    }
}
