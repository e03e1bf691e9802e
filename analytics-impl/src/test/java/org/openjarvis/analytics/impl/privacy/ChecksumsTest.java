package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check digits: the Luhn check (ISO/IEC 7812), ISO 13616's mod-97 IBAN check and the Spanish DNI/NIE letter,
 * on the published examples of each and on the same numbers one character off.
 */
class ChecksumsTest {

    @ParameterizedTest
    @ValueSource(strings = {"79927398713", "4222222222222", "378282246310005", "4111111111111111",
        "6011000990139424", "6011000000000000001", "490154203237518"})
    void theLuhnCheckPassesPublishedCardNumbersAndImeis(String digits) {
        assertThat(Checksums.luhn(digits)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"79927398710", "4222222222223", "4111111111111112", "6011000990139425"})
    void theLuhnCheckFailsANumberOneDigitOff(String digits) {
        assertThat(Checksums.luhn(digits)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at611904300234573201", "az21nabz00000000137010001944", "cz6508000000192000145399",
        "de89370400440532013000", "gb82west12345698765432"})
    void theIbanCheckPassesTheRegistrysExamples(String iban) {
        assertThat(Checksums.iban(iban)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gb82west12345698765433", "gb28west12345698765432", "at611904300234573210",
        "de89370400440532013001"})
    void theIbanCheckFailsAnIbanWithADigitChangedOrTwoSwapped(String iban) {
        assertThat(Checksums.iban(iban)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "gb82 west 1234 5698 7654 32", "gb82-west-1234-5698-7654-32"})
    void theIbanCheckReadsOnlyTheCompactLowerCaseForm(String iban) {
        assertThat(Checksums.iban(iban)).isFalse();
    }

    @Test
    void theDniLetterIsTheNumberModulo23InTheTableOfTheSpanishMinistry() {
        assertThat(Checksums.dniLetter(12_345_678, 'z')).isTrue();
        assertThat(Checksums.dniLetter(12_345_678, 'a')).isFalse();
        assertThat(Checksums.dniLetter(0, 't')).isTrue(); // a NIE X0000000T: X counts as 0
        assertThat(Checksums.dniLetter(1_234_567, 'l')).isTrue(); // X1234567L
        assertThat(Checksums.dniLetter(1_234_567, 'z')).isFalse();
    }
}
