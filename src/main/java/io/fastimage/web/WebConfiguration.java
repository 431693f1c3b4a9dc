package io.fastimage.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Installs the API-key check on the pixel endpoints when a key is configured. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final FastImageProperties properties;

    WebConfiguration(FastImageProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (!properties.apiKey().isBlank()) {
            registry.addInterceptor(new ApiKeyInterceptor(properties.apiKey()))
                    .addPathPatterns("/api/v1/operators/*/apply", "/api/v1/operators/*/compare");
        }
    }
}
