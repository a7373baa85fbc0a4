"""The publication pages: import (file and PMID), review of uncertain authors, status, merge."""

import io
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.publications.models import Authorship, Publication
from tests import factories as f

from .helpers import FILES, authorship_to_review, name_people, publication_for


def url(world, name, **kwargs):
    return reverse(f"publications:{name}", kwargs={"program": world.program.slug, **kwargs})


def upload(name, content=None):
    return SimpleUploadedFile(name, content if content is not None else (FILES / name).read_bytes())


def test_the_coordinator_imports_a_file_and_is_sent_to_review(client, world):
    name_people(world)
    client.force_login(world.coordinator)
    response = client.post(url(world, "import"), {"format": "", "file": upload("pubmed.xml")})
    assert response.status_code == 302
    assert response["Location"] == url(world, "review")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Imported 2 publications (2 new, 0 merged with recorded ones)" in text
    assert "Otto Other (fellow)" in text and "None of them" in text


def test_a_bad_file_on_the_page_lists_every_problem_and_imports_nothing(client, world):
    client.force_login(world.coordinator)
    response = client.post(url(world, "import"), {"format": "ris", "file": upload("broken.ris")})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was imported." in text and "2 problems" in text
    assert "the record does not start with its type" in text
    assert "the record has no end line" in text
    assert Publication.objects.count() == 0


def test_a_file_that_is_too_big_is_refused(client, world, monkeypatch):
    from fellowship.publications import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
    client.force_login(world.coordinator)
    response = client.post(url(world, "import"), {"file": upload("sample.ris")})
    assert "the largest file you can import is 5 MB" in response.content.decode()
    assert Publication.objects.count() == 0


def test_fetch_by_pmid_on_the_page_with_a_recorded_response(client, world, monkeypatch):
    name_people(world)
    body = (FILES / "efetch-39100003.xml").read_bytes()
    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout=None: io.BytesIO(body))
    client.force_login(world.director)
    response = client.post(url(world, "import"), {"pmids": "39100003"})
    assert response.status_code == 302 and response["Location"] == url(world, "list")
    assert Publication.objects.get().pmid == "39100003"


def test_without_network_the_page_says_to_import_a_file(client, world, monkeypatch):
    def offline(url, timeout=None):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    client.force_login(world.coordinator)
    response = client.post(url(world, "import"), {"pmids": "39100003"})
    assert response.status_code == 200
    assert "PubMed could not be reached (Network is unreachable)" in response.content.decode()
    assert Publication.objects.count() == 0


def test_a_bad_pmid_on_the_page(client, world, monkeypatch):
    monkeypatch.setattr(urllib.request, "urlopen", None)  # never called
    client.force_login(world.coordinator)
    response = client.post(url(world, "import"), {"pmids": "39100003 abc"})
    assert "“abc” is not a PMID" in response.content.decode()


