"""Consent holds on the whole public site: a crawl from the public home, as anyone.

The crawl follows every internal link (pages, the feed, thesis files) and reads every
answer. A fellow who never agreed is named nowhere, in full or as cited ("Other O"); a
fellow who agreed is found (so the crawl does reach the pages that would name her) and,
once she withdraws, is named nowhere either, not even at the addresses found before.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from django.utils.text import slugify

from fellowship.news import services as news_services
from fellowship.news.consent import name_forms
from fellowship.publications.models import Authorship, Publication
from fellowship.thesis.models import Thesis
from tests.news.helpers import post_for
from tests.publications.helpers import publication_for
from tests.thesis.helpers import confirm_all, thesis_at, thesis_public_document

pytestmark = pytest.mark.usefixtures("private_media")

# Never followed: the staff side asks for a login (a redirect) and says nothing public.
NOT_PUBLIC = ("/accounts/", "/admin/", "/p/", "/home/", "/static/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def internal_links(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    links = re.findall(r'<link href="(http://testserver[^"]*)"', page)  # Atom entries
    links = [u.removeprefix("http://testserver") for u in [*parser.found, *links]]
    return [urldefrag(u).url for u in links if u.startswith("/") and not u.startswith("//")]


def crawl(client, start=("/",)) -> dict[str, str]:
    """Every public address reachable from `start`: {url: what it answered, as text}."""
    client.logout()
    seen, queue = {}, list(start)
    while queue:
        url = queue.pop()
        if url in seen or urlsplit(url).path.startswith(NOT_PUBLIC):
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = f"{response.status_code}\n" + body.decode("utf-8", "replace")
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and ("html" in kind or "atom" in kind):
            queue.extend(internal_links(body.decode("utf-8", "replace")))
    return seen


def naming(pages: dict[str, str], fellow) -> list[str]:
    """The addresses whose answer or address names the fellow in any form, also as a
    post's slug says it ("fay-fellow")."""
    forms = [re.escape(form) for form in name_forms(fellow)]
    slugs = [rf"(?<![\w-]){re.escape(slugify(form))}(?!\w)" for form in name_forms(fellow)]
    said = re.compile("|".join(forms + slugs))
    return [url for url, text in pages.items() if said.search(f"{url}\n{text}")]


@pytest.fixture
def public_site(world):
    """Fay Fellow agreed to be shown; Otto Other never did. Both are authors of an accepted
    paper with Fay's mentor, both are named in published news, Fay's defense is announced
    and her final thesis is public."""
    fay, otto = world.fellow_record, world.other_fellow_record
    news_services.public_profile_set(fellow=fay, show_profile=True, by=world.coordinator)
    thesis = thesis_at(world, Thesis.State.DEFENSE_SCHEDULED)
    confirm_all(world, thesis)
    document = thesis_public_document(world, public=True)
    published = publication_for(world)  # Fellow F, ..., Mentor M, Other O
    accepted = Publication.objects.create(
        program=world.program, title="Unpublished but accepted", year=2026, status="accepted"
    )
    for position, (last, initials, person) in enumerate(
        [("Other", "O", {"fellow": otto}), ("Fellow", "F", {"fellow": fay}),
         ("Mentor", "M", {"faculty": world.mentor_faculty})], start=1,
    ):  # fmt: skip
        Authorship.objects.create(
            publication=accepted, position=position, last_name=last, initials=initials,
            match=Authorship.Match.LINKED, **person,
        )  # fmt: skip
    post = post_for(
        world,
        title="Otto Other and Fay Fellow win an award",
        summary="Fay Fellow and Otto Other share it.",
        body="Congratulations to **Otto Other** and Fay Fellow (Other O, Fellow F).",
        state="published",
    )
    post.fellows.set([fay, otto])
    post.faculty.set([world.mentor_faculty])
    return {"document": document, "papers": (published, accepted), "post": post}


def test_the_crawl_reaches_every_public_page_and_file(client, world, public_site):
    pages = crawl(client)
    document_url = reverse(
        "thesis_public:document", kwargs={"public_id": public_site["document"].public_id}
    )
    for url in (
        reverse("public:faculty", kwargs={"pk": world.mentor_faculty.pk}),
        reverse("public:people"),
        reverse("thesis_public:defenses"),
        public_site["post"].get_public_url(),
        document_url,
    ):
        assert any(urlsplit(u).path == url for u in pages), url
    assert pages[document_url].startswith("200\n%PDF")
    assert any("/news/feed.atom" in u for u in pages)


def test_no_page_feed_or_file_names_a_fellow_who_has_not_agreed(client, world, public_site):
    pages = crawl(client)
    assert naming(pages, world.other_fellow_record) == []
    assert naming(pages, world.fellow_record)  # she agreed: the crawl finds her
    faculty = pages[reverse("public:faculty", kwargs={"pk": world.mentor_faculty.pk})]
    assert "a fellow of the program, <strong>Fellow F</strong>" in faculty


def test_withdrawn_consent_takes_her_name_off_every_page_at_once(client, world, public_site):
    before = crawl(client)
    news_services.public_profile_set(
        fellow=world.fellow_record, show_profile=False, by=world.coordinator
    )
    after = crawl(client)
    again = crawl(client, start=list(before))  # the addresses found while she agreed
    for pages in (after, again):
        assert naming(pages, world.fellow_record) == []
        assert naming(pages, world.other_fellow_record) == []
    document_url = reverse(
        "thesis_public:document", kwargs={"public_id": public_site["document"].public_id}
    )
    assert again[document_url].startswith("404\n")
