"""The staff's news pages: write, publish, suggested drafts, consent."""

import datetime as dt

import pytest
from django.urls import reverse

from fellowship.news.models import NewsPost, PublicProfile
from fellowship.programs.models import Fellow

from .helpers import post_for


def url(world, name, **kwargs):
    return reverse(f"news:{name}", kwargs={"program": world.program.slug, **kwargs})


def test_the_coordinator_writes_a_post_that_stays_a_draft(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        url(world, "create"),
        {
            "title": "Research day",
            "kind": "event",
            "date": "2026-12-10",
            "summary": "Fellows present their work.",
            "body": "Join us. <script>alert(1)</script>",
            "fellows": [world.fellow_record.pk],
        },
    )
    post = NewsPost.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, "edit", pk=post.pk)
    assert post.state == NewsPost.State.DRAFT and post.date == dt.date(2026, 12, 10)
    page = client.get(response["Location"]).content.decode()
    assert "Preview" in page and "Publish" in page
    assert "<script>alert(1)</script>" not in page


def test_an_impossible_date_is_named(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        url(world, "create"), {"title": "T", "kind": "event", "date": "2026-02-30"}
    )
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()
    assert NewsPost.objects.count() == 0


def test_a_person_of_another_program_cannot_be_tagged(client, world):
    from tests import factories as f

    stranger = f.FellowFactory(program=world.other_program)
    client.force_login(world.coordinator)
    response = client.post(
        url(world, "create"),
        {"title": "T", "kind": "event", "date": "2026-12-10", "fellows": [stranger.pk]},
    )
    assert response.status_code == 200 and NewsPost.objects.count() == 0


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_the_staff_publish_on_the_page(client, world, role):
    post = post_for(world)
    client.force_login(getattr(world, role))
    client.post(url(world, "publish", pk=post.pk), {"publish": "1"})
    post.refresh_from_db()
    assert post.is_published
    client.post(url(world, "publish", pk=post.pk), {"publish": "0"})
    post.refresh_from_db()
    assert not post.is_published


@pytest.mark.parametrize("role", ["fellow", "mentor", "unrelated_faculty", "anonymous"])
def test_others_cannot_publish(client, world, role):
    post = post_for(world)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.post(url(world, "publish", pk=post.pk), {"publish": "1"})
    assert response.status_code in (302, 403)
    post.refresh_from_db()
    assert not post.is_published


def test_suggesting_graduation_posts_on_the_page(client, world):
    # Recorded outside the app's forms (no save signal): the button catches up.
    Fellow.objects.filter(pk=world.fellow_record.pk).update(status=Fellow.Status.COMPLETED)
    client.force_login(world.coordinator)
    response = client.post(url(world, "suggest_graduations"), follow=True)
    assert (
        "Drafted “Congratulations to the graduating fellows of 2027”" in response.content.decode()
    )
    response = client.post(url(world, "suggest_graduations"), follow=True)
    assert "already has its post" in response.content.decode()
    assert NewsPost.objects.filter(kind="graduation").count() == 1


def test_a_fellow_cannot_suggest_posts(client, world):
    client.force_login(world.fellow)
    assert client.post(url(world, "suggest_graduations")).status_code == 403


def test_recording_consent_on_the_page(client, world):
    client.force_login(world.coordinator)
    person = f"fellow:{world.fellow_record.pk}"
    client.post(
        url(world, "consent"), {"person": person, "show_profile": "on", "show_outcome": "on"}
    )
    profile = PublicProfile.objects.get(fellow=world.fellow_record)
    assert (profile.show_profile, profile.show_publications, profile.show_outcome) == (
        True,
        False,
        True,
    )
    page = client.get(url(world, "consent")).content.decode()
    assert "Fay Fellow: show name and laboratory" in page


def test_consent_for_someone_of_another_program_is_not_found(client, world):
    from tests import factories as f

    stranger = f.FellowFactory(program=world.other_program)
    client.force_login(world.coordinator)
    response = client.post(url(world, "consent"), {"person": f"fellow:{stranger.pk}"})
    assert response.status_code == 404
    assert PublicProfile.objects.count() == 0


def test_the_staff_list_shows_drafts_and_published(client, world):
    post_for(world, title="A draft")
    post_for(world, title="Out there", state="published")
    client.force_login(world.director)
    page = client.get(url(world, "post_list")).content.decode()
    assert "A draft" in page and "Out there" in page and "Draft" in page and "Published" in page


def test_the_staff_list_writes_dates_as_the_rest_of_the_app(client, world):
    post_for(world, title="December news", date=dt.date(2026, 12, 1))
    client.force_login(world.coordinator)
    page = client.get(url(world, "post_list")).content.decode()
    assert "Dec 1, 2026" in page and "2026-12-01<" not in page


def test_the_draft_page_warns_about_a_fellow_who_has_not_agreed(client, world):
    post = post_for(world, title="Fay Fellow wins an award", body="Fay Fellow received it.")
    post.fellows.set([world.fellow_record])
    client.force_login(world.director)
    page = client.get(url(world, "edit", pk=post.pk)).content.decode()
    assert "The text names Fay Fellow, who has not agreed to be shown" in page
    assert "Fay Fellow has not agreed to be shown: the public page leaves them out" in page

    response = client.post(url(world, "publish", pk=post.pk), {"publish": "1"}, follow=True)
    notices = [str(m) for m in response.context["messages"]]
    assert any("The text names Fay Fellow" in m for m in notices)
    post.refresh_from_db()
    assert post.is_published  # a warning, not a refusal: the staff decide

    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
    page = client.get(url(world, "edit", pk=post.pk)).content.decode()
    assert "privacy-warnings" not in page


def test_the_consent_page_says_the_rule(client, world):
    client.force_login(world.coordinator)
    page = client.get(url(world, "consent")).content.decode()
    assert "their thesis defense is not announced" in page
    assert "a graduation post counts every graduate and names only those who agreed" in page


@pytest.mark.parametrize("junk", ["fellow:²", "fellow:abc", "faculty:99999999999999999999999"])
def test_consent_for_a_person_that_is_not_an_id_asks_to_choose(client, world, junk):
    client.force_login(world.coordinator)
    response = client.post(url(world, "consent"), {"person": junk}, follow=True)
    assert "Choose a person." in response.content.decode()
    assert PublicProfile.objects.count() == 0