@pytest.mark.parametrize("role", ["fellow", "mentor", "anonymous"])
def test_only_the_staff_may_import(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.post(url(world, "import"), {"file": upload("pubmed.xml")})
    assert response.status_code in (302, 403)
    assert Publication.objects.count() == 0


def test_the_review_links_the_chosen_person(client, world):
    authorship = authorship_to_review(world)
    client.force_login(world.coordinator)
    person = f"fellow:{world.other_fellow_record.pk}"
    response = client.post(url(world, "review"), {"authorship": authorship.pk, "person": person})
    assert response.status_code == 302
    authorship.refresh_from_db()
    assert authorship.match == "linked" and authorship.fellow == world.other_fellow_record
    assert authorship.candidates == [] and authorship.review_reason == ""
    assert "No author waits for a decision" in client.get(url(world, "review")).content.decode()


def test_the_review_can_say_nobody_of_the_program(client, world):
    authorship = authorship_to_review(world)
    client.force_login(world.director)
    client.post(url(world, "review"), {"authorship": authorship.pk, "person": "none"})
    authorship.refresh_from_db()
    assert (authorship.match, authorship.fellow, authorship.faculty) == ("none", None, None)


def test_the_review_refuses_a_person_of_another_program(client, world):
    authorship = authorship_to_review(world)
    stranger = f.FellowFactory(program=world.other_program)
    client.force_login(world.coordinator)
    response = client.post(
        url(world, "review"),
        {"authorship": authorship.pk, "person": f"fellow:{stranger.pk}"},
        follow=True,
    )
    assert "Choose one of the program" in response.content.decode()
    authorship.refresh_from_db()
    assert authorship.match == "review" and authorship.fellow is None


def test_the_review_of_another_programs_author_is_not_found(client, world):
    authorship = authorship_to_review(world)
    other_director = f.UserFactory()
    f.staff_role(other_director, world.other_program, "director")
    client.force_login(other_director)
    other_url = reverse("publications:review", kwargs={"program": world.other_program.slug})
    response = client.post(other_url, {"authorship": authorship.pk, "person": "none"})
    assert response.status_code == 404


def test_a_fellow_may_not_resolve_an_author(client, world):
    authorship = authorship_to_review(world)
    client.force_login(world.fellow)
    response = client.post(url(world, "review"), {"authorship": authorship.pk, "person": "none"})
    assert response.status_code == 403
    authorship.refresh_from_db()
    assert authorship.match == "review"


def test_recording_acceptance_then_publication(client, world):
    publication = Publication.objects.create(program=world.program, title="Notes", year=2026,
                                             status="accepted")  # fmt: skip
    Authorship.objects.create(publication=publication, position=1, last_name="Fellow",
                              initials="F", fellow=world.fellow_record, match="linked")  # fmt: skip
    client.force_login(world.coordinator)
    client.post(url(world, "status", pk=publication.pk), {"status": "published"})
    publication.refresh_from_db()
    assert publication.status == "published"
    # The draft suggested for the fellow's article: one per publication.
    assert world.program.news_posts.filter(source_key=f"publication:{publication.pk}").count() == 1


def test_merging_a_duplicate_on_the_page(client, world):
    keep = publication_for(world)
    duplicate = Publication.objects.create(
        program=world.program, title="Reading the chart (preprint)", year=2025, volume=""
    )
    Authorship.objects.create(publication=duplicate, position=4, last_name="Late", initials="L")
    client.force_login(world.coordinator)
    response = client.post(url(world, "merge", pk=keep.pk), {"duplicate": duplicate.pk})
    assert response.status_code == 302
    assert not Publication.objects.filter(pk=duplicate.pk).exists()
    assert keep.authors.filter(position=4, last_name="Late").exists()


def test_merging_a_publication_into_itself_is_refused(client, world):
    keep = publication_for(world)
    client.force_login(world.coordinator)
    response = client.post(url(world, "merge", pk=keep.pk), {"duplicate": keep.pk}, follow=True)
    assert "Only two different publications" in response.content.decode()
    assert Publication.objects.filter(pk=keep.pk).exists()


def test_the_list_shows_nih_citations_with_members_in_bold(client, world):
    publication_for(world)
    client.force_login(world.fellow)
    text = client.get(url(world, "list")).content.decode()
    assert "<strong>Fellow F</strong>, Okafor C, <strong>Mentor M</strong>." in text
    assert 'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/39100001/"' in text
    assert "Import publications" not in text  # a fellow does not import


def count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def add_publications(world, n):
    """n publications, each with a linked fellow and an author waiting for review."""
    for i in range(n):
        publication = Publication.objects.create(program=world.program, title=f"P{i}", year=2020)
        Authorship.objects.create(
            publication=publication, position=1, last_name="Fellow",
            fellow=world.fellow_record, match="linked",
        )  # fmt: skip
        Authorship.objects.create(publication=publication, position=2, last_name="Doe",
                                  match="review")  # fmt: skip


@pytest.mark.parametrize("name", ["list", "review"])
def test_query_count_does_not_grow_with_rows(client, world, name):
    client.force_login(world.coordinator)
    add_publications(world, 1)
    one = count(client, url(world, name))
    add_publications(world, 6)
    assert count(client, url(world, name)) == one


@pytest.mark.parametrize("junk", ["abc", "²", "-1", "99999999999999999999999", ""])
def test_a_review_of_an_author_that_is_not_an_id_is_not_found(client, world, junk):
    authorship = authorship_to_review(world)
    client.force_login(world.coordinator)
    response = client.post(url(world, "review"), {"authorship": junk, "person": "none"})
    assert response.status_code == 404
    response = client.post(
        url(world, "review"), {"authorship": authorship.pk, "person": f"fellow:{junk}"}, follow=True
    )
    assert "Choose who this author is" in response.content.decode()


@pytest.mark.parametrize("junk", ["abc", "²", "99999999999999999999999"])
def test_merging_a_duplicate_that_is_not_an_id_is_refused(client, world, junk):
    keep = publication_for(world)
    client.force_login(world.coordinator)
    response = client.post(url(world, "merge", pk=keep.pk), {"duplicate": junk}, follow=True)
    assert "Choose the duplicate to merge" in response.content.decode()
