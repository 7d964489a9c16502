package io.portsplit.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Real HTTP requests to a management server on loopback, each bounded by {@link Waits#EFFECT}. */
public final class ManagementHttp {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Waits.EFFECT).build();

	private final int port;

	public ManagementHttp(int port) {
		this.port = port;
	}

	/**
	 * Waits until readiness is UP: the management server starts after the multiplexed ports
	 * serve, so a daemon that is ready (pid file written, READY=1) may not answer here yet.
	 */
	public ManagementHttp awaitReady() {
		try {
			Awaitility.await().atMost(Waits.START).pollInterval(Waits.POLL).ignoreExceptions()
				.until(() -> get("/actuator/health/readiness").statusCode() == 200);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("readiness not UP on port " + this.port + " within " + Waits.START, ex);
		}
		return this;
	}

	public HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public HttpResponse<String> post(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** Sum of every series of {@code name} in {@code /actuator/prometheus} whose labels include {@code labels}. */
	public double prometheus(String name, String... labels) throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new AssertionError("/actuator/prometheus answered " + response.statusCode() + ": " + response.body());
		}
		return sample(response.body(), name, labels);
	}

	/** Sum of every series of {@code name} in Prometheus text whose labels include {@code labels} (name, value, ...). */
	public static double sample(String text, String name, String... labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{(.*)})? (\\S+)$", Pattern.MULTILINE);
		Matcher m = line.matcher(text);
		double sum = 0;
		while (m.find()) {
			String labelText = (m.group(2) != null) ? m.group(2) : "";
			boolean all = true;
			for (int i = 0; i < labels.length; i += 2) {
				all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
			}
			if (all) {
				sum += Double.parseDouble(m.group(3));
			}
		}
		return sum;
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Waits.EFFECT).build(), HttpResponse.BodyHandlers.ofString());
	}
}
