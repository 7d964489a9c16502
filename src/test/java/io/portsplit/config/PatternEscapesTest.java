package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternEscapesTest {

	@Test
	void plainTextIsItsAsciiBytes() {
		assertThat(PatternEscapes.decode("GET /")).isEqualTo("GET /".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void hexEscapesInEitherCase() {
		assertThat(PatternEscapes.decode("\\00")).containsExactly(0x00);
		assertThat(PatternEscapes.decode("\\ff")).containsExactly((byte) 0xFF);
		assertThat(PatternEscapes.decode("\\FF")).containsExactly((byte) 0xFF);
		assertThat(PatternEscapes.decode("\\fF\\0a")).containsExactly((byte) 0xFF, 0x0A);
		assertThat(PatternEscapes.decode("\\16\\03\\01")).containsExactly(0x16, 0x03, 0x01);
	}

	@Test
	void doubleBackslashIsOneBackslash() {
		assertThat(PatternEscapes.decode("a\\\\b")).containsExactly('a', '\\', 'b');
		// not an escape of 41: an escaped backslash followed by the text "41"
		assertThat(PatternEscapes.decode("\\\\41")).containsExactly('\\', '4', '1');
	}

	@Test
	void spacesAtTheEndsAsEscapes() {
		assertThat(PatternEscapes.decode("\\20GET\\20")).isEqualTo(" GET ".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void nonAsciiTextIsUtf8() {
		assertThat(PatternEscapes.decode("é")).containsExactly((byte) 0xC3, (byte) 0xA9);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "\\x41|'\\x'", "a\\4|'\\4'", "\\4G|'\\4G'", "\\GG|'\\G'", "A\\ B|'\\ '",
			"\\n|'\\n'", "\\٣٣|'\\٣'" })
	void badEscapes(String text, String quoted) {
		assertThatIllegalArgumentException().isThrownBy(() -> PatternEscapes.decode(text))
			.withMessageStartingWith("bad escape " + quoted + " in pattern")
			.withMessageContaining("\\XX")
			.withMessageContaining("\\\\");
	}

	@Test
	void trailingBackslash() {
		assertThatIllegalArgumentException().isThrownBy(() -> PatternEscapes.decode("GET\\"))
			.withMessageContaining("bad escape '\\'")
			.withMessageContaining("end");
	}

	@Test
	void emptyPattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> PatternEscapes.decode(""))
			.withMessageContaining("empty pattern");
	}

	@Test
	void escapeKeepsPrintableAsciiAndEscapesTheRest() {
		assertThat(PatternEscapes.escape("GET /".getBytes(StandardCharsets.US_ASCII))).isEqualTo("GET /");
		assertThat(PatternEscapes.escape(new byte[] { 0x16, 0x03, (byte) 0xff, 0x7f, '\t' })).isEqualTo("\\16\\03\\FF\\7F\\09");
		assertThat(PatternEscapes.escape(new byte[] { 'a', '\\', 'b' })).isEqualTo("a\\\\b");
		assertThat(PatternEscapes.escape(" a b ".getBytes(StandardCharsets.US_ASCII))).isEqualTo("\\20a b\\20");
		assertThat(PatternEscapes.escape(new byte[] { ' ' })).isEqualTo("\\20");
	}

	@Test
	void escapeThenDecodeGivesTheBytesBack() {
		Random random = new Random(42);
		for (int n = 0; n < 2000; n++) {
			byte[] bytes = new byte[1 + random.nextInt(12)];
			random.nextBytes(bytes);
			if (n % 2 == 0) {
				for (int i = 0; i < bytes.length; i++) {
					bytes[i] = (byte) (0x20 + random.nextInt(0x60)); // mostly printable, with spaces and '\'
				}
			}
			String escaped = PatternEscapes.escape(bytes);
			assertThat(escaped).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("\t");
			assertThat(PatternEscapes.decode(escaped)).isEqualTo(bytes);
		}
	}
}
