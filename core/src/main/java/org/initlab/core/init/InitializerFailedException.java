package org.initlab.core.init;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * An initializer failed in a way that is not a refusal of its input: it threw something other than
 * {@link IllegalArgumentException} (a bug in a plugin, say) or recursed until the stack ran out. The trial
 * that used it fails; other trials go on.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class InitializerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the initializer, the parameter and what it threw
     * @param cause   what it threw
     */
    public InitializerFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param spec      the initializer's spec
     * @param parameter the parameter it was filling or refining, e.g. {@code 0.weight [512, 784]}
     * @param thrown    what it threw
     * @return the exception, with a one-line message
     */
    static InitializerFailedException of(String spec, String parameter, Throwable thrown) {
        String what = thrown instanceof StackOverflowError ? "recursed until the stack ran out (StackOverflowError)"
                : "threw " + thrown.getClass().getName() + (thrown.getMessage() == null ? ""
                : ": " + thrown.getMessage().replaceAll("\\s+", " ").strip());
        return new InitializerFailedException(spec + " failed on " + parameter + ": it " + what, thrown);
    }
}
