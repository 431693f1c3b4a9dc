package io.fastimage.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for what it refuses before any servlet runs (a request line, URI or header it cannot parse,
 * a header too large), as problem+json with the stable type of its status instead of Tomcat's HTML page. What reaches
 * a servlet is answered by {@link ProblemHandler} or {@link ProblemErrorController}; this valve writes only where
 * nothing was written yet.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone: no one would read the report
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiException.TYPE_BASE + ProblemTypes.slug(status));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", status == 400 ? "the server could not parse the request: its request line, URI (which "
                + "must be percent-encoded UTF-8) or headers (which must stay within the server's size limit)" : title + ".");
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was committed meanwhile; there is no one left to tell.
        }
    }
}
