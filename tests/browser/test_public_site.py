"""The public website as a visitor sees it, at desktop and phone widths, without logging in.

Screenshots: public-home-desktop(-top), public-home-phone, public-labs-desktop,
public-faculty-phone, public-people-desktop, public-news-desktop, public-article-phone,
public-defenses-desktop, public-graduation-desktop, staff-news-list-desktop,
staff-news-consent-warning-desktop.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from fellowship.demo.news import load_demo_public_site
from fellowship.demo.programs import load_demo_program
from fellowship.demo.thesis import load_demo_theses
from fellowship.news.models import NewsPost

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_public_site(program)
    return program


@pytest.fixture
def requests_seen(page, live_server):
    """Every request the pages make: none may leave this site."""
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_visitor_reads_the_public_site(page, live_server, demo, shoot, requests_seen):
    page.goto(live_server.url + "/")
    expect(
        page.get_by_role("heading", name="Informatics Research Training", level=1)
    ).to_be_visible()
    news = page.get_by_role("region", name="Latest news")
    expect(news.get_by_role("heading", level=3)).to_have_count(3)
    expect(news).to_contain_text("Emeka Nwachukwu wins a distinguished paper award")
    expect(page.get_by_text("article accepted for publication")).to_have_count(0)  # a draft
    shoot("public-home-desktop")
    shoot("public-home-desktop-top", full_page=False)

    # Keyboard: the first Tab reaches the skip link, which leads to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    nav = page.get_by_role("navigation", name="Public site")
    nav.get_by_role("link", name="Laboratories and faculty").click()
    expect(page.get_by_role("heading", name="Laboratories and faculty", level=1)).to_be_visible()
    assert page.locator("section.institution").count() > 3
    shoot("public-labs-desktop")

    page.get_by_role("link", name="Miriam Castellano").first.click()
    expect(page.get_by_role("heading", name="Publications", exact=True)).to_be_visible()
    expect(page.locator(".publication-list")).to_contain_text("Language models that read the chart")

    page.get_by_role("navigation", name="Public site").get_by_role(
        "link", name="Fellows and alumni"
    ).click()
    expect(page.get_by_role("heading", name="Alumni", exact=True)).to_be_visible()
    shoot("public-people-desktop")

    page.get_by_role("navigation", name="Public site").get_by_role("link", name="News").click()
    expect(page.get_by_role("link", name="Atom feed")).to_be_visible()
    shoot("public-news-desktop")
    page.get_by_role("link", name="Emeka Nwachukwu wins a distinguished paper award").click()
    expect(page.locator(".article-body strong")).to_have_text("Distinguished Paper Award")
    expect(page.get_by_role("heading", name="People in this story")).to_be_visible()

    feed = page.request.get(live_server.url + "/news/feed.atom")
    assert feed.ok and "<feed" in feed.text()

    assert requests_seen and all(url.startswith(live_server.url) for url in requests_seen)


def test_the_public_site_on_a_phone(page, live_server, demo, shoot, requests_seen):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    expect(
        page.get_by_role("heading", name="Informatics Research Training", level=1)
    ).to_be_visible()
    no_sideways_scroll(page)
    shoot("public-home-phone", full_page=False)

    page.goto(live_server.url + "/labs/")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Miriam Castellano").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Miriam Castellano")
    no_sideways_scroll(page)
    shoot("public-faculty-phone")

    page.goto(live_server.url + "/news/")
    page.get_by_role("link", name="Jordan Ellis Baptiste: article published").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("article published")
    no_sideways_scroll(page)
    shoot("public-article-phone")

    page.goto(live_server.url + "/people/")
    no_sideways_scroll(page)
    shoot("public-people-phone")
    assert all(url.startswith(live_server.url) for url in requests_seen)


def test_the_public_site_names_only_fellows_who_agreed(page, live_server, demo, shoot):
    load_demo_theses(demo)
    # Defenses: Emeka Nwachukwu agreed and is announced; Arjun Mehta (defended this year)
    # did not, so neither his name nor his thesis appears.
    page.goto(live_server.url + "/defenses/")
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming).to_contain_text("Emeka Nwachukwu")
    expect(upcoming.locator("time")).to_have_text(re.compile(r"\d{1,2}:\d\d [AP]M E[SD]T$"))
    expect(page.get_by_text("Arjun Mehta")).to_have_count(0)
    expect(page.get_by_text("Negation and uncertainty")).to_have_count(0)
    shoot("public-defenses-desktop")

    # The graduation post counts every graduate and names only those who agreed.
    graduation = NewsPost.objects.get(program=demo, kind="graduation")
    page.goto(live_server.url + graduation.get_public_url())
    body = page.locator(".article-body")
    expect(body).to_contain_text("among them Hye-jin Park")
    expect(page.locator("main")).not_to_contain_text("Arjun Mehta")
    expect(page.get_by_role("heading", level=1)).to_contain_text("graduating fellows")
    shoot("public-graduation-desktop")

    # The feed dates each entry by its post, not by when the demo was loaded.
    feed = ET.fromstring(page.request.get(live_server.url + "/news/feed.atom").body())
    atom = "{http://www.w3.org/2005/Atom}"
    dates = {
        e.find(f"{atom}title").text: e.find(f"{atom}published").text[:10]
        for e in feed.findall(f"{atom}entry")
    }
    assert dates[graduation.title] == graduation.date.isoformat()
    assert len(set(dates.values())) == len(dates) > 1
    assert "Arjun Mehta" not in page.request.get(live_server.url + "/news/feed.atom").text()

    # The staff: dates as the rest of the app, and a warning on the graduation post.
    log_in(page, live_server, "director@example.org")
    page.goto(live_server.url + f"/p/{demo.slug}/news/")
    expect(page.locator("table time").first).to_have_text(
        re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$")
    )
    shoot("staff-news-list-desktop")
    page.goto(live_server.url + graduation.get_absolute_url())
    warning = page.locator("#privacy-warnings")
    expect(warning).to_contain_text("have not agreed to be shown")
    shoot("staff-news-consent-warning-desktop", full_page=False)
