package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InputDemoTest {

    @Test
    void windowsAreRoundedUpToAWholeDayHourOrMinute() {
        // 2017 (365 days) in 48 windows: 7.6 days, so 8 days.
        assertThat(InputDemo.roundUp(Duration.ofDays(365).dividedBy(48))).isEqualTo(Duration.ofDays(8));
        // 10 days in 48 windows: 5 hours exactly.
        assertThat(InputDemo.roundUp(Duration.ofDays(10).dividedBy(48))).isEqualTo(Duration.ofHours(5));
        assertThat(InputDemo.roundUp(Duration.ofMinutes(90).plusSeconds(1))).isEqualTo(Duration.ofMinutes(91));
        assertThat(InputDemo.roundUp(Duration.ofMillis(3))).isEqualTo(Duration.ofMinutes(1));
    }
}
