package io.portsplit.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;

/**
 * The management web server's base directory and (empty) document root, made at its start
 * and removed with their content when the management context closes, after the server has
 * stopped. Spring Boot's own base directory is a {@code tomcat.PORT.*} directory in the
 * temporary directory that it cannot delete, since Tomcat writes an empty work tree into it:
 * a daemon restarted by its supervisor would leave one behind at every start. An operator's
 * {@code server.tomcat.basedir} is theirs and left alone.
 */
class ManagementServerDirectory implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
		DisposableBean {

	private static final String BASEDIR_PROPERTY = "server.tomcat.basedir";

	private static final String PREFIX = "portsplit-management-";

	private static final Log logger = LogFactory.getLog(ManagementServerDirectory.class);

	private final Environment environment;

	private volatile Path directory;

	ManagementServerDirectory(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (this.environment.containsProperty(BASEDIR_PROPERTY)) {
			return;
		}
		try {
			this.directory = Files.createTempDirectory(PREFIX);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the management server's directory in "
					+ System.getProperty("java.io.tmpdir"), ex);
		}
		factory.setBaseDirectory(this.directory.toFile());
		if (factory.getSettings().getDocumentRoot() == null) {
			Path root = this.directory.resolve("root");
			try {
				factory.setDocumentRoot(Files.createDirectory(root).toFile());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot create " + root, ex);
			}
		}
	}

	@Override
	public void destroy() {
		Path made = this.directory;
		if (made == null) {
			return;
		}
		this.directory = null;
		try (Stream<Path> tree = Files.walk(made)) {
			// Children before their parents; one that cannot go leaves its parents, not its siblings.
			tree.sorted(Comparator.reverseOrder()).forEach(ManagementServerDirectory::delete);
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("could not list " + made, ex);
		}
	}

	private static void delete(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			logger.debug("could not remove " + path, ex);
		}
	}
}
