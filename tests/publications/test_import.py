"""Importing files: linked publications, whole or nothing, merged by PMID or DOI."""

import io
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from fellowship.activity.models import ActivityEntry
from fellowship.news.models import NewsPost, PublicProfile
from fellowship.publications import importers
from fellowship.publications.models import Authorship, Publication

from .helpers import FILES, import_file, name_people


def test_a_pubmed_file_imports_into_linked_publications(world):
    result = import_file(world, "pubmed.xml", by=world.coordinator)
    assert result.ok, result.errors
    assert (result.format, result.created, result.merged, result.to_review) == (
        "pubmed-xml",
        2,
        0,
        1,
    )
    first = Publication.objects.get(pmid="39100001")
    authors = list(first.authors.order_by("position"))
    assert [(a.position, a.citation_name, a.match) for a in authors] == [
        (1, "Fellow F", "linked"),
        (2, "Okafor C", "none"),
        (3, "Mentor M", "linked"),
    ]
    assert authors[0].fellow == world.fellow_record
    assert authors[2].faculty == world.mentor_faculty
    assert first.citation == (
        "Fellow F, Okafor C, Mentor M. Reading the chart: social determinants of health in "
        "pediatric notes. J Am Med Inform Assoc. 2026;33(2):301-310. PMID: 39100001; "
        "PMCID: PMC11910001."
    )
    assert first.source == "pubmed.xml"
    # "Other O" is initials only: it waits for review and links nobody.
    other = Authorship.objects.get(publication__pmid="39100002", position=1)
    assert other.match == "review" and other.fellow is None and other.faculty is None
    assert other.candidates == [
        {"kind": "fellow", "pk": world.other_fellow_record.pk, "label": "Otto Other (fellow)"}
    ]
    assert ActivityEntry.objects.filter(verb="publications_imported").count() == 1


def test_each_format_imports(world):
    for name, count in (("sample.nbib", 2), ("sample.ris", 2), ("sample.bib", 2)):
        result = import_file(world, name)
        assert result.ok, (name, result.errors)
        assert result.total == count
    # The MEDLINE and BibTeX files hold the same article (same DOI): merged, not twice.
    assert Publication.objects.filter(doi="10.1093/jamia/ocae9001").count() == 1
    assert Publication.objects.count() == 5


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad.nbib", ["record 1 (line 1): it has no year of publication", "record 3 (line 10)"]),
        ("broken.ris", ["record 2 (line 8)", "record 3 (line 13)"]),
        ("broken.bib", ["record 2 (line 8)", "record 3 (line 13): it has no year of publication"]),
        ("mixed.xml", ["record 2: <PubmedBookArticle>", "record 3: it has no title"]),
        ("broken.xml", ["the file is not well-formed XML (line 7)"]),
    ],
)
def test_a_bad_record_stops_the_whole_file(world, name, expected):
    result = import_file(world, name)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    for start, message in zip(expected, messages, strict=False):
        assert message.startswith(start), messages
    assert len(messages) >= len(expected)
    # The good records of the same file were not written either.
    assert Publication.objects.count() == 0
    assert Authorship.objects.count() == 0
    assert result.total == 0


def test_a_record_twice_in_one_file_is_reported(world):
    text = (FILES / "sample.nbib").read_text() + "\n" + (FILES / "sample.nbib").read_text()
    result = importers.import_publications(
        by=world.coordinator, program=world.program, file_text=text
    )
    assert "record 3 (line 41): duplicate of record 1 (the same PMID 39000001)" in [
        str(e) for e in result.errors
    ]
    assert Publication.objects.count() == 0


def test_invalid_identifiers_are_named(world):
    text = "PMID- 5\nDP  - 2024\nTI  - A title.\nFAU - Fellow, Fay\nPMC - 12X\nLID - 11.1/x [doi]\n"
    result = importers.import_publications(
        by=world.coordinator, program=world.program, file_text=text
    )
    messages = [str(e) for e in result.errors]
    assert "record 1 (line 1): PMCID: A PMCID reads PMC followed by digits" in messages
    assert Publication.objects.count() == 0


def test_a_file_that_is_not_utf8(world):
    result = importers.import_publications(
        by=world.coordinator,
        program=world.program,
        file_text="TY  - JOUR\nTI  - Caf\xe9\n".encode("latin-1"),
    )
    assert [str(e) for e in result.errors] == ["line 2: the file is not UTF-8 text."]


