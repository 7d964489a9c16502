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
 * @param policy who it takes, how many at once, for how long
 */
public record ServiceSpec(String name, int line, List<Condition> conditions, ActionSpec action, ServicePolicy policy) {

	public static final String FALLBACK = "fallback";

	public static final String TIMEOUT = "timeout";

	public ServiceSpec {
		conditions = List.copyOf(conditions);
	}

	/** A service with no access rule, limit or timeout of its own. */
	public ServiceSpec(String name, int line, List<Condition> conditions, ActionSpec action) {
		this(name, line, conditions, action, ServicePolicy.NONE);
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
		text.append(" -> ").append(this.action);
		String policy = this.policy.describe();
		return policy.isEmpty() ? text.toString() : text.append(" [").append(policy).append(']').toString();
	}
}
