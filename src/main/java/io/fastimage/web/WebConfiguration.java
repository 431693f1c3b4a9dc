package io.fastimage.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Installs the API-key check on the pixel endpoints when a key is configured, and Tomcat's problem+json error report
 * ({@link ProblemErrorReportValve}) in place of its HTML page.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final FastImageProperties properties;

    WebConfiguration(FastImageProperties properties) {
        this.properties = properties;
    }

    /**
     * Replaces the host's error report valves (Tomcat's default and the one Spring Boot adds) by the problem+json one.
     * Unordered, so it runs after Boot's customizer (order 0) and Boot's valve has been added when its context customizer runs; the host is told the class
     * too, or it would add its default valve again when it starts.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReport() {
        return factory -> factory.addContextCustomizers(context -> {
            Pipeline pipeline = context.getParent().getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve());
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (!properties.apiKey().isBlank()) {
            registry.addInterceptor(new ApiKeyInterceptor(properties.apiKey()))
                    .addPathPatterns("/api/v1/operators/*/apply", "/api/v1/operators/*/compare");
        }
    }
}
