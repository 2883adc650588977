package dev.doppel.testing;

import dev.doppel.codec.EventFile;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data files the tests read. Flights and storms are on the class path (flights from the
 * main resources, storms from the test resources); the Minneapolis stops stay outside the project
 * (GPL-2+), so tests that read them are skipped where the shared copy is absent.
 */
public final class RealData {

    /** US DOT BTS on-time data, 2001-01-01 to 2001-01-10: date, delay, distance, origin, destination. */
    public static final String FLIGHTS = "/data/flights_2001_jan.csv";
    /** NOAA HURDAT2 via dplyr::storms: six-hourly storm observations with empty diameters. */
    public static final String STORMS = "/data/storms_noaa_hurdat2.csv";
    /** Minneapolis open data via carData::MplsStops; not copied into the project. */
    public static final Path MPLS_STOPS = Path.of("/work/shared/data/mpls_stops_2017.csv");

    private RealData() {
    }

    /** A class-path data file as a path on disk. */
    public static Path path(String resource) {
        URL url = RealData.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EventFile open(String resource) {
        return EventFile.open(path(resource), EventFile.Format.CSV);
    }

    /** The stops file, or the calling test is skipped (not failed) where it is absent. */
    public static EventFile openMplsStops() {
        Assumptions.assumeTrue(Files.isRegularFile(MPLS_STOPS), MPLS_STOPS + " is not on this machine");
        return EventFile.open(MPLS_STOPS, EventFile.Format.CSV);
    }
}
