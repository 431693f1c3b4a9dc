package io.fastimage.operator;

import java.util.Optional;

/**
 * Where the registry finds the trained networks once they have loaded (the model repository implements
 * it): this interface lets the registry sit below the package that loads networks.
 */
public interface NetworkCatalog {

    /** The networks of {@code operatorId}; empty when the repository has no directory for it. */
    Optional<NetworkVariants> variants(String operatorId);
}
