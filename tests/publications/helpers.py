"""Publications for tests: the world's people named as the sample files print them."""

from pathlib import Path

from fellowship.publications.importers import import_publications
from fellowship.publications.models import Authorship, Publication

FILES = Path(__file__).parent / "files"


def name_people(world):
    """The files cite Fellow F, Other O, Mentor M and Unrelated U: name the world so."""
    for record, first, last in (
        (world.mentor_faculty, "Mina", "Mentor"),
        (world.unrelated_faculty_record, "Uma", "Unrelated"),
    ):
        record.first_name, record.last_name = first, last
        record.save()
    return world


def import_file(world, name, *, by=None, format=None):
    by = by or world.coordinator
    name_people(world)
    return import_publications(
        program=world.program,
        file_text=(FILES / name).read_bytes(),
        format=format,
        by=by,
        source=name,
    )


def publication_for(world):
    """The world's imported PubMed sample; its first article links Fay Fellow and her mentor."""
    found = Publication.objects.filter(program=world.program, pmid="39100001").first()
    if found is None:
        result = import_file(world, "pubmed.xml", by=world.coordinator)
        assert result.ok, result.errors
        found = Publication.objects.get(program=world.program, pmid="39100001")
    return found


def authorship_to_review(world):
    publication_for(world)
    return Authorship.objects.get(publication__program=world.program, match="review")
