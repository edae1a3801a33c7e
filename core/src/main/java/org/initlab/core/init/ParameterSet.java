package org.initlab.core.init;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/** The parameters of a network by path, in network order. */
@API(status = STABLE, since = "0.1")
public final class ParameterSet {
    private final Map<String, ParameterTensor> tensors;

    /**
     * @param tensors the tensors in order; paths must be unique
     */
    public ParameterSet(List<ParameterTensor> tensors) {
        Map<String, ParameterTensor> map = new LinkedHashMap<>();
        for (ParameterTensor t : tensors) {
            if (map.put(t.spec().path(), t) != null) {
                throw new IllegalArgumentException("duplicate parameter path " + t.spec().path());
            }
        }
        this.tensors = Collections.unmodifiableMap(map);
    }

    /** @return the tensors in order */
    public List<ParameterTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** @return the paths in order */
    public List<String> paths() {
        return List.copyOf(tensors.keySet());
    }

    /**
     * @param path a parameter path such as {@code 0.weight}
     * @return the tensor, if present
     */
    public Optional<ParameterTensor> find(String path) {
        return Optional.ofNullable(tensors.get(path));
    }

    /**
     * @param path a parameter path that must exist
     * @return its values (not a copy)
     * @throws IllegalArgumentException if absent
     */
    public float[] values(String path) {
        ParameterTensor t = tensors.get(path);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + path + "' (have " + tensors.keySet() + ")");
        }
        return t.values();
    }

    /** @return a deep copy */
    public ParameterSet copy() {
        List<ParameterTensor> copies = new ArrayList<>();
        for (ParameterTensor t : tensors.values()) {
            copies.add(new ParameterTensor(t.spec(), t.values().clone()));
        }
        return new ParameterSet(copies);
    }

    /** @return the number of scalars over all tensors */
    public long scalarCount() {
        return tensors.values().stream().mapToLong(t -> t.values().length).sum();
    }
}
