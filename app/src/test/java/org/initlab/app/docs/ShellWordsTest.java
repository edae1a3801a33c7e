package org.initlab.app.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell-style splitting and the fence scanning that {@link ReferenceDocsTest} relies on. */
class ShellWordsTest {
    @Test
    void quotesKeepSpacesAndCommasTogether() {
        assertThat(ShellWords.split("./initlab compare --init 'he-uniform(a=0.1, mode=fan_out)' --out \"my dir/x\""))
                .containsExactly("./initlab", "compare", "--init", "he-uniform(a=0.1, mode=fan_out)", "--out",
                        "my dir/x");
    }

    @Test
    void commentsPipesAndRedirectionsEndTheCommand() {
        assertThat(ShellWords.split("./initlab compare      # the classic experiment")).containsExactly("./initlab",
                "compare");
        assertThat(ShellWords.split("./initlab list | grep he")).containsExactly("./initlab", "list");
        assertThat(ShellWords.split("./initlab bench --json > bench.json")).containsExactly("./initlab", "bench",
                "--json");
        assertThat(ShellWords.split("./initlab bench 2> err.txt")).containsExactly("./initlab", "bench");
        assertThat(ShellWords.split("./initlab sample --init 'a#b|c>d'")).containsExactly("./initlab", "sample",
                "--init", "a#b|c>d");
    }

    @Test
    void unterminatedQuotesAreReported() {
        assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("./initlab compare --init 'he"))
                .withMessageContaining("single quote");
    }

    @Test
    void continuationLinesInAShellFenceFormOneCommand() {
        List<String> markdown = List.of("text", "```sh", "./initlab compare --init 'he-normal' \\",
                "      --epochs 2   # two", "./initlab list", "```", "```", "./initlab not-shell", "```");
        List<DocumentedCommands.Quoted> found = DocumentedCommands.find(Path.of("x.md"), markdown);
        assertThat(found).extracting(DocumentedCommands.Quoted::line).containsExactly(3, 5);
        assertThat(ShellWords.split(found.get(0).text())).containsExactly("./initlab", "compare", "--init",
                "he-normal", "--epochs", "2");
    }
}
