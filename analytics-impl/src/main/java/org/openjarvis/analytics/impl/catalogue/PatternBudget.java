package org.openjarvis.analytics.impl.catalogue;

import java.util.regex.Pattern;

/**
 * Runs a catalogue's {@code pattern} with a bounded amount of work. A pattern comes from another bundle and runs on
 * the capturing thread; one written carelessly, such as {@code (a+)+$}, backtracks for longer than the age of the
 * universe on 30 characters. The matcher reads the value through {@link CharSequence#charAt}, so counting those
 * reads bounds the work: past {@value #MAX_READS} reads the value is refused, as a value the pattern does not match.
 */
final class PatternBudget {

    /** Reads of the value one match may make: a linear pattern needs a few per character of a 200-character value. */
    static final int MAX_READS = 100_000;

    private PatternBudget() {
    }

    /** Whether {@code pattern} is found in {@code text} within the budget. */
    static boolean finds(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Counted(text)).find();
        } catch (BudgetSpent e) {
            return false;
        }
    }

    private static final class BudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final BudgetSpent INSTANCE = new BudgetSpent();

        private BudgetSpent() {
            super(null, null, false, false);
        }
    }

    private static final class Counted implements CharSequence {
        private final String text;
        private int reads;

        Counted(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > MAX_READS) {
                throw BudgetSpent.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
