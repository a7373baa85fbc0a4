"""The file readers, on files shaped as PubMed, reference managers and BibTeX write them."""

from pathlib import Path

import pytest

from fellowship.publications import formats

FILES = Path(__file__).parent / "files"


def read(name, format=None):
    return formats.parse((FILES / name).read_text(encoding="utf-8"), format)


def authors(record):
    return [(a.last_name, a.fore_name, a.initials) for a in record.authors]


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("pubmed.xml", "pubmed-xml"),
        ("sample.nbib", "medline"),
        ("sample.ris", "ris"),
        ("sample.bib", "bibtex"),
    ],
)
def test_the_format_is_recognised_from_the_file(name, format):
    assert formats.detect_format((FILES / name).read_text()) == format


def test_pubmed_xml_as_efetch_returns_it():
    parsed = read("pubmed.xml")
    assert parsed.problems == []
    first, second = parsed.records
    assert first.number == 1
    # Inline markup (<i>) is kept as text; the final period of the title is the citation's.
    assert first.title == "Reading the chart: social determinants of health in pediatric notes"
    assert first.journal == "J Am Med Inform Assoc"
    assert (first.year, first.volume, first.issue, first.pages) == (2026, "33", "2", "301-310")
    assert (first.pmid, first.pmcid) == ("39100001", "PMC11910001")
    assert first.doi == "10.1093/jamia/ocae9101"  # DOIs compare in lower case
    assert first.status == formats.PUBLISHED
    # An author PubMed marks not valid (ValidYN="N") is left out; order is kept.
    assert authors(first) == [
        ("Fellow", "Fay", "F"),
        ("Okafor", "Chidi", "C"),
        ("Mentor", "Mina", "M"),
    ]
    # A MedlineDate gives the year; a missing ISO abbreviation falls back on MedlineTA.
    assert (second.year, second.journal, second.pages) == (2025, "J Biomed Inform", "104712")
    assert authors(second) == [("Other", "", "O"), ("Pediatric Rare Disease Consortium", "", "")]


def test_medline_text_joins_continuation_lines_and_reads_full_names():
    parsed = read("sample.nbib")
    assert parsed.problems == []
    first, second = parsed.records
    assert first.title.startswith("Language models that read the chart: extracting social")
    assert first.title.endswith("from pediatric clinical notes")
    assert (first.pmid, first.pmcid, first.doi) == (
        "39000001",
        "PMC11900001",
        "10.1093/jamia/ocae9001",
    )
    assert (first.journal, first.year, first.volume, first.issue) == (
        "J Am Med Inform Assoc",
        2026,
        "33",
        "2",
    )
    assert authors(first) == [
        ("Fellow", "Fay", "F"),
        ("Okafor", "Chidi", "C"),
        ("Mentor", "Mina", "M"),
    ]
    assert (second.number, second.line, second.pmid) == (2, 30, "38000005")


def test_medline_with_short_names_only():
    text = "PMID- 5\nDP  - 2024 Mar\nTI  - Short names.\nAU  - Fellow FM\nAU  - Mentor M\n"
    (record,) = formats.parse(text).records
    assert authors(record) == [("Fellow", "", "FM"), ("Mentor", "", "M")]


def test_ris_reads_identifiers_from_notes_and_in_press_type():
    parsed = read("sample.ris")
    assert parsed.problems == []
    first, second = parsed.records
    assert (first.journal, first.pages, first.pmid) == ("Appl Clin Inform", "45-53", "39000011")
    assert authors(first) == [("Fellow", "Fay", "F"), ("Unrelated", "Uma", "U")]
    # A DOI given as a resolver link is stored bare and in lower case.
    assert second.doi == "10.1038/s41746-026-00001"
    assert second.status == formats.IN_PRESS
    assert second.line == 15


def test_bibtex_decodes_latex_and_reads_publication_state():
    parsed = read("sample.bib")
    assert parsed.problems == []
    first, second = parsed.records
    assert authors(first)[1] == ("Müller", "Jörg", "J")
    assert first.pages == "301-310"  # "301--310"
    assert second.title == "Accepted work on FHIR pipelines"  # braces gone
    assert second.status == formats.ACCEPTED


def test_malformed_xml_is_reported_with_its_line():
    parsed = read("broken.xml")
    assert parsed.records == []
    assert [str(p) for p in parsed.problems] == [
        "the file is not well-formed XML (line 7): mismatched tag: line 7, column 6."
    ]


def test_xml_entities_are_refused():
    parsed = read("entities.xml")
    assert parsed.records == []
    assert "entities" in str(parsed.problems[0])


def test_xml_of_another_kind_is_refused():
    parsed = formats.parse("<eSearchResult><Count>0</Count></eSearchResult>", "pubmed-xml")
    assert "not a PubMed <PubmedArticleSet>" in str(parsed.problems[0])


def test_a_book_chapter_in_pubmed_xml_is_reported_by_its_record_number():
    parsed = read("mixed.xml")
    assert [r.number for r in parsed.records] == [1, 3]
    assert [p.number for p in parsed.problems] == [2]
    assert "PubmedBookArticle" in parsed.problems[0].message


def test_medline_line_that_is_not_a_field():
    parsed = read("bad.nbib")
    assert [str(p) for p in parsed.problems] == [
        "record 3 (line 10): line 13 is not a MEDLINE field (“TAG - value”): "
        "“this line is not a field”"
    ]


def test_ris_records_without_type_or_end():
    parsed = read("broken.ris")
    assert [r.number for r in parsed.records] == [1]
    assert [str(p) for p in parsed.problems] == [
        "record 2 (line 8): the record does not start with its type “TY  - ”.",
        "record 3 (line 13): the record has no end line “ER  -”.",
    ]


def test_bibtex_entry_that_cannot_be_read():
    parsed = read("broken.bib")
    assert [r.number for r in parsed.records] == [1, 3]
    (problem,) = parsed.problems
    assert (problem.number, problem.line) == (2, 8)
    assert "closing `}`" in problem.message


def test_a_file_in_no_known_format():
    parsed = formats.parse("Title,Year\nSomething,2020\n")
    assert parsed.records == []
    assert "not one of the formats" in str(parsed.problems[0])


def test_an_empty_file_of_a_chosen_format():
    parsed = formats.parse("", "ris")
    assert str(parsed.problems[0]) == "the file holds no RIS (.ris) record."


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("doi: 10.1000/xyz", "10.1000/xyz"),
        ("http://dx.doi.org/10.5/1", "10.5/1"),
    ],
)
def test_doi_normalised(value, doi):
    assert formats.normal_doi(value) == doi


def test_initials_from_given_names():
    assert formats.initials_of("Jean-Paul M.") == "JPM"
    assert formats.Author("Fellow", "Fay M.").initials == "FM"
