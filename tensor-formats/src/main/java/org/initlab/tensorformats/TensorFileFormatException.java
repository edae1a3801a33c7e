package org.initlab.tensorformats;

import java.io.IOException;

/**
 * A tensor file that could be read but is not valid: a truncated file, a malformed header, an unsupported
 * data type, offsets outside the data. The message says what is wrong and where, in words a user can act on
 * ({@code weights.safetensors: tensor '0.weight' has data_offsets [0, 400] beyond the 96 bytes of data}).
 */
public final class TensorFileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, starting with the file
     */
    public TensorFileFormatException(String message) {
        super(message);
    }
}
