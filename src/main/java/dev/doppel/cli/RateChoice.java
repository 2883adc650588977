package dev.doppel.cli;

import dev.doppel.generate.Pacer;
import picocli.CommandLine;

/**
 * What {@code generate --rate} asks for: a fixed number of events per second, {@code max}, or
 * {@code follow} (the model's rate timeline).
 */
record RateChoice(double eventsPerSecond, boolean follow) {

    static final RateChoice FOLLOW = new RateChoice(Pacer.MAX, true);

    @Override
    public String toString() {
        return follow ? "follow" : Double.isInfinite(eventsPerSecond) ? "max" : RateMeter.formatRate(eventsPerSecond);
    }

    /** Reads {@code follow}, or a rate in events per second, or {@code max}. */
    static final class Converter implements CommandLine.ITypeConverter<RateChoice> {
        @Override
        public RateChoice convert(String value) {
            return value.equalsIgnoreCase("follow") ? FOLLOW : new RateChoice(new RateConverter().convert(value), false);
        }
    }

    /** Reads a speed: a positive factor of real time, or {@code max}. */
    static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return new RateConverter().convert(value);
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a speed: use a positive factor of real time (60 replays an hour in a minute), or max");
            }
        }
    }
}
