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
 * daemon's JVM before anything else happens (the JVM switch, {@code jvm.DaemonJvm}): this
 * class loads the switch's classes from the jar's {@code BOOT-INF/classes}, and JNA from
 * its {@code BOOT-INF/jna} (a copy the build unpacks there), with a plain class loader.
 * Spring Boot's launcher, which opens every nested jar, would cost this short-lived JVM
 * more than the switch itself. Whatever does not end in the execve (not the plain form,
 * any failure) goes on to Spring Boot's launcher, and so to {@link Start}, as a jar
 * without this class would.
 */
public final class FirstStage {

	private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private static final String SWITCH = "io.portsplit.jvm.DaemonJvm";

	private FirstStage() {
	}

	public static void main(String[] args) throws Throwable {
		switchJvm(System.err);
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
			String inJar = "jar:".concat(jar.toString()).concat("!/BOOT-INF/");
			// Not closed: on success the process is replaced, otherwise the launcher reads the same jar next.
			URLClassLoader classes = new URLClassLoader(
					new URL[] { new URL(inJar.concat("classes/")), new URL(inJar.concat("jna/")) },
					FirstStage.class.getClassLoader());
			// A method handle, not Method.invoke: the JVM's first reflective call fixes how reflection works in it.
			MethodHandle replace = MethodHandles.publicLookup().findStatic(classes.loadClass(SWITCH),
					"replaceIfPlainFromFirstStage", MethodType.methodType(void.class, PrintStream.class));
			replace.invokeExact(err);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// Start tries again with the JNA of the daemon's class path
		}
	}
}
