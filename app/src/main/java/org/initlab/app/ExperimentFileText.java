package org.initlab.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the text of an experiment file and refuses what the YAML mapper would silently misread: anything that
 * is not a regular file (a FIFO or {@code /dev/zero} would block or never end), more than {@value #MAX_BYTES}
 * bytes, text that is not UTF-8, an empty file, aliases (Jackson reads {@code *a} as the string {@code a}), a
 * key given twice and a second document.
 */
final class ExperimentFileText {
    /** The largest experiment file read (a real one is well under a kilobyte). */
    static final int MAX_BYTES = 1 << 20;

    private ExperimentFileText() {
    }

    /**
     * @param file the experiment file
     * @return its text, checked
     * @throws IllegalArgumentException naming the file and the problem
     * @throws IOException              when it cannot be read
     */
    static String read(Path file) throws IOException {
        return read(file, "experiment file");
    }

    /**
     * The same checks for another kind of settings file ({@code sweep -f}).
     *
     * @param file the file
     * @param kind what the messages call it, e.g. {@code "sweep file"}
     * @return its text, checked
     * @throws IllegalArgumentException naming the file and the problem
     * @throws IOException              when it cannot be read
     */
    static String read(Path file, String kind) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(kind + " " + file + " is not a regular file (a directory, "
                    + "device or pipe); give a YAML file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(kind + " " + file + " has " + Files.size(file)
                    + " bytes, more than the " + MAX_BYTES + " " + withArticle(kind) + " may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(kind + " " + file + " grew past " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(kind + " " + file + " is not UTF-8 text (a binary file?)", e);
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(kind + " " + file + " holds NUL bytes (a binary file?)");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException(kind + " " + file + " is empty");
        }
        checkStructure(file, kind, text);
        return text;
    }

    private static void checkStructure(Path file, String kind, String text) {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            Deque<Set<String>> keys = new ArrayDeque<>();
            int depth = 0;
            int documents = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    throw new IllegalArgumentException(kind + " " + file + ": line "
                            + parser.currentLocation().getLineNr() + " uses a YAML alias (*" + parser.getText()
                            + "), which " + kind + "s do not expand; write the value out");
                }
                if (depth == 0 && ++documents > 1) {
                    throw new IllegalArgumentException(kind + " " + file + " holds more than one YAML "
                            + "document (a second '---' at line " + parser.currentLocation().getLineNr() + ")");
                }
                switch (token) {
                    case START_OBJECT -> {
                        depth++;
                        keys.push(new HashSet<>());
                    }
                    case START_ARRAY -> {
                        depth++;
                        keys.push(new HashSet<>());
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        keys.pop();
                    }
                    case FIELD_NAME -> {
                        if (!keys.peek().add(parser.currentName())) {
                            throw new IllegalArgumentException(kind + " " + file + ": field '"
                                    + parser.currentName() + "' is given twice (line "
                                    + parser.currentLocation().getLineNr() + ")");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // left to the mapper, whose message names the field
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + kind + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code kind} after "a" or "an" ("an experiment file", "a sweep file") */
    private static String withArticle(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }
}
