package io.portsplit.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.portsplit.access.Admission;
import io.portsplit.access.AddressRange;
import io.portsplit.config.ActionSpec;
import io.portsplit.config.BindAddress;
import io.portsplit.config.ClientRules;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServicePolicy;
import io.portsplit.config.ServiceSpec;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.match.Condition;
import io.portsplit.route.ServiceRouter;

/**
 * {@code /actuator/portsplit}: GET shows the running configuration and live
 * counts; POST reloads the file as SIGHUP does and answers with the result;
 * {@code GET /actuator/portsplit/explain?hex=...} explains where bytes would go, with the
 * routing table that new connections are judged by right now.
 */
@Endpoint(id = "portsplit")
public class PortsplitEndpoint {

	static final String EXPLAIN = "explain";

	private final Reloader reloader;

	private final ServiceRouter router;

	private final ListenerRegistry listeners;

	private final Admission admission;

	private final PortsplitMetrics metrics;

	/** @param metrics null when {@code portsplit.metrics.enabled=false}: the view then has no counts */
	PortsplitEndpoint(Reloader reloader, ServiceRouter router, ListenerRegistry listeners, Admission admission,
			PortsplitMetrics metrics) {
		this.reloader = reloader;
		this.router = router;
		this.listeners = listeners;
		this.admission = admission;
		this.metrics = metrics;
	}

	@ReadOperation
	public Map<String, Object> configuration() {
		PortsplitConfig config = this.reloader.current();
		Map<BindAddress, Boolean> states = this.listeners.states();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("file", config.file().toString());
		view.put("maxconn", config.maxconn());
		view.put("timeoutSeconds", config.timeout().toSeconds());
		ClientRules clients = config.clients();
		view.put("allow", ranges(clients.access().allowed()));
		view.put("deny", ranges(clients.access().denied()));
		view.put("acceptProxy", ranges(clients.acceptProxy()));
		view.put("maxconnPerSource", clients.maxconnPerSource());
		view.put("ratePerSource", clients.ratePerSource());
		view.put("trackedSources", this.admission.trackedSources());
		view.put("pid", config.pidFile().map(Object::toString).orElse(null));
		view.put("openConnections", this.admission.open());
		List<Map<String, Object>> binds = new ArrayList<>();
		for (BindAddress bind : config.binds()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("address", bind.toString());
			entry.put("state", states.getOrDefault(bind, false) ? BindsHealthIndicator.LISTENING
					: BindsHealthIndicator.NOT_LISTENING);
			binds.add(entry);
		}
		view.put("binds", binds);
		List<Map<String, Object>> services = new ArrayList<>();
		for (ServiceSpec service : config.allServices()) {
			services.add(service(service));
		}
		view.put("services", services);
		if (this.metrics != null) {
			view.put("unserved", this.metrics.counts(PortsplitMetrics.NO_SERVICE));
		}
		view.put("warnings", config.warningLines());
		return view;
	}

	private Map<String, Object> service(ServiceSpec service) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("name", service.name());
		entry.put("line", service.line());
		List<Map<String, Object>> patterns = new ArrayList<>();
		for (Condition condition : service.conditions()) {
			Map<String, Object> p = new LinkedHashMap<>();
			p.put(condition.option(), condition.value());
			p.put("line", condition.line());
			patterns.add(p);
		}
		entry.put("patterns", patterns);
		entry.put("action", service.action().toString());
		ServicePolicy policy = service.policy();
		entry.put("allow", ranges(policy.access().allowed()));
		entry.put("deny", ranges(policy.access().denied()));
		entry.put("maxconn", policy.maxconn());
		entry.put("open", this.admission.openIn(service.name()));
		entry.put("idleTimeoutSeconds", policy.idleTimeout().toSeconds());
		if (service.action() instanceof ActionSpec.Connect connect) {
			entry.put("proxy", connect.proxy().toString());
			entry.put("connectTimeoutSeconds", connect.connectTimeout().toSeconds());
		}
		if (this.metrics != null) {
			entry.put("counts", this.metrics.counts(service.name()));
		}
		return entry;
	}

	private static List<String> ranges(List<AddressRange> ranges) {
		return ranges.stream().map(AddressRange::toString).toList();
	}

	/** Reloads as SIGHUP does: 200 with the summary, or 400 with the file:line error (nothing changed). */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> reload() {
		Reloader.Result result = this.reloader.reload();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("applied", result.applied());
		body.put("message", result.message());
		return new WebEndpointResponse<>(body,
				result.applied() ? WebEndpointResponse.STATUS_OK : WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/** {@code GET /actuator/portsplit/explain?hex=474554}: the same text as {@code --check FILE --explain HEX}. */
	@ReadOperation(produces = "text/plain;charset=UTF-8")
	public WebEndpointResponse<String> explain(@Selector String operation, String hex) {
		if (!EXPLAIN.equals(operation)) {
			return new WebEndpointResponse<>("no such operation: " + operation + " (try explain?hex=...)\n",
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		byte[] data;
		try {
			data = Explainer.parseHex(hex);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(ex.getMessage() + "\n", WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(String.join("\n", Explainer.explain(this.router.current(), data)) + "\n");
	}
}
