package org.initlab.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.train.TrialResult;

/**
 * {@code DIR/trials.jsonl}: every finished trial, one JSON object per line (the fields of a
 * {@code results.json} trial plus {@code spec}, the {@link TrialSpec}, and {@code data}, which data it ran on).
 * Each line is written with one write call and synced to disk before the next trial starts, so a killed run
 * loses at most the trial in progress; a torn last line (a crash during the write) is ignored on read with a
 * warning and cut off before anything is appended.
 */
final class TrialJournal implements AutoCloseable {
    /** The journal's file name. */
    static final String FILE = "trials.jsonl";

    /** A trial read back from a journal. */
    record Entry(TrialSpec spec, TrialResult result, String data) {
    }

    /** What a journal holds: its trials and the length of its well-formed prefix. */
    record Contents(List<Entry> entries, long validBytes) {
        Contents {
            entries = List.copyOf(entries);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final FileChannel channel;
    private final String data;

    private TrialJournal(FileChannel channel, String data) {
        this.channel = channel;
        this.data = data;
    }

    /**
     * Reads a journal.
     *
     * @param file the journal
     * @param warn receives a one-line warning for a torn last line
     * @return its trials in file order; empty when the file does not exist
     * @throws IllegalArgumentException for a damaged line that is not the last one
     */
    static Contents read(Path file, Consumer<String> warn) {
        if (!Files.exists(file)) {
            return new Contents(List.of(), 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        List<Entry> entries = new ArrayList<>();
        long valid = 0;
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean terminated = end < bytes.length;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            boolean last = !terminated || end + 1 >= bytes.length;
            try {
                if (!line.isBlank()) {
                    if (!terminated) {
                        throw new IllegalArgumentException("no end of line");
                    }
                    entries.add(parse(mapper, line));
                }
                valid = end + 1L;
            } catch (IllegalArgumentException | JsonProcessingException e) {
                if (!last) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + " is damaged ("
                            + e.getMessage().lines().findFirst().orElse("") + "); move the file away to start over");
                }
                warn.accept("ignoring the torn last line " + lineNumber + " of " + file
                        + " (a run stopped while writing it); that trial runs again");
            }
            start = end + 1;
        }
        return new Contents(entries, Math.min(valid, bytes.length));
    }

    private static Entry parse(ObjectMapper mapper, String line) throws JsonProcessingException {
        JsonNode node = mapper.readTree(line);
        if (node == null || !node.isObject() || !node.has("spec")) {
            throw new IllegalArgumentException("not a trial object");
        }
        return new Entry(TrialJson.parseSpec(node.get("spec")), TrialJson.parseTrial(node),
                node.path("data").asText(""));
    }

    /**
     * Finished trials of a journal that belong to the requested experiment.
     *
     * @param contents  what the journal holds
     * @param requested the trials of the requested experiment
     * @param data      the requested data, as written in each line's {@code data}
     * @param file      the journal, for messages
     * @return the results by trial; entries for other initializers or seeds are left out
     * @throws IllegalArgumentException when the journal was written for another experiment or other data
     */
    static Map<TrialSpec, TrialResult> finished(Contents contents, List<TrialSpec> requested, String data, Path file) {
        Map<TrialSpec, TrialResult> finished = new LinkedHashMap<>();
        if (requested.isEmpty()) {
            return finished;
        }
        TrialSpec reference = requested.get(0);
        for (Entry e : contents.entries()) {
            var difference = e.spec().firstDifference(reference);
            if (difference.isPresent()) {
                throw new IllegalArgumentException(file + " was written for another experiment ("
                        + difference.get() + ", journal vs requested); use another --out or run without --resume");
            }
            if (!e.data().equals(data)) {
                throw new IllegalArgumentException(file + " was written for other data (" + e.data() + " vs "
                        + data + ", journal vs requested); use another --out or run without --resume");
            }
            if (requested.contains(e.spec())) {
                finished.put(e.spec(), e.result());
            }
        }
        return finished;
    }

    /**
     * Refuses to start a new run over the journal of another one.
     *
     * @param file   the journal
     * @param resume whether the run continues the journal ({@code --resume})
     * @param force  whether the run starts over, discarding the journal ({@code --force})
     * @throws IllegalArgumentException when the journal holds trials and neither is given
     */
    static void checkStart(Path file, boolean resume, boolean force) {
        if (resume || force) {
            return;
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                throw new IllegalArgumentException(file.getParent() + " already holds a run (" + FILE + "): continue it "
                        + "with --resume, or start over with --force (its trials are discarded)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a journal for appending.
     *
     * @param file       the journal
     * @param keepBytes  how many bytes of the existing file to keep (its well-formed prefix; 0 starts over)
     * @param data       what the trials run on, written into every line
     * @return the open journal
     */
    static TrialJournal open(Path file, long keepBytes, String data) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(keepBytes);
            channel.position(keepBytes);
            channel.force(true);
            return new TrialJournal(channel, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends a finished trial and syncs it to disk.
     *
     * @param spec   the trial
     * @param result its result
     */
    synchronized void append(TrialSpec spec, TrialResult result) {
        ObjectNode node = TrialJson.trial(mapper, result);
        node.set("spec", TrialJson.spec(mapper, spec));
        node.put("data", data);
        try {
            ByteBuffer line = ByteBuffer.wrap((mapper.writeValueAsString(node) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the trial journal: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the trial journal: " + e.getMessage(), e);
        }
    }
}
