package io.portsplit.match;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portsplit.match.Conditions.bytes;
import static io.portsplit.match.Conditions.string;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code string}: a prefix, with the three verdicts and what an operator is told about each. */
class StringConditionTest {

	private final StringCondition get = string("GET");

	private final ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(this.get)));

	private Verdict test(String data) {
		return this.get.test(this.matcher.firstBytes(bytes(data)));
	}

	@Test
	void matchesOnceTheBytesStartWithIt() {
		assertThat(test("GET /")).isEqualTo(Verdict.MATCH);
		assertThat(test("GET")).isEqualTo(Verdict.MATCH);
	}

	@Test
	void possibleWhileTheBytesAreAPrefixOfIt() {
		assertThat(test("GE")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("")).isEqualTo(Verdict.POSSIBLE);
	}

	@Test
	void impossibleOnADifferentByteOrAnEndedClient() {
		assertThat(test("GEX")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("XET")).isEqualTo(Verdict.IMPOSSIBLE);
		FirstBytes ended = this.matcher.firstBytes(bytes("GE"));
		ended.end();
		assertThat(this.get.test(ended)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void onlyTheBytesReceivedCount() {
		FirstBytes bytes = this.matcher.firstBytes();
		bytes.room(3).put(bytes("GEX"));
		bytes.added(2);
		assertThat(this.get.test(bytes)).as("beyond length is ignored").isEqualTo(Verdict.POSSIBLE);
	}

	@Test
	void explainsEachVerdict() {
		assertThat(this.get.explain(this.matcher.firstBytes(bytes("GET /")), Verdict.MATCH)).isEqualTo("MATCHES");
		assertThat(this.get.explain(this.matcher.firstBytes(bytes("GE")), Verdict.POSSIBLE))
			.isEqualTo("still possible (2 of 3 bytes match)");
		assertThat(this.get.explain(this.matcher.firstBytes(bytes("GEX")), Verdict.IMPOSSIBLE))
			.isEqualTo("ruled out at byte 2 (0x58 != 0x54)");
		assertThat(this.get.describe()).isEqualTo("pattern 'GET'");
	}

	@Test
	void startsWithIsAPrefixRelation() {
		assertThat(string("GET /").startsWith(string("GET"))).isTrue();
		assertThat(string("GET").startsWith(string("GET"))).isTrue();
		assertThat(string("GE").startsWith(string("GET"))).isFalse();
		assertThat(string("POST").startsWith(string("GET"))).isFalse();
	}
}
