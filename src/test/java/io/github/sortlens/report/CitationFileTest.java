package io.github.sortlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CITATION.cff} at the repository's root is valid Citation File Format 1.2.0, which GitHub's "Cite this
 * repository" and Zenodo read. {@code cffconvert --validate} is a Python tool this build cannot fetch, so the rules of
 * the format's 1.2.0 schema that a file like ours can break are checked here: the required keys and their types,
 * no key the schema does not know (it allows none), authors as persons or entities with only their keys, and the
 * patterns of dates, DOIs and URLs. The report cites the same authors ({@link CitationFile}).
 */
class CitationFileTest {

    private static final Set<String> TOP = Set.of("abstract", "authors", "cff-version", "commit", "contact",
            "date-released", "doi", "identifiers", "keywords", "license", "license-url", "message",
            "preferred-citation", "references", "repository", "repository-artifact", "repository-code", "title",
            "type", "url", "version");
    private static final Set<String> PERSON = Set.of("address", "affiliation", "alias", "city", "country", "email",
            "family-names", "fax", "given-names", "name-particle", "name-suffix", "orcid", "post-code", "region",
            "tel", "website");
    private static final Set<String> ENTITY = Set.of("address", "alias", "city", "country", "date-end", "date-start",
            "email", "fax", "location", "name", "orcid", "post-code", "region", "tel", "website");
    private static final String DATE = "[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])";
    private static final String URL = "(https|http|ftp|sftp)://.+";
    private static final String DOI = "10\\.\\d{4,9}(\\.\\d+)?/[A-Za-z0-9:/_;\\-.()\\[\\]\\\\]+";

    /** What breaks the CFF 1.2.0 rules in a parsed file, one line each; empty when valid. */
    static List<String> problems(JsonNode cff) {
        List<String> p = new ArrayList<>();
        if (!cff.isObject()) {
            return List.of("the file is not a YAML mapping");
        }
        for (Iterator<String> it = cff.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP.contains(key)) {
                p.add("unknown key " + key);
            }
        }
        if (!cff.path("cff-version").asText("").equals("1.2.0")) {
            p.add("cff-version must be 1.2.0");
        }
        for (String key : List.of("message", "title")) {
            if (!cff.path(key).isTextual() || cff.path(key).asText().isEmpty()) {
                p.add(key + " is required: a non-empty text");
            }
        }
        JsonNode authors = cff.path("authors");
        if (!authors.isArray() || authors.isEmpty()) {
            p.add("authors is required: a non-empty list");
        }
        for (JsonNode a : authors) {
            List<String> keys = new ArrayList<>();
            a.fieldNames().forEachRemaining(keys::add);
            boolean entity = a.has("name") && ENTITY.containsAll(keys) && a.path("name").isTextual()
                    && !a.path("name").asText().isEmpty();
            boolean person = !a.has("name") && PERSON.containsAll(keys) && !keys.isEmpty();
            if (!a.isObject() || !(entity || person)) {
                p.add("author " + a + " is neither a person (given-names, family-names, ...) nor an entity (name)");
            }
            for (String k : keys) {
                if (!a.get(k).isTextual()) {
                    p.add("author's " + k + " is not a text");
                }
            }
        }
        if (cff.has("type") && !Set.of("software", "dataset").contains(cff.get("type").asText())) {
            p.add("type is software or dataset");
        }
        if (cff.has("keywords") && (!cff.get("keywords").isArray() || !allText(cff.get("keywords")))) {
            p.add("keywords is a list of texts");
        }
        if (cff.has("version") && !(cff.get("version").isTextual() || cff.get("version").isNumber())) {
            p.add("version is a text or a number");
        }
        match(cff, "date-released", DATE, p);
        match(cff, "doi", DOI, p);
        for (String key : List.of("url", "repository", "repository-code", "repository-artifact", "license-url")) {
            match(cff, key, URL, p);
        }
        if (cff.has("abstract") && (!cff.get("abstract").isTextual() || cff.get("abstract").asText().isEmpty())) {
            p.add("abstract is a non-empty text");
        }
        return p;
    }

    private static boolean allText(JsonNode list) {
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void match(JsonNode cff, String key, String pattern, List<String> p) {
        if (cff.has(key) && !(cff.get(key).isTextual() && cff.get(key).asText().matches(pattern))) {
            p.add(key + " " + cff.get(key) + " does not match " + pattern);
        }
    }

    private static JsonNode yaml(String text) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void theRepositoryCitationFileIsValidCff120() throws IOException {
        Path file = Path.of("CITATION.cff");
        assertEquals(List.of(), problems(yaml(Files.readString(file))), file.toAbsolutePath().toString());
    }

    @Test
    void theChecksRejectWhatTheSchemaRejects() throws IOException {
        assertEquals(List.of("authors is required: a non-empty list"), problems(yaml("""
                cff-version: 1.2.0
                message: cite it
                title: t
                """)));
        assertEquals(List.of("unknown key author", "authors is required: a non-empty list"), problems(yaml("""
                cff-version: 1.2.0
                message: cite it
                title: t
                author: someone
                """)));
        List<String> bad = problems(yaml("""
                cff-version: 1.1.0
                message: cite it
                title: t
                type: paper
                date-released: 2026-13-01
                doi: https://doi.org/10.5281/zenodo.1
                authors:
                  - given-names: Ada
                    name: Ada Lovelace
                """));
        assertTrue(bad.contains("cff-version must be 1.2.0"), bad.toString());
        assertTrue(bad.contains("type is software or dataset"), bad.toString());
        assertTrue(bad.stream().anyMatch(s -> s.startsWith("date-released")), bad.toString());
        assertTrue(bad.stream().anyMatch(s -> s.startsWith("doi")), bad.toString());
        assertTrue(bad.stream().anyMatch(s -> s.startsWith("author {")), bad.toString());
    }

    /** The pages cite the file's authors, a person as BibTeX's "Family, Given" and an entity kept whole in braces. */
    @Test
    void thePagesCiteTheFilesAuthors() throws IOException {
        CitationFile bundled = CitationFile.bundled();
        CitationFile root = CitationFile.parse(yaml(Files.readString(Path.of("CITATION.cff"))));
        assertEquals(root, bundled, "the jar bundles the repository's CITATION.cff");
        CitationFile two = CitationFile.parse(yaml("""
                title: t
                authors:
                  - given-names: Ada
                    name-particle: de
                    family-names: Lovelace
                  - name: R&D Team
                """));
        assertEquals(List.of("Ada de Lovelace", "R&D Team"), two.authors());
        assertEquals("de Lovelace, Ada and {R\\&D Team}", two.bibtexAuthors());
    }
}
