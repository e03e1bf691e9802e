package org.openjarvis.analytics.impl.catalogue;

import java.util.regex.Pattern;

/**
 * Runs a catalogue's {@code pattern} with a bounded amount of work. A pattern comes from another bundle and runs on
 * the capturing thread; one written carelessly backtracks exponentially: {@code ^(a+)+\1$} takes hours on 40
 * characters (Java tames some nested quantifiers, but not beside a back reference). The matcher reads the value
 * through {@link CharSequence#charAt}, so counting those reads bounds the work: past {@value #MAX_READS} reads the
 * value is refused, as a value the pattern does not match.
 */
final class PatternBudget {

    /**
     * Reads of the value one match may make: 50 per character of the longest value a property can have, where a
     * linear pattern needs a few. At about 5 ns a read, a refused value costs the caller at most some 50 µs.
     */
    static final int MAX_READS = 10_000;

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
