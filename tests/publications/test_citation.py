"""NIH-style citations, as biosketches and progress reports print them."""

from fellowship.publications.citation import nih_citation


def test_a_published_article_with_pmid_and_pmcid():
    text = nih_citation(
        authors=["Fellow F", "Mentor MM"],
        title="Reading the chart",
        journal="J Am Med Inform Assoc",
        year=2026,
        volume="33",
        issue="2",
        pages="301-310",
        pmid="39100001",
        pmcid="PMC11910001",
        doi="10.1093/jamia/ocae9101",
    )
    assert text == (
        "Fellow F, Mentor MM. Reading the chart. J Am Med Inform Assoc. 2026;33(2):301-310. "
        "PMID: 39100001; PMCID: PMC11910001."
    )


def test_a_title_keeps_its_question_mark_and_the_doi_stands_in_for_a_pmid():
    text = nih_citation(
        authors=["Other O"],
        title="Who links the records?",
        journal="J Biomed Inform.",
        year=2025,
        volume="152",
        pages="104712",
        doi="10.1016/j.jbi.2025.104712",
    )
    assert text == (
        "Other O. Who links the records? J Biomed Inform. 2025;152:104712. "
        "doi:10.1016/j.jbi.2025.104712."
    )


def test_a_work_in_press_says_so_instead_of_volume_and_pages():
    text = nih_citation(
        authors=["Mentor M"], title="Audit trails", journal="NPJ Digit Med", year=2026,
        volume="9", pages="1-2", status="In press",
    )  # fmt: skip
    assert text == "Mentor M. Audit trails. NPJ Digit Med. 2026. In press."


def test_an_issue_without_volume():
    text = nih_citation(authors=[], title="Notes", journal="J", year=2020, issue="3")
    assert text == "Notes. J. 2020;(3)."
