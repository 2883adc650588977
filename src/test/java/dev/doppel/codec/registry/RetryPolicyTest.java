package dev.doppel.codec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(policy.backoffBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBeforeRetry(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoffBeforeRetry(5)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void backoffStaysAtTheCapInsteadOfOverflowing() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofDays(1000), Duration.ofDays(3000));

        assertThat(policy.backoffBeforeRetry(64)).isEqualTo(Duration.ofDays(3000));
        assertThat(policy.backoffBeforeRetry(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(3000));
    }

    @Test
    void anInitialBackoffAboveTheCapIsRejected() {
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialBackoff <= maxBackoff");
    }
}
