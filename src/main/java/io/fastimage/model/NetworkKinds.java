package io.fastimage.model;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of network kinds by {@code architecture.type}: every {@link NetworkKind} listed in
 * {@code META-INF/services/io.fastimage.model.NetworkKind}. A service list rather than a switch here keeps
 * this package ignorant of the kinds, which live in packages of their own above it.
 */
public final class NetworkKinds {

    private static final Map<String, NetworkKind> KINDS = load();

    private NetworkKinds() {
    }

    private static Map<String, NetworkKind> load() {
        Map<String, NetworkKind> kinds = new TreeMap<>();
        for (NetworkKind kind : ServiceLoader.load(NetworkKind.class, NetworkKind.class.getClassLoader())) {
            if (kinds.putIfAbsent(kind.type(), kind) != null) {
                throw new IllegalStateException("two network kinds share the type '" + kind.type() + "'");
            }
        }
        return kinds;
    }

    /**
     * The kind named {@code type}.
     *
     * @throws IllegalArgumentException naming the known types when there is none
     */
    public static NetworkKind of(String type) {
        NetworkKind kind = KINDS.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("must be one of " + KINDS.keySet() + ", got '" + type + "'");
        }
        return kind;
    }
}
