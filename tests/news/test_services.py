"""News services: drafts, publishing rights, suggested drafts, and consent."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.core.actors import SystemActor
from fellowship.news import services
from fellowship.news.models import NewsPost, PublicProfile
from fellowship.programs.models import Fellow
from fellowship.programs.services import fellow_save
from tests import factories as f

from .helpers import post_for

RECORDS_OFFICE = SystemActor("fellowship import")


def test_a_new_post_is_a_draft_with_a_unique_slug(world):
    first = post_for(world, title="Welcome, fellows!")
    second = post_for(world, title="Welcome fellows")
    assert first.state == NewsPost.State.DRAFT and first.published_at is None
    assert first.slug == "welcome-fellows-2026" and second.slug == "welcome-fellows-2026-2"


def test_a_post_without_title_is_refused(world):
    with pytest.raises(ValidationError):
        services.news_post_save(
            post=NewsPost(program=world.program, title="  ", date=dt.date(2026, 1, 1)),
            by=world.coordinator,
        )
    assert NewsPost.objects.count() == 0


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_the_director_or_coordinator_publishes(world, role):
    post = post_for(world)
    services.news_post_publish(post=post, by=getattr(world, role))
    post.refresh_from_db()
    assert post.state == NewsPost.State.PUBLISHED and post.published_at is not None
    assert ActivityEntry.objects.filter(verb="news_published").count() == 1
    services.news_post_publish(post=post, by=getattr(world, role), publish=False)
    post.refresh_from_db()
    assert post.state == NewsPost.State.DRAFT and post.published_at is None


@pytest.mark.parametrize("role", ["fellow", "mentor", "unrelated_faculty"])
def test_nobody_else_publishes(world, role):
    post = post_for(world)
    with pytest.raises(PermissionDenied):
        services.news_post_publish(post=post, by=getattr(world, role))
    with pytest.raises(PermissionDenied):
        services.news_post_publish(post=post, by=None)
    post.refresh_from_db()
    assert post.state == NewsPost.State.DRAFT


def test_the_director_of_another_program_may_not_publish(world):
    post = post_for(world)
    outsider = f.UserFactory()
    f.staff_role(outsider, world.other_program, "director")
    with pytest.raises(PermissionDenied):
        services.news_post_publish(post=post, by=outsider)


def test_a_suggested_draft_is_made_once_per_cause(world):
    post, created = services.news_suggest_draft(
        program=world.program, kind="award", title="An award", source_key="award:1",
        fellows=[world.fellow_record],
    )  # fmt: skip
    again, created_again = services.news_suggest_draft(
        program=world.program, kind="award", title="Another title", source_key="award:1"
    )
    assert created and not created_again and again == post
    assert post.state == NewsPost.State.DRAFT
    assert list(post.fellows.all()) == [world.fellow_record]


def shown(world, *fellows):
    for fellow in fellows:
        services.public_profile_set(fellow=fellow, show_profile=True, by=world.coordinator)


def test_a_defense_suggests_a_draft(world):
    shown(world, world.fellow_record)
    post, created = services.news_suggest_for_defense(
        fellow=world.fellow_record, day=dt.date(2027, 5, 14), thesis_title="Reading the chart"
    )
    assert created and post.kind == NewsPost.Kind.DEFENSE and post.state == "draft"
    assert post.title == "Fay Fellow defends their Master's thesis"
    assert "May 14, 2027" in post.body and "*Reading the chart*" in post.body
    assert list(post.fellows.all()) == [world.fellow_record]
    _, created = services.news_suggest_for_defense(
        fellow=world.fellow_record, day=dt.date(2027, 5, 14)
    )
    assert not created


def test_a_defense_draft_does_not_name_a_fellow_who_has_not_agreed(world):
    post, _ = services.news_suggest_for_defense(
        fellow=world.fellow_record, day=dt.date(2027, 5, 14), thesis_title="Reading the chart"
    )
    assert post.title == "A fellow defends their Master's thesis"
    assert (
        post.summary == "A fellow of the program will defend their Master's thesis on May 14, 2027."
    )
    text = post.title + post.summary + post.body
    assert "Fay" not in text and "Reading the chart" not in text
    assert list(post.fellows.all()) == [world.fellow_record]  # the staff still see who


def test_text_another_app_generates_does_not_name_a_fellow_who_has_not_agreed(world):
    shown(world, world.other_fellow_record)
    name, other = world.fellow_record.full_name, world.other_fellow_record.full_name
    post, _ = services.news_suggest_draft(
        program=world.program,
        kind="publication",
        title=f"{name}: article published",
        summary=f"An article by {name} is published in JAMIA.",
        body=f"“Notes”, by {name}, a fellow of the program, is published. With {other}.",
        source_key="publication:1",
        fellows=[world.fellow_record, world.other_fellow_record],
    )
    assert post.title == "A fellow: article published"
    assert post.summary == "An article by a fellow is published in JAMIA."
    assert post.body == f"“Notes”, by a fellow of the program, is published. With {other}."


def complete(fellow, end=dt.date(2026, 6, 30)):
    """The fellow recorded completed, as a CSV of the year's completions does."""
    fellow.status = Fellow.Status.COMPLETED
    fellow.appointment_end = end
    fellow_save(fellow=fellow, by=RECORDS_OFFICE)


