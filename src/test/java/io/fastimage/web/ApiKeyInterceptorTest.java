package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyInterceptorTest {

    private final ApiKeyInterceptor interceptor = new ApiKeyInterceptor("s3cret-key");

    @Test
    void acceptsTheKeyInItsHeaderOrAsBearerToken() {
        MockHttpServletRequest header = new MockHttpServletRequest();
        header.addHeader("X-API-Key", "s3cret-key");
        assertThat(interceptor.preHandle(header, new MockHttpServletResponse(), new Object())).isTrue();

        MockHttpServletRequest bearer = new MockHttpServletRequest();
        bearer.addHeader("Authorization", "Bearer s3cret-key");
        assertThat(interceptor.preHandle(bearer, new MockHttpServletResponse(), new Object())).isTrue();
    }

    @Test
    void refusesMissingOrWrongKeysWith401() {
        for (String key : new String[] {null, "", "s3cret-ke", "s3cret-key2"}) {
            MockHttpServletRequest request = new MockHttpServletRequest();
            if (key != null) {
                request.addHeader("X-API-Key", key);
            }
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThatThrownBy(() -> interceptor.preHandle(request, response, new Object()))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }
}
