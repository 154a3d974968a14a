package io.github.sortlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository's {@code CITATION.cff}, bundled in the jar at build time (pom.xml resources), read for the authors
 * that every page's Cite block and the Scholar tags name. One source: GitHub's "Cite this repository", Zenodo and the
 * report cite the same people.
 *
 * @param title   the software's title
 * @param authors each author as cited: a person as "Given Family", an entity by its name
 * @param bibtexAuthors the authors as BibTeX's author field takes them: "Family, Given" and "{Entity name}" (so that
 *                      BibTeX does not split an entity into given and family names), joined by " and "
 */
public record CitationFile(String title, List<String> authors, String bibtexAuthors) {

    static final String RESOURCE = "/about/CITATION.cff";

    public CitationFile {
        authors = List.copyOf(authors);
    }

    /** The bundled file; a build without it, or one that does not parse, is a {@link ReportException}. */
    public static CitationFile bundled() {
        try (InputStream in = CitationFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ReportException("CITATION.cff is not bundled (" + RESOURCE + " is missing from the "
                        + "classpath): build with Maven, which copies it from the repository root");
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new ReportException("cannot read the bundled CITATION.cff: " + e.getMessage(), e);
        }
    }

    static CitationFile parse(JsonNode cff) {
        List<String> authors = new ArrayList<>();
        List<String> bibtex = new ArrayList<>();
        for (JsonNode a : cff.path("authors")) {
            if (a.hasNonNull("name")) {
                authors.add(a.get("name").asText());
                bibtex.add("{" + Edition.tex(a.get("name").asText()) + "}");
            } else {
                String given = a.path("given-names").asText("");
                String family = (a.path("name-particle").asText("") + " " + a.path("family-names").asText(""))
                        .strip();
                authors.add((given + " " + family).strip());
                bibtex.add(Edition.tex(family) + (given.isEmpty() ? "" : ", " + Edition.tex(given)));
            }
        }
        if (authors.isEmpty() || !cff.hasNonNull("title")) {
            throw new ReportException("the bundled CITATION.cff has no title or no authors");
        }
        return new CitationFile(cff.get("title").asText(), authors, String.join(" and ", bibtex));
    }
}
