package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** The fitting Job as the operator observes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FitJobStatus {
    /** Job name. */
    @JsonPropertyDescription("Name of the fitting Job, <sweep>-fit.")
    @Size(max = 63)
    private String name;

    /** Running, Succeeded or Failed. */
    @JsonPropertyDescription("Running, Succeeded or Failed.")
    @Size(max = 16)
    private String state;

    /** When the Job was created (RFC 3339). */
    @JsonPropertyDescription("When the Job was created (RFC 3339).")
    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    private String startedAt;

    /** Why the Job failed. */
    @JsonPropertyDescription("Why the Job failed.")
    @Size(max = SweepLimits.MAX_MESSAGE_LENGTH)
    private String message;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
