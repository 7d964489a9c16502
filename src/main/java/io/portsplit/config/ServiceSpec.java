package io.portsplit.config;

import java.util.List;

import io.portsplit.match.Condition;
import io.portsplit.match.StringCondition;

/**
 * One {@code [name]} section. Ordinary services have at least one condition;
 * {@code [fallback]} and {@code [timeout]} have none.
 *
 * @param name the name between the brackets
 * @param line where the section starts
 * @param conditions its matching options, in file order
 * @param action what it does with a client
 */
public record ServiceSpec(String name, int line, List<Condition> conditions, ActionSpec action) {

	public static final String FALLBACK = "fallback";

	public static final String TIMEOUT = "timeout";

	public ServiceSpec {
		conditions = List.copyOf(conditions);
	}

	/**
	 * One line for the start-up log and {@code --check}:
	 * {@code service [http] patterns 'GET\20' 'POST\20' -> connect ...}, other conditions by
	 * option: {@code service [web] patterns sni 'a.example' alpn 'h2' -> connect ...}.
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("service [").append(this.name).append("]");
		if (!this.conditions.isEmpty()) {
			text.append(" patterns");
			for (Condition condition : this.conditions) {
				text.append(' ').append((condition instanceof StringCondition) ? "'" + condition.value() + "'"
						: condition.describe());
			}
		}
		return text.append(" -> ").append(this.action).toString();
	}
}
