"""The public website: no login, only published news, only what each person agreed to show."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.news import services
from fellowship.news.models import PublicProfile
from fellowship.programs.models import Fellow
from tests import factories as f
from tests.publications.helpers import publication_for

from .helpers import post_for, published_post_for

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_PAGES = ["web:public_home", "public:news_list", "public:labs", "public:people"]


def consent(world, record, **shown):
    kind = "fellow" if isinstance(record, Fellow) else "faculty"
    return services.public_profile_set(by=world.coordinator, **{kind: record}, **shown)


def get(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    return response.content.decode()


def all_public_text(client, world):
    pages = [get(client, name) for name in PUBLIC_PAGES]
    pages.append(get(client, "public:faculty", pk=world.mentor_faculty.pk))
    pages.append(get(client, "public:news_feed"))
    return "\n".join(pages)


@pytest.mark.parametrize("name", PUBLIC_PAGES + ["public:news_feed"])
def test_every_public_page_opens_without_login(client, world, name):
    assert client.get(reverse(name)).status_code == 200


def test_drafts_are_never_public(client, world):
    draft = post_for(world, title="A secret draft")
    published = published_post_for(world)
    text = all_public_text(client, world)
    assert "A secret draft" not in text
    assert published.title in text
    assert client.get(draft.get_public_url()).status_code == 404
    assert client.get(published.get_public_url()).status_code == 200


def test_a_post_taken_back_to_draft_leaves_the_site(client, world):
    post = published_post_for(world)
    services.news_post_publish(post=post, by=world.director, publish=False)
    assert client.get(post.get_public_url()).status_code == 404
    assert post.title not in all_public_text(client, world)


def test_a_fellow_without_consent_is_not_shown(client, world):
    post = post_for(world, title="Two fellows publish", state="published")
    post.fellows.set([world.fellow_record, world.other_fellow_record])
    consent(world, world.other_fellow_record, show_profile=True)
    people = get(client, "public:people")
    assert "Otto Other" in people and "Fay Fellow" not in people
    story = client.get(post.get_public_url()).content.decode()
    assert "Otto Other, fellow since" in story and "Fay Fellow, fellow since" not in story


def test_private_fields_never_reach_a_public_page_or_the_feed(client, world):
    consent(
        world, world.fellow_record, show_profile=True, show_publications=True, show_outcome=True
    )
    published_post_for(world).fellows.set([world.fellow_record])
    publication_for(world)
    text = all_public_text(client, world)
    fellow = world.fellow_record
    assert fellow.full_name in text  # she agreed to be shown ...
    for private in (fellow.email, fellow.get_citizenship_display(), fellow.research_interests):
        assert private not in text  # ... but nothing else of her record
    assert "Medical leave" not in text and "PhD 2024" not in text


def test_alumni_position_only_with_consent(client, world):
    fellow = world.fellow_record
    fellow.status = Fellow.Status.COMPLETED
    fellow.save()
    consent(world, fellow, show_profile=True)
    people = get(client, "public:people")
    assert "Fay Fellow" in people and "State University" not in people
    consent(world, fellow, show_profile=True, show_outcome=True)
    assert "Now: Assistant Professor, State University" in get(client, "public:people")


def test_a_fellows_publications_only_with_consent(client, world):
    publication_for(world)
    consent(world, world.fellow_record, show_profile=True)
    assert "Reading the chart" not in get(client, "public:people")
    consent(world, world.fellow_record, show_profile=True, show_publications=True)
    people = get(client, "public:people")
    assert "Publications (1)" in people and "Reading the chart" in people


def test_faculty_profiles_with_publications(client, world):
    publication_for(world)
    page = get(client, "public:faculty", pk=world.mentor_faculty.pk)
    assert '<h1 id="faculty-name">' in page and "Clinical Data Lab" in page
    assert "Reading the chart" in page
    labs = get(client, "public:labs")
    assert (
        "Medical School" in labs and "Clinical Data Lab" in labs and "Clinical informatics" in labs
    )
    assert reverse("public:faculty", kwargs={"pk": world.mentor_faculty.pk}) in labs


def test_a_faculty_member_who_withdrew_is_not_shown(client, world):
    publication_for(world)
    member = world.mentor_faculty
    consent(world, member, show_profile=True, show_publications=False)
    assert "Reading the chart" not in get(client, "public:faculty", pk=member.pk)
    consent(world, member, show_profile=False)
    assert client.get(reverse("public:faculty", kwargs={"pk": member.pk})).status_code == 404
    assert member.display_name not in get(client, "public:labs")


def test_a_script_in_a_post_does_not_reach_the_page_or_feed(client, world):
    post = post_for(world, title="Hostile", body="Hi <script>alert('x')</script> **there**")
    services.news_post_publish(post=post, by=world.director)
    page = client.get(post.get_public_url()).content.decode()
    feed = get(client, "public:news_feed")
    assert "<strong>there</strong>" in page
    assert "alert(" not in page and "alert(" not in feed


def test_the_atom_feed_parses_back(client, world):
    first = published_post_for(world)
    second = post_for(world, title="An award", state="published", body="**Bold** news")
    post_for(world, title="Still a draft")
    response = client.get(reverse("public:news_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    # Revalidated each time, so a name withdrawn from the site leaves readers' caches too.
    assert response["Cache-Control"] == "no-cache"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Informatics Research Training: news"
    entries = root.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}title").text for e in entries} == {first.title, second.title}
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://testserver/news/")
        assert client.get(link.removeprefix("http://testserver")).status_code == 200
    award = next(e for e in entries if e.find(f"{ATOM}title").text == "An award")
    assert "<strong>Bold</strong>" in award.find(f"{ATOM}summary").text
    assert award.find(f"{ATOM}category").get("term") == "Award"


def test_the_feed_and_pages_follow_the_chosen_program(client, world):
    published_post_for(world)
    other = post_for(world, title="Other news", state="published")
    other.program = world.other_program
    other.save()
    feed = client.get(reverse("public:news_feed") + "?program=other-program").content.decode()
    assert "Other news" in feed and "graduates its fellows" not in feed
    news = client.get(reverse("public:news_list") + "?program=other-program").content.decode()
    assert "Other news" in news and "graduates its fellows" not in news


def test_the_home_page_shows_the_program_and_latest_news(client, world):
    for day in range(1, 6):
        post_for(world, title=f"News {day}", date=dt.date(2026, 11, day), state="published")
    home = get(client, "web:public_home")
    assert "Informatics Research Training" in home and "Latest news" in home
    shown = re.findall(r">News (\d)<", home)
    assert shown == ["5", "4", "3"]  # the latest three, newest first
    assert 'type="application/atom+xml"' in home


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_third_party_requests_and_landmarks(client, world, name):
    published_post_for(world)
    page = get(client, name)
    assets = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', page)
    for asset in assets:
        assert asset.startswith("/"), asset  # every asset from this site
    assert '<main id="main"' in page and '<nav class="publicnav" aria-label="Public site">' in page
    assert page.count("<h1") == 1
    assert '<html lang="en"' in page
    assert 'name="viewport"' in page


def count(client, name, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
    return len(queries)


def add_rows(world, n, start):
    for i in range(start, start + n):
        lab = f.LaboratoryFactory(institution=f.InstitutionFactory(program=world.program))
        lab.topics.add(world.topic)
        member = f.FacultyFactory(program=world.program, institution=lab.institution)
        member.laboratories.add(lab)
        fellow = f.FellowFactory(program=world.program, laboratory=lab)
        PublicProfile.objects.create(fellow=fellow, show_profile=True, show_publications=True,
                                     show_outcome=True)  # fmt: skip
        f.PositionFactory(fellow=fellow)
        post_for(world, title=f"Row news {i}", state="published").fellows.add(fellow)


@pytest.mark.parametrize("name", PUBLIC_PAGES + ["public:news_feed"])
def test_public_query_counts_do_not_grow_with_rows(client, world, name):
    publication_for(world)
    add_rows(world, 1, 0)
    one = count(client, name)
    add_rows(world, 6, 1)
    assert count(client, name) == one


def test_news_and_faculty_pages_have_fixed_query_counts(client, world):
    post = published_post_for(world)
    publication_for(world)
    one = (count(client, "public:news_detail", slug=post.slug),
           count(client, "public:faculty", pk=world.mentor_faculty.pk))  # fmt: skip
    for _ in range(5):
        fellow = f.FellowFactory(program=world.program)
        PublicProfile.objects.create(fellow=fellow, show_profile=True)
        post.fellows.add(fellow)
        post.faculty.add(f.FacultyFactory(program=world.program))
    assert (count(client, "public:news_detail", slug=post.slug),
            count(client, "public:faculty", pk=world.mentor_faculty.pk)) == one  # fmt: skip


def feed_entries(client):
    root = ET.fromstring(client.get(reverse("public:news_feed")).content)
    return root, {e.find(f"{ATOM}title").text: e for e in root.findall(f"{ATOM}entry")}


def test_feed_dates_are_the_posts_dates_not_when_they_were_loaded(client, world):
    from datetime import datetime

    from fellowship.news.models import NewsPost

    on_time = post_for(world, title="On the day", date=dt.date(2026, 11, 25), state="published")
    late = post_for(world, title="Published late", date=dt.date(2026, 10, 2), state="published")
    old = post_for(world, title="Back dated", date=dt.date(2025, 6, 30), state="published")
    # Published at: the frozen now (Nov 25, 14:00 UTC) for all three; the old one as if
    # published on its day (the demo does this).
    NewsPost.objects.filter(pk=old.pk).update(
        published_at=datetime.fromisoformat("2025-06-30T13:30:00+00:00")
    )
    root, entries = feed_entries(client)

    def when(title, tag):
        return datetime.fromisoformat(entries[title].find(f"{ATOM}{tag}").text)

    on_time.refresh_from_db()
    late.refresh_from_db()
    now = on_time.published_at
    assert when("On the day", "published") == when("On the day", "updated") == now
    # A post dated before it was published: published on its date (New York midnight),
    # updated when it went public.
    assert when("Published late", "published") == datetime.fromisoformat(
        "2026-10-02T00:00:00-04:00"
    )
    assert when("Published late", "updated") == late.published_at
    assert when("Back dated", "published") == when("Back dated", "updated")
    assert when("Back dated", "published") == datetime.fromisoformat("2025-06-30T13:30:00+00:00")
    assert datetime.fromisoformat(root.find(f"{ATOM}updated").text) == max(
        when(title, "updated") for title in entries
    )


def test_generated_posts_name_no_fellow_who_has_not_agreed_on_any_public_page(client, world):
    from fellowship.news.models import NewsPost
    from fellowship.programs.models import Fellow
    from fellowship.programs.services import fellow_save

    consent(world, world.other_fellow_record, show_profile=True)
    for fellow in (world.fellow_record, world.other_fellow_record):
        fellow.status, fellow.appointment_end = Fellow.Status.COMPLETED, dt.date(2026, 6, 30)
        fellow_save(fellow=fellow, by=world.coordinator)
    post = NewsPost.objects.get(kind="graduation")
    services.news_post_publish(post=post, by=world.director)
    services.news_suggest_for_defense(fellow=world.fellow_record, day=dt.date(2027, 1, 5))
    services.news_post_publish(post=NewsPost.objects.get(kind="defense"), by=world.director)
    text = all_public_text(client, world) + get(client, "public:news_detail", slug=post.slug)
    assert "2 fellows complete the program in 2026." in text
    assert world.other_fellow_record.full_name in text
    assert world.fellow_record.full_name not in text


def test_a_faculty_profile_withholds_coauthors_who_have_not_agreed(client, world):
    publication_for(world)  # Fellow F (Fay, who has not agreed), ..., Mentor M, Other O
    page = get(client, "public:faculty", pk=world.mentor_faculty.pk)
    assert "Fellow F" not in page and "a fellow of the program" in page
    assert "<strong>Mentor M</strong>" in page
    consent(world, world.fellow_record, show_profile=True)
    assert "<strong>Fellow F</strong>" in get(client, "public:faculty", pk=world.mentor_faculty.pk)


def test_a_post_that_named_a_fellow_stops_naming_her_when_she_withdraws(client, world):
    consent(world, world.fellow_record, show_profile=True)
    post = post_for(world, title="Fay Fellow wins an award", state="published")
    assert "Fay Fellow" in client.get(post.get_public_url()).content.decode()
    named_address = post.get_public_url()
    assert "fay-fellow" in named_address
    consent(world, world.fellow_record, show_profile=False)
    post.refresh_from_db()
    assert post.title == "Fay Fellow wins an award"  # the staff's text is kept as written
    # Its address said her name: it has a new one, and the old one answers nothing.
    assert post.slug == "a-fellow-of-the-program-wins-an-award-2026"
    assert client.get(named_address).status_code == 404
    for text in (
        client.get(post.get_public_url()).content.decode(),
        get(client, "public:news_feed"),
        get(client, "public:news_list"),
        get(client, "web:public_home"),
    ):
        assert "Fay Fellow" not in text and "A fellow of the program wins an award" in text
        assert "fay-fellow" not in text