def test_fellows_recorded_as_completed_join_one_draft_per_year(world):
    shown(world, world.fellow_record, world.other_fellow_record)
    complete(world.fellow_record)
    post = NewsPost.objects.get(kind=NewsPost.Kind.GRADUATION)
    assert post.state == "draft" and post.date == dt.date(2026, 6, 30)
    assert post.title == "Congratulations to the graduating fellows of 2026"
    assert post.summary == "1 fellow completes the program in 2026."

    complete(world.other_fellow_record)
    post.refresh_from_db()
    assert set(post.fellows.all()) == {world.fellow_record, world.other_fellow_record}
    assert post.summary == "2 fellows complete the program in 2026."
    assert world.other_fellow_record.full_name in post.body

    logged = ActivityEntry.objects.exclude(verb="fellow.updated").count()
    complete(world.other_fellow_record)  # saved again: nothing new
    assert NewsPost.objects.filter(kind=NewsPost.Kind.GRADUATION).count() == 1
    assert ActivityEntry.objects.exclude(verb="fellow.updated").count() == logged
    assert services.news_suggest_graduations(program=world.program) == []


def test_a_graduation_draft_counts_everyone_and_names_only_who_agreed(world):
    third = f.FellowFactory(program=world.program, first_name="Tess", last_name="Third")
    fourth = f.FellowFactory(program=world.program, first_name="Quinn", last_name="Fourth")
    shown(world, world.other_fellow_record, third)
    complete(world.fellow_record)
    post = NewsPost.objects.get(kind=NewsPost.Kind.GRADUATION)
    assert post.summary == "1 fellow completes the program in 2026."
    assert post.body == "The program congratulates its graduating fellow of 2026."
    for fellow in (world.other_fellow_record, third, fourth):
        complete(fellow)
    post.refresh_from_db()
    assert post.summary == "4 fellows complete the program in 2026."
    assert post.body == (
        "The program congratulates its 4 graduating fellows of 2026, among them "
        f"{world.other_fellow_record.full_name} and Tess Third."
    )
    assert world.fellow_record.full_name not in post.body and "Quinn" not in post.body
    assert post.fellows.count() == 4


def test_alumni_recorded_as_completed_from_the_start_suggest_nothing(world):
    f.FellowFactory(program=world.program, status=Fellow.Status.COMPLETED)
    assert not NewsPost.objects.exists()


def test_an_edited_graduation_draft_keeps_its_words(world):
    complete(world.fellow_record)
    post = NewsPost.objects.get(kind=NewsPost.Kind.GRADUATION)
    post.body = "Our first graduate!"
    services.news_post_save(post=post, by=world.coordinator)
    complete(world.other_fellow_record)
    post.refresh_from_db()
    assert post.body == "Our first graduate!"
    assert world.other_fellow_record in post.fellows.all()


def test_graduates_of_another_year_get_their_own_draft(world):
    complete(world.fellow_record)
    complete(world.other_fellow_record, end=dt.date(2027, 6, 30))
    titles = set(NewsPost.objects.values_list("title", flat=True))
    assert titles == {
        "Congratulations to the graduating fellows of 2026",
        "Congratulations to the graduating fellows of 2027",
    }


def test_the_button_catches_up_on_graduates_recorded_without_saving(world):
    Fellow.objects.filter(pk=world.fellow_record.pk).update(status=Fellow.Status.COMPLETED)
    (post,) = services.news_suggest_graduations(program=world.program, by=world.coordinator)
    assert list(post.fellows.all()) == [world.fellow_record]
    assert services.news_suggest_graduations(program=world.program) == []


def test_consent_is_recorded_and_logged(world):
    profile = services.public_profile_set(
        fellow=world.fellow_record, show_profile=True, show_publications=True, by=world.coordinator
    )
    assert (profile.show_profile, profile.show_publications, profile.show_outcome) == (
        True,
        True,
        False,
    )
    entry = ActivityEntry.objects.get(verb="public_profile_set")
    assert entry.summary == "Fay Fellow: public website shows profile, publications."
    services.public_profile_set(
        fellow=world.fellow_record, show_profile=False, by=world.coordinator
    )
    assert PublicProfile.objects.get().show_profile is False
