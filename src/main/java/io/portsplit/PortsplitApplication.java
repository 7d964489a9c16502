package io.portsplit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot application; {@link Main} is the command-line entry point. */
@SpringBootApplication
public class PortsplitApplication {
}
