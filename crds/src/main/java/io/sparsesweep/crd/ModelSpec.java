package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The model family's sizes; each size is one value of the N axis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelSpec {
    /** The sizes to train, each a set of transformer dimensions. */
    @JsonPropertyDescription(
            "Model sizes to train, 1-32 with unique names; each is one value of the N axis.")
    @Required
    @Size(min = 1, max = 32)
    @ValidationRule(
            value = "self.all(a, self.exists_one(b, b.name == a.name))",
            message = "spec.model.sizes names must be unique")
    private List<ModelSize> sizes = new ArrayList<>();

    public List<ModelSize> getSizes() {
        return sizes;
    }

    public void setSizes(List<ModelSize> sizes) {
        this.sizes = sizes;
    }
}
