package io.fastimage.web;

import ai.djl.Device;
import io.fastimage.codec.DecodeLimits;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.NativeSetup;
import io.fastimage.pipeline.WorkerPool;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info}: the device the networks run on and the effective limits. */
@Component
class ServiceInfoContributor implements InfoContributor {

    private final Device device;
    private final WorkerPool workers;
    private final FastImageProperties properties;

    ServiceInfoContributor(Device device, WorkerPool workers, FastImageProperties properties) {
        this.device = device;
        this.workers = workers;
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        NativeSetup.Choice natives = NativeSetup.configure();
        builder.withDetail("inference", Map.of(
                "device", device.toString(),
                "deviceType", device.getDeviceType(),
                "gpusVisible", Devices.gpuCount(),
                "engine", "PyTorch (DJL)",
                "onednnMaxCpuIsa", natives.isa(),
                "onednnMaxCpuIsaSource", natives.source(),
                "jemalloc", natives.jemalloc()));
        builder.withDetail("limits", Map.of(
                "maxBytes", properties.limits().maxBytes().toBytes(),
                "maxPixels", properties.limits().maxPixels(),
                "maxSide", DecodeLimits.MAX_SIDE,
                "workers", workers.workers(),
                "queueCapacity", workers.queueCapacity(),
                "requestTimeoutSeconds", properties.limits().requestTimeout().toSeconds()));
    }
}
