package io.portsplit;

import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;

/**
 * The jar's {@code Main-Class}, the one class at its root beside Spring Boot's launcher
 * (the build puts it there). A plain {@code java -jar portsplit.jar} is replaced with the
 * daemon's JVM before anything else happens (the JVM switch, {@code jvm.DaemonJvm}); on
 * JDK 22 and later this class does it at once, loading the switch's classes from the
 * jar's {@code BOOT-INF/classes} with the JDK's own class loader and making its libc calls
 * through the JDK's foreign function API. Spring Boot's launcher, which opens every nested
 * jar, and JNA, which is unpacked and loaded from one, cost that JVM more than the switch
 * itself. Whatever does not end in the execve (not
 * the plain form, an older JDK, any failure) goes on to Spring Boot's launcher, and so to
 * {@link Start}, as a jar without this class would.
 */
public final class FirstStage {

	private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private static final String SWITCH = "io.portsplit.jvm.DaemonJvm";

	/**
	 * {@code ForeignCalls.FIRST_FEATURE_VERSION}, repeated because this class refers to nothing
	 * of portsplit's: on an older JDK it goes to the launcher without loading the switch at all.
	 */
	private static final int FIRST_FOREIGN_FEATURE_VERSION = 22;

	private FirstStage() {
	}

	public static void main(String[] args) throws Throwable {
		if (Runtime.version().feature() >= FIRST_FOREIGN_FEATURE_VERSION) {
			switchJvm(System.err);
		}
		MethodHandles.publicLookup()
			.findStatic(Class.forName(LAUNCHER), "main", MethodType.methodType(void.class, String[].class))
			.invokeExact(args);
	}

	/** Returns unless the process was replaced. */
	private static void switchJvm(PrintStream err) {
		try {
			CodeSource source = FirstStage.class.getProtectionDomain().getCodeSource();
			URL jar = (source != null) ? source.getLocation() : null;
			if (jar == null || !jar.getPath().endsWith(".jar")) {
				return;
			}
			// Not closed: on success the process is replaced, otherwise the launcher reads the same jar next.
			URLClassLoader classes = new URLClassLoader(
					new URL[] { new URL("jar:".concat(jar.toString()).concat("!/BOOT-INF/classes/")) },
					FirstStage.class.getClassLoader());
			// A method handle, not Method.invoke: the JVM's first reflective call fixes how reflection works in it.
			MethodHandle replace = MethodHandles.publicLookup().findStatic(classes.loadClass(SWITCH),
					"replaceIfPlainThroughForeignCalls", MethodType.methodType(void.class, PrintStream.class));
			replace.invokeExact(err);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// Start tries again through JNA
		}
	}
}
