"""The thesis pages and their POST actions; the public announcement; query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fellowship.news.models import NewsPost
from fellowship.thesis import defenses, services, workflow
from fellowship.thesis.models import Defense, Thesis, ThesisDocument
from tests import factories as f

from .helpers import add_committee, confirm_all, pdf_upload, thesis_at, thesis_for

State = Thesis.State


def url(world, name, **extra):
    return reverse(
        name, kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk, **extra}
    )


def post(client, user, target, data=None, **extra):
    client.force_login(user)
    return client.post(target, data or {}, **extra)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_fellow_opens_the_record_and_sees_what_is_next(client, world):
    response = post(client, world.fellow, url(world, "thesis:start"), follow=True)
    thesis = Thesis.objects.get(fellow=world.fellow_record)
    assert thesis.state == State.PLANNING
    page = response.content.decode()
    # The fellow may propose it: the page says so to them as "you".
    assert 'Propose the committee</strong> <span class="muted">— you</span>' in page
    assert "The committee needs a chair." in page


def test_a_step_through_the_page(client, world):
    thesis = thesis_for(world)
    add_committee(world, thesis)
    response = post(
        client, world.fellow, url(world, "thesis:transition"), {"to": "committee_proposed"}
    )
    assert response.status_code == 302
    thesis.refresh_from_db()
    assert thesis.state == State.COMMITTEE_PROPOSED
    # The fellow may not approve their own committee: 403 and nothing changes.
    response = post(
        client, world.fellow, url(world, "thesis:transition"), {"to": "committee_approved"}
    )
    assert response.status_code == 403
    response = post(
        client,
        world.director,
        url(world, "thesis:transition"),
        {"to": "committee_approved"},
        follow=True,
    )
    assert "The thesis is now committee approved." in messages_of(response)


def test_a_blocked_step_says_why_and_changes_nothing(client, world):
    thesis_for(world)
    response = post(
        client,
        world.fellow,
        url(world, "thesis:transition"),
        {"to": "committee_proposed"},
        follow=True,
    )
    assert "The committee needs a chair." in " ".join(messages_of(response))
    assert Thesis.objects.get().state == State.PLANNING


def test_someone_elses_thesis_is_403(client, world):
    thesis_for(world)
    assert (
        post(
            client,
            world.other_fellow,
            url(world, "thesis:transition"),
            {"to": "committee_proposed"},
        ).status_code
        == 403
    )
    assert post(client, world.other_fellow, url(world, "thesis:start")).status_code == 403


def test_adding_an_incomplete_external_member_names_the_fields(client, world):
    thesis_for(world)
    response = post(
        client, world.fellow, url(world, "thesis:committee_add"), {"role": "external"}, follow=True
    )
    said = " ".join(messages_of(response))
    assert "external member's name" in said and "email" in said and "institution" in said
    response = post(
        client,
        world.fellow,
        url(world, "thesis:committee_add"),
        {"role": "chair", "faculty": world.unrelated_faculty_record.pk},
        follow=True,
    )
    assert f"Added {world.unrelated_faculty_record.display_name} to the committee." in messages_of(
        response
    )


def test_uploading_a_renamed_file_through_the_page(client, world):
    thesis_at(world, State.IN_PROGRESS)
    fake = SimpleUploadedFile("thesis.pdf", b"not a pdf at all", "application/pdf")
    response = post(
        client, world.fellow, url(world, "thesis:document_upload"), {"file": fake}, follow=True
    )
    assert "“thesis.pdf” is not a PDF" in " ".join(messages_of(response))
    assert not ThesisDocument.objects.exists()
    response = post(
        client,
        world.fellow,
        url(world, "thesis:document_upload"),
        {"file": pdf_upload()},
        follow=True,
    )
    assert "Version 1 uploaded (2 pages)." in messages_of(response)


def test_members_confirm_through_the_page(client, world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    seat = thesis.defenses.get().members.get(member__faculty=world.mentor_faculty)
    response = post(client, world.mentor, url(world, "thesis:seat_confirm", pk=seat.pk))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.confirmed_at is not None
    other = thesis.defenses.get().members.get(member__role="external")
    assert (
        post(client, world.fellow, url(world, "thesis:seat_confirm", pk=other.pk)).status_code
        == 403
    )


# The public announcement ---------------------------------------------------------------------


def public_page(client):
    client.logout()
    return client.get(reverse("thesis_public:defenses")).content.decode()


def shown_on_the_public_site(world):
    """The fellow agreed to be shown: only then is their defense announced."""
    from fellowship.news.models import PublicProfile

    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)


def test_nothing_is_public_before_the_defense_is_scheduled_and_confirmed(client, world):
    shown_on_the_public_site(world)
    thesis = thesis_at(world, State.IN_PROGRESS)
    assert thesis.title not in public_page(client)
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    defense = thesis.defenses.get()
    seats = list(defense.members.all())
    for seat in seats[:-1]:
        defenses.defense_confirm(seat=seat, by=world.director)
    assert thesis.title not in public_page(client)
    defenses.defense_confirm(seat=seats[-1], by=world.director)
    page = public_page(client)
    assert thesis.title in page and thesis.abstract in page
    assert "Countway 403" in page and "Fay Fellow" in page
    assert "No defense is scheduled" not in page


def test_the_outcome_never_reaches_the_public_page(client, world):
    shown_on_the_public_site(world)
    thesis = thesis_at(world, State.DEFENDED)
    page = public_page(client)
    assert thesis.title in page and "Pass" not in page


def test_the_director_turns_the_announcement_into_news(client, world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    defense = thesis.defenses.get()
    target = url(world, "thesis:defense_news", pk=defense.pk)
    response = post(client, world.director, target, follow=True)
    assert "once every member has confirmed" in " ".join(messages_of(response))
    assert not NewsPost.objects.exists()
    confirm_all(world, thesis)
    assert post(client, world.coordinator, target).status_code == 403
    response = post(client, world.director, target, follow=True)
    news = NewsPost.objects.get()
    assert news.kind == NewsPost.Kind.DEFENSE and news.state == NewsPost.State.DRAFT
    assert list(news.fellows.all()) == [world.fellow_record]
    assert "ready in News" in " ".join(messages_of(response))
    defense.refresh_from_db()
    assert defense.news_posted
    post(client, world.director, target)  # again: no second post
    assert NewsPost.objects.count() == 1


# Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [s for s in State if s != State.REVISIONS_SUBMITTED])
def test_the_fellows_page_in_every_state_names_who_must_act(client, world, state):
    thesis_at(world, state)
    client.force_login(world.fellow)
    response = client.get(url(world, "thesis:detail"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What is next" in page
    if state == State.COMPLETE:
        assert "The thesis is complete." in page
    else:
        thesis = Thesis.objects.get()
        for step in workflow.steps_for(thesis):
            mine = world.fellow.has_perm(step.permission, thesis)
            who = "you" if mine else step.who
            assert f'{step.action}</strong> <span class="muted">— {who}</span>' in page


def test_the_committee_view_lists_the_theses_i_sit_on(client, world):
    thesis_at(world, State.IN_PROGRESS)
    client.force_login(world.unrelated_faculty)
    page = client.get(
        reverse("thesis:committees", kwargs={"program": world.program.slug})
    ).content.decode()
    assert "Fay Fellow" in page and "Chair" in page and "In progress" in page


def test_the_calendar_has_the_defense(client, world):
    thesis_at(world, State.DEFENSE_SCHEDULED)
    client.force_login(world.fellow)
    body = client.get(url(world, "thesis:calendar")).content.decode()
    assert (
        "BEGIN:VEVENT" in body and "Thesis defense: Fay Fellow" in body and "Countway 403" in body
    )


def _more_theses(world, n):
    for i in range(n):
        fellow = f.FellowFactory(program=world.program, laboratory=world.lab, last_name=f"Many{i}")
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty)
        thesis = Thesis.objects.create(
            fellow=fellow, title=f"Thesis {i}", state=State.DEFENSE_SCHEDULED
        )
        member = thesis.committee.create(role="chair", faculty=world.unrelated_faculty_record)
        thesis.documents.create(version=1, file="x.pdf", original_name="x.pdf", size=1)
        defense = Defense.objects.create(
            thesis=thesis, starts_at=timezone.now() + timedelta(days=i + 1), room="R"
        )
        defense.members.create(member=member, confirmed_at=timezone.now())


@pytest.mark.parametrize(
    ("name", "who", "public"),
    [
        ("thesis:table", "director", False),
        ("thesis:committees", "unrelated_faculty", False),
        ("thesis_public:defenses", None, True),
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(client, world, name, who, public):
    thesis_at(world, State.DEFENSE_SCHEDULED)
    confirm_all(world, Thesis.objects.get())
    target = reverse(name) if public else reverse(name, kwargs={"program": world.program.slug})
    if who:
        client.force_login(getattr(world, who))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    one = count()
    _more_theses(world, 6)
    assert count() == one


def test_the_fellows_page_query_count_does_not_grow_with_meetings_and_versions(client, world):
    from fellowship.thesis.models import CommitteeMeeting

    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    client.force_login(world.fellow)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, "thesis:detail")).status_code == 200
        return len(queries)

    def add(i):
        meeting = CommitteeMeeting.objects.create(
            thesis=thesis,
            date=timezone.localdate() - timedelta(days=30 * (i + 1)),
            report="Report",
            recommendation="on_track",
        )
        meeting.attendees.set(thesis.committee.all())
        thesis.documents.create(
            version=i + 2, file="x.pdf", original_name="x.pdf", size=1, uploaded_by=world.fellow
        )

    add(0)
    one = count()
    for i in range(1, 5):
        add(i)
    assert count() == one


def test_scheduling_without_a_date_says_which_field(client, world):
    thesis_at(world, State.IN_PROGRESS)
    response = post(
        client,
        world.director,
        url(world, "thesis:transition"),
        {"to": "defense_scheduled", "room": "R"},
        follow=True,
    )
    assert "Date and time: This field is required." in messages_of(response)
    assert Thesis.objects.get().state == State.IN_PROGRESS


# The director's table ------------------------------------------------------------------------


def _table(client, world, **query):
    client.force_login(world.director)
    target = reverse("thesis:table", kwargs={"program": world.program.slug})
    return client.get(target, query)


def test_the_table_groups_current_fellows_alumni_and_those_without_a_record(client, world):
    thesis_at(world, State.IN_PROGRESS)
    alumna = f.FellowFactory(
        program=world.program,
        first_name="Alma",
        last_name="Alumna",
        status="completed",
    )
    Thesis.objects.create(fellow=alumna, title="An old thesis", state=State.COMPLETE)
    f.FellowFactory(
        program=world.program, first_name="Ian", last_name="Incoming", status="incoming"
    )
    response = _table(client, world)
    context = response.context
    assert [r["fellow"] for r in context["current_rows"]] == [world.fellow_record]
    assert [r["fellow"] for r in context["alumni_rows"]] == [alumna]
    # The other current fellow has no record yet and is named; an incoming fellow is not.
    assert context["without"] == [world.other_fellow_record]
    page = response.content.decode()
    assert "Every current fellow" not in page
    assert "Current fellows (1)" in page and "Alumni (1)" in page
    assert "No thesis record yet (1)" in page and "Other" in page
    assert "Incoming" not in page.split('id="none-h"')[1]


def test_the_table_filters_by_state(client, world):
    thesis_at(world, State.IN_PROGRESS)
    response = _table(client, world, state="in_progress")
    assert len(response.context["current_rows"]) == 1
    assert "Current fellows: in progress (1)" in response.content.decode()
    response = _table(client, world, state="planning")
    assert response.context["current_rows"] == []
    assert "No thesis here is planning." in response.content.decode()
    # An unknown state shows every state rather than an error.
    assert len(_table(client, world, state="nonsense").context["current_rows"]) == 1


# "Waiting on": you, when it is the viewer who must act ---------------------------------------


def test_the_chair_is_told_it_is_his_turn_as_you(client, world):
    thesis_at(world, State.IN_PROGRESS)
    client.force_login(world.unrelated_faculty)  # the chair
    page = client.get(
        reverse("thesis:committees", kwargs={"program": world.program.slug})
    ).content.decode()
    assert "<td>the fellow (to upload the thesis)</td>" in page  # no draft yet
    thesis = Thesis.objects.get()
    services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
    page = client.get(
        reverse("thesis:committees", kwargs={"program": world.program.slug})
    ).content.decode()
    assert "<td>you</td>" in page
    assert "the committee chair or the director" not in page
    detail = client.get(url(world, "thesis:detail")).content.decode()
    assert 'Schedule the defense</strong> <span class="muted">— you</span>' in detail
    # The mentor is neither: they read who must act.
    client.force_login(world.mentor)
    page = client.get(
        reverse("thesis:committees", kwargs={"program": world.program.slug})
    ).content.decode()
    assert "<td>the committee chair or the director</td>" in page


def test_a_member_who_has_not_confirmed_reads_you_among_the_waiting(client, world):
    thesis_at(world, State.DEFENSE_SCHEDULED)
    client.force_login(world.unrelated_faculty)
    page = client.get(
        reverse("thesis:committees", kwargs={"program": world.program.slug})
    ).content.decode()
    mentor = world.mentor_faculty.display_name
    assert f"committee members to confirm the date: you, {mentor}, Erin External" in page
    detail = client.get(url(world, "thesis:detail")).content.decode()
    assert f"Waiting for the committee to confirm the date: you, {mentor}, Erin External." in (
        detail
    )
    page = _table(client, world).content.decode()
    chair = world.unrelated_faculty_record.display_name
    assert f"committee members to confirm the date: {chair}, {mentor}, Erin External" in page
