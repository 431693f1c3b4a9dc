package io.fastimage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's run command, {@code mvn spring-boot:run}, starts the JVM the way the Docker image does:
 * without Boot's optimized launch (C1-only JIT), with jemalloc when it is installed, the same heap share.
 * Read from pom.xml and the Dockerfile, the files that decide it.
 */
class RunConfigurationTest {

    private static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
    private static Element project;

    @BeforeAll
    static void readPom() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        project = pom.getDocumentElement();
    }

    @Test
    void springBootRunTurnsTheOptimizedLaunchOff() {
        Element configuration = child(bootPlugin(), "configuration");
        assertThat(text(configuration, "optimizedLaunch")).isEqualTo("false");
        assertThat(resolve(text(configuration, "jvmArguments"))).doesNotContain("TieredStopAtLevel");
    }

    @Test
    void springBootRunPreloadsJemallocWhenInstalledAndSizesTheHeapLikeTheImage() throws Exception {
        Element environment = child(child(bootPlugin(), "configuration"), "environmentVariables");
        Element jemalloc = profile("jemalloc");
        assertThat(text(child(child(jemalloc, "activation"), "file"), "exists")).isEqualTo(JEMALLOC);
        Element profileProperties = child(jemalloc, "properties");
        assertThat(resolve(text(environment, "LD_PRELOAD"), profileProperties)).isEqualTo(JEMALLOC);
        assertThat(resolve(text(environment, "MALLOC_CONF"), profileProperties))
                .isEqualTo("dirty_decay_ms:-1,muzzy_decay_ms:-1");
        // Without the profile (no jemalloc installed) nothing is preloaded: no ld.so error at start.
        assertThat(resolve(text(environment, "LD_PRELOAD"))).isEmpty();

        String heap = resolve(text(child(bootPlugin(), "configuration"), "jvmArguments"));
        assertThat(heap).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("JDK_JAVA_OPTIONS=\"" + heap + " ", "LD_PRELOAD=" + JEMALLOC,
                "MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1");
    }

    private static Element bootPlugin() {
        for (Element plugin : children(child(child(project, "build"), "plugins"), "plugin")) {
            if (text(plugin, "artifactId").equals("spring-boot-maven-plugin")) {
                return plugin;
            }
        }
        throw new AssertionError("no spring-boot-maven-plugin in pom.xml");
    }

    private static Element profile(String id) {
        for (Element profile : children(child(project, "profiles"), "profile")) {
            if (text(profile, "id").equals(id)) {
                return profile;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    /** Replaces {@code ${name}} by the profile's value if given, else by the project's property. */
    private static String resolve(String value, Element... overrides) {
        Matcher matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = null;
            for (Element properties : overrides) {
                replacement = optionalText(properties, name);
            }
            if (replacement == null) {
                replacement = optionalText(child(project, "properties"), name);
            }
            assertThat(replacement).as("property " + name).isNotNull();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(resolved).toString().trim();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as(parent.getTagName() + "/" + name).hasSize(1);
        return found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && ((Element) nodes.item(i)).getTagName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static String optionalText(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
