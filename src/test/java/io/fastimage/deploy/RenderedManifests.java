package io.fastimage.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes objects of one `helm template` output, looked up by kind, with path access into them. */
final class RenderedManifests {

    private final List<Map<String, Object>> objects = new ArrayList<>();

    @SuppressWarnings("unchecked")
    RenderedManifests(String multiDocumentYaml) {
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(multiDocumentYaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> matches = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        if (matches.size() > 1) {
            throw new AssertionError("more than one " + kind + " rendered");
        }
        return matches.stream().findFirst();
    }

    Map<String, Object> get(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
    }

    List<Object> kinds() {
        return objects.stream().map(o -> o.get("kind")).toList();
    }

    /** Follows a dotted path of map keys; list elements are addressed by their index, e.g. {@code containers.0}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(key);
            } else if (node instanceof List<?> list) {
                node = list.get(Integer.parseInt(key));
            } else {
                throw new AssertionError("no '" + key + "' in path " + path + " (reached " + node + ")");
            }
        }
        return (T) node;
    }
}
