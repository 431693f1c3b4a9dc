import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Run once while the image is built (Java source-launcher mode, classpath = the application's libraries):
 * starting the PyTorch engine makes DJL unpack its natives into DJL_CACHE_DIR, so a container start
 * never unpacks or downloads anything. One small tensor operation proves the natives really load.
 */
public class DjlNativeWarmup {

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray sum = manager.ones(new Shape(4, 4)).sum();
            if (sum.getFloat() != 16f) {
                throw new IllegalStateException("PyTorch natives computed " + sum.getFloat() + " instead of 16");
            }
        }
        System.out.println("PyTorch " + engine.getVersion() + " natives ready in " + System.getenv("DJL_CACHE_DIR"));
    }
}
