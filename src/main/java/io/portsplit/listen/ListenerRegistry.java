package io.portsplit.listen;

import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.messaging.MessageChannel;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.firstbytes.FirstBytesWaiter;
import io.portsplit.firstbytes.FirstReadExecutor;
import io.portsplit.route.ServiceRouter;
import io.portsplit.session.ConnectionObservers;
import io.portsplit.threads.TaskThreads;

/**
 * The set of listening addresses. Each bind is a Spring Integration inbound adapter
 * flow, registered at run time so that a reload can add and remove binds while the
 * others keep their sockets.
 */
public final class ListenerRegistry {

	private static final Log logger = LogFactory.getLog(ListenerRegistry.class);

	private final IntegrationFlowContext flows;

	private final MessageChannel decisions;

	private final ServiceRouter router;

	private final Admission admission;

	private final ConnectionObservers observers;

	private final TaskThreads threads;

	private final FirstBytesWaiter waiter;

	private final TcpConnectionInterceptorFactory interceptors;

	private final ApplicationEventPublisher publisher;

	private final Map<BindAddress, BindListener> listeners = new LinkedHashMap<>();

	private final EarlyBinds earlyBinds;

	ListenerRegistry(IntegrationFlowContext flows, MessageChannel decisions, ServiceRouter router, Admission admission,
			ConnectionObservers observers, TaskThreads threads, FirstBytesWaiter waiter,
			TcpConnectionInterceptorFactory interceptors, ApplicationEventPublisher publisher, EarlyBinds earlyBinds) {
		this.flows = flows;
		this.decisions = decisions;
		this.router = router;
		this.admission = admission;
		this.observers = observers;
		this.threads = threads;
		this.waiter = waiter;
		this.interceptors = interceptors;
		this.publisher = publisher;
		this.earlyBinds = earlyBinds;
	}

	/**
	 * Makes the listening set equal to {@code wanted}. New addresses are all opened
	 * before anything else changes, so a failure leaves the previous set as it was.
	 * @return the addresses that started listening, for the caller to announce once the pid
	 * file is written
	 * @throws ListenFailedException naming the first address that could not be opened
	 */
	public synchronized List<BindAddress> apply(List<BindAddress> wanted) {
		Map<BindAddress, ServerSocketChannel> opened = new LinkedHashMap<>();
		Set<BindAddress> early = new HashSet<>();
		try {
			for (BindAddress bind : wanted) {
				if (!this.listeners.containsKey(bind)) {
					ServerSocketChannel taken = this.earlyBinds.take(bind);
					if (taken != null && taken.isOpen()) {
						early.add(bind);
						opened.put(bind, taken);
					}
					else {
						opened.put(bind, EarlyBinds.openChannel(bind));
					}
				}
			}
		}
		catch (ListenFailedException ex) {
			opened.values().forEach(EarlyBinds::closeQuietly);
			throw ex;
		}
		for (BindAddress bind : new ArrayList<>(this.listeners.keySet())) {
			if (!wanted.contains(bind)) {
				remove(bind, true);
			}
		}
		opened.forEach((bind, channel) -> register(bind, channel, early.contains(bind)));
		// Only the first apply finds sockets opened early; none may stay open unlistened.
		this.earlyBinds.close();
		return List.copyOf(opened.keySet());
	}

	/** The "listening on" line of each newly opened bind. */
	public static void announce(List<BindAddress> opened) {
		opened.forEach(bind -> logger.info("listening on " + bind));
	}

	/** Stops listening everywhere and closes the clients not routed yet; routed ones belong to their actions. */
	public synchronized void stopAll() {
		new ArrayList<>(this.listeners.keySet()).forEach(bind -> remove(bind, false));
	}

	/** Every bind and whether its accept loop is running, in file order. */
	public synchronized Map<BindAddress, Boolean> states() {
		Map<BindAddress, Boolean> states = new LinkedHashMap<>();
		this.listeners.forEach((bind, listener) -> states.put(bind, listener.isListening() && listener.channel().isOpen()));
		return states;
	}

	private void register(BindAddress bind, ServerSocketChannel channel, boolean openedEarly) {
		BindListener listener = new BindListener(bind, channel, this.router::current, this.admission, this.observers,
				openedEarly);
		listener.setTaskExecutor(new FirstReadExecutor(this.threads, "accept " + bind, this.waiter));
		TcpConnectionInterceptorFactoryChain chain = new TcpConnectionInterceptorFactoryChain();
		chain.setInterceptor(this.interceptors);
		listener.setInterceptorFactoryChain(chain);
		listener.setSoTcpNoDelay(true);
		listener.setLookupHost(false);
		listener.setApplicationEventPublisher(this.publisher);
		// Straight to 'decisions', with no channel of the flow's own in between: a reload that removes this
		// bind removes the flow, and a client accepted here but still undecided is routed after that.
		IntegrationFlow flow = IntegrationFlow.from(Tcp.inboundAdapter(listener).outputChannel(this.decisions)).get();
		// As a bean of the flow, the factory gets the bean factory and scheduler it needs for its events.
		this.flows.registration(flow).id(flowId(bind)).addBean(flowId(bind) + " factory", listener).register();
		this.listeners.put(bind, listener);
	}

	private void remove(BindAddress bind, boolean keepClients) {
		BindListener listener = this.listeners.remove(bind);
		if (keepClients) {
			// A reload leaves clients accepted here but not yet routed alone: only the listening socket closes.
			listener.forgetAll();
		}
		this.flows.remove(flowId(bind));
		EarlyBinds.closeQuietly(listener.channel());
		logger.info("stopped listening on " + bind);
	}

	private static String flowId(BindAddress bind) {
		return "listener " + bind;
	}
}