def test_importing_again_merges_and_fills_in_without_duplicating(world):
    name_people(world)
    first = (
        "PMID- 39100001\nDP  - 2026\nTI  - Reading the chart.\nFAU - Fellow, Fay\n"
        "PST - aheadofprint\n"
    )
    result = importers.import_publications(
        by=world.coordinator, program=world.program, file_text=first
    )
    assert result.created == 1
    publication = Publication.objects.get()
    publication.status = Publication.Status.ACCEPTED
    publication.save()
    result = import_file(world, "pubmed.xml")
    assert (result.created, result.merged) == (1, 1)
    publication.refresh_from_db()
    assert Publication.objects.filter(pmid="39100001").count() == 1
    # Blank fields were filled in from PubMed; the status moved forward.
    assert (publication.journal, publication.volume, publication.doi) == (
        "J Am Med Inform Assoc", "33", "10.1093/jamia/ocae9101",
    )  # fmt: skip
    assert publication.status == Publication.Status.PUBLISHED
    again = import_file(world, "pubmed.xml")
    assert (again.created, again.merged, again.unchanged) == (0, 0, 2)


def test_a_record_matching_two_recorded_publications_merges_them(world):
    name_people(world)
    by_pmid = Publication.objects.create(
        program=world.program, title="A", year=2026, pmid="39100001"
    )
    by_doi = Publication.objects.create(
        program=world.program, title="A (preprint)", year=2026, doi="10.1093/jamia/ocae9101"
    )
    result = import_file(world, "pubmed.xml")
    assert result.ok
    assert not Publication.objects.filter(pk=by_doi.pk).exists()
    kept = Publication.objects.get(pk=by_pmid.pk)
    assert (kept.pmid, kept.doi) == ("39100001", "10.1093/jamia/ocae9101")


def test_a_fellows_published_article_suggests_one_draft(world):
    # Fay agreed to be shown on the public site: suggested text names only those who agreed.
    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
    import_file(world, "pubmed.xml", by=world.coordinator)
    post = NewsPost.objects.get(program=world.program, kind="publication")
    assert post.state == NewsPost.State.DRAFT
    assert list(post.fellows.all()) == [world.fellow_record]
    assert "Fay Fellow" in post.title and "published" in post.title
    import_file(world, "pubmed.xml")
    assert NewsPost.objects.filter(kind="publication").count() == 1


def test_the_import_command(world, tmp_path):
    name_people(world)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "publications", str(FILES / "pubmed.xml"), "--program", world.program.slug,
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "Imported 2 publications (2 new" in out.getvalue()
    assert "1 author needs a decision" in out.getvalue()
    assert Publication.objects.count() == 2


def test_the_import_command_with_a_format_and_a_bad_file(world):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        call_command(
            "import", "publications", str(FILES / "bad.nbib"), "--format", "medline",
            "--program", world.program.slug, stdout=out, stderr=err,
        )  # fmt: skip
    assert raised.value.returncode == 2
    assert "record 1 (line 1): it has no year of publication" in err.getvalue()
    assert Publication.objects.count() == 0


def test_the_import_command_refuses_an_unknown_format(world):
    with pytest.raises(CommandError):
        call_command("import", "publications", str(FILES / "sample.ris"), "--format", "endnote")


# PubMed by PMID: recorded E-utilities responses stand in for the network ------------------


class RecordedEutils:
    """Stands in for urllib.request.urlopen: answers from a recorded efetch response."""

    def __init__(self, name):
        self.body = (FILES / name).read_bytes()
        self.urls = []

    def __call__(self, url, timeout=None):
        self.urls.append(url)
        return io.BytesIO(self.body)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_fetch_by_pmid_imports_the_recorded_efetch_response(world, monkeypatch):
    name_people(world)
    eutils = RecordedEutils("efetch-39100003.xml")
    monkeypatch.setattr(urllib.request, "urlopen", eutils)
    result = importers.import_from_pubmed(
        program=world.program, pmids=importers.parse_pmids("PMID: 39100003"), by=world.director
    )
    assert result.ok and result.created == 1
    (url,) = eutils.urls
    assert url.startswith("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?")
    assert "db=pubmed" in url and "id=39100003" in url and "retmode=xml" in url
    publication = Publication.objects.get(pmid="39100003")
    assert publication.source == "PubMed 39100003"
    assert publication.authors.get(position=1).faculty == world.unrelated_faculty_record


def test_a_pmid_pubmed_does_not_know_is_named(world, monkeypatch):
    monkeypatch.setattr(urllib.request, "urlopen", RecordedEutils("efetch-39100003.xml"))
    result = importers.import_from_pubmed(program=world.program, pmids=["39100003", "1"])
    assert [str(e) for e in result.errors] == ["PMID 1 was not found in PubMed."]
    assert Publication.objects.count() == 0


def test_pmids_are_checked_before_anything_is_fetched(no_network):
    assert importers.parse_pmids("38012345, 37999999 38012345") == ["38012345", "37999999"]
    with pytest.raises(ValueError, match="“PMC123” is not a PMID"):
        importers.parse_pmids("38012345 PMC123")
    with pytest.raises(ValueError, match="at least one"):
        importers.parse_pmids(" , ")
