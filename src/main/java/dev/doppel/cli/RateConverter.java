package dev.doppel.cli;

import dev.doppel.generate.Pacer;
import picocli.CommandLine;

/** Reads a rate in events per second, or {@code max}. */
final class RateConverter implements CommandLine.ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        if (value.equalsIgnoreCase("max")) {
            return Pacer.MAX;
        }
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a rate: use a positive number of events per second, or max");
    }
}
