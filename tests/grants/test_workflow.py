"""The grant application's one transition function: who may take which step, details,
checklist dates, resubmission and the activity log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.grants import services
from fellowship.grants.models import ChecklistItem, GrantApplication

from .helpers import DUE, application_for

pytestmark = pytest.mark.django_db
Stage = GrantApplication.Stage

DRAFTING = [
    (Stage.PLANNING, Stage.AIMS_DRAFTED),
    (Stage.AIMS_DRAFTED, Stage.LETTERS_REQUESTED),
    (Stage.AIMS_DRAFTED, Stage.PLANNING),
    (Stage.LETTERS_REQUESTED, Stage.LETTERS_RECEIVED),
    (Stage.LETTERS_RECEIVED, Stage.INTERNAL_REVIEW),
    (Stage.INTERNAL_REVIEW, Stage.SUBMITTED),
    (Stage.INTERNAL_REVIEW, Stage.AIMS_DRAFTED),
]
OUTCOME = [
    (Stage.SUBMITTED, Stage.SCORED),
    (Stage.SUBMITTED, Stage.NOT_FUNDED),
    (Stage.SCORED, Stage.FUNDED),
    (Stage.SCORED, Stage.NOT_FUNDED),
]
DETAILS = {
    Stage.SCORED: {"impact_score": "25", "percentile": "12"},
    Stage.FUNDED: {"award_number": "K99LM000001", "award_start": "2027-09-01"},
}
DRAFTERS = {"fellow", "mentor", "coordinator", "director"}
RECORDERS = {"fellow", "coordinator", "director"}
PEOPLE = ["fellow", "other_fellow", "mentor", "unrelated_faculty", "coordinator", "director"]


def at(world, stage):
    application = application_for(world)
    GrantApplication.objects.filter(pk=application.pk).update(stage=stage)
    application.checklist.update(done=True)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("start", "to"), DRAFTING + OUTCOME)
def test_who_may_take_each_allowed_step(world, who, start, to):
    application = at(world, start)
    allowed = who in (RECORDERS if to in services.OUTCOMES else DRAFTERS)
    user = getattr(world, who)
    if allowed:
        moved = services.application_transition(
            application=application, to=to, by=user, **DETAILS.get(to, {})
        )
        assert moved.stage == to
        entry = ActivityEntry.objects.filter(verb=f"grant_application.{to}").get()
        assert entry.actor == user and entry.target == moved
    else:
        with pytest.raises(PermissionDenied):
            services.application_transition(
                application=application, to=to, by=user, **DETAILS.get(to, {})
            )
        application.refresh_from_db()
        assert application.stage == start


ALLOWED = set(DRAFTING + OUTCOME)
REFUSED = [(start, to) for start in Stage for to in Stage if (start, to) not in ALLOWED]


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_every_other_step_is_refused_even_for_the_director(world, start, to):
    application = at(world, start)
    with pytest.raises(ValidationError) as error:
        services.application_transition(
            application=application, to=to, by=world.director, **DETAILS.get(to, {})
        )
    assert "cannot become" in str(error.value)
    application.refresh_from_db()
    assert application.stage == start
    assert not ActivityEntry.objects.filter(verb=f"grant_application.{to}").exists()


def test_an_unknown_stage_is_refused(world):
    with pytest.raises(ValidationError):
        services.application_transition(
            application=at(world, Stage.PLANNING), to="won", by=world.director
        )


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({}, "impact_score"),
        ({"impact_score": "9"}, "impact_score"),
        ({"impact_score": "91"}, "impact_score"),
        ({"impact_score": "x"}, "impact_score"),
        ({"impact_score": "30", "percentile": "101"}, "percentile"),
        ({"impact_score": "30", "percentile": "-1"}, "percentile"),
    ],
)
def test_a_score_needs_an_impact_score_and_a_sane_percentile(world, details, field):
    application = at(world, Stage.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.application_transition(
            application=application, to="scored", by=world.fellow, **details
        )
    assert field in error.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED and application.impact_score is None


def test_a_score_without_percentile_is_fine_for_k_awards(world):
    moved = services.application_transition(
        application=at(world, Stage.SUBMITTED), to="scored", by=world.fellow, impact_score=10
    )
    assert (moved.impact_score, moved.percentile) == (10, None)


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"award_start": "2027-09-01"}, "award_number"),
        ({"award_number": "K99LM1"}, "award_start"),
        ({"award_number": "K99LM1", "award_start": "next fall"}, "award_start"),
    ],
)
def test_an_award_needs_its_number_and_start(world, details, field):
    application = at(world, Stage.SCORED)
    with pytest.raises(ValidationError) as error:
        services.application_transition(
            application=application, to="funded", by=world.director, **details
        )
    assert field in error.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.SCORED and not application.award_number


def test_submitting_needs_the_checklist_done(world):
    application = at(world, Stage.INTERNAL_REVIEW)
    application.checklist.filter(component="budget").update(done=False)
    with pytest.raises(ValidationError, match="Budget"):
        services.application_transition(application=application, to="submitted", by=world.fellow)


def test_the_checklist_counts_back_from_the_due_date(world):
    application = application_for(world)
    dates = {i.component: i.due_date for i in application.checklist.all()}
    assert len(dates) == len(ChecklistItem.Component.choices)
    for component, days in services.CHECKLIST_OFFSETS.items():
        assert dates[component] == DUE - dt.timedelta(days=days)
    assert dates["specific_aims"] == dt.date(2026, 12, 18)
    assert dates["routing"] == dt.date(2027, 2, 5)


def test_moving_the_due_date_moves_the_open_items_only(world):
    application = application_for(world)
    aims = application.checklist.get(component="specific_aims")
    services.checklist_item_mark(item=aims, done=True, by=world.fellow)
    services.application_update(
        application=application,
        by=world.fellow,
        title=application.title,
        institute="NLM",
        target_due_date=dt.date(2027, 6, 14),
        mentors=[world.mentor_faculty],
    )
    items = {i.component: i for i in application.checklist.all()}
    assert items["specific_aims"].due_date == dt.date(2026, 12, 18)  # done: stays
    assert items["routing"].due_date == dt.date(2027, 6, 7)


def test_the_due_date_must_be_a_due_date_of_the_mechanism(world):
    with pytest.raises(ValidationError) as error:
        services.application_create(
            fellow=world.fellow_record, mechanism="K99", title="T",
            target_due_date=dt.date(2027, 2, 13), by=world.fellow,
        )  # fmt: skip
    assert "target_due_date" in error.value.message_dict


def test_checklist_marks_need_the_drafters(world):
    item = application_for(world).checklist.first()
    for who in ("other_fellow", "unrelated_faculty"):
        with pytest.raises(PermissionDenied):
            services.checklist_item_mark(item=item, done=True, by=getattr(world, who))
    services.checklist_item_mark(item=item, done=True, by=world.mentor)
    item.refresh_from_db()
    assert item.done and item.done_at
    assert ActivityEntry.objects.filter(verb="grant_checklist.done").count() == 1


def test_a_fellow_starts_only_their_own_application(world):
    with pytest.raises(PermissionDenied):
        services.application_create(
            fellow=world.fellow_record, mechanism="K99", title="T", target_due_date=DUE,
            by=world.other_fellow,
        )  # fmt: skip


def test_resubmission_is_a_new_linked_application(world):
    application = at(world, Stage.NOT_FUNDED)
    with pytest.raises(PermissionDenied):
        services.application_resubmit(application=application, by=world.mentor)
    new = services.application_resubmit(application=application, by=world.fellow)
    assert new.kind == "resubmission" and new.previous_application == application
    assert new.stage == Stage.PLANNING and new.title == application.title
    assert list(new.mentors.all()) == [world.mentor_faculty]
    # After the Feb 12, 2027 original: the next K resubmission date.
    assert new.target_due_date == dt.date(2027, 3, 12)
    assert new.checklist.count() == len(services.CHECKLIST_OFFSETS)
    with pytest.raises(ValidationError, match="already been resubmitted"):
        services.application_resubmit(application=application, by=world.fellow)
    GrantApplication.objects.filter(pk=new.pk).update(stage=Stage.NOT_FUNDED)
    new.refresh_from_db()
    with pytest.raises(ValidationError, match="one resubmission"):
        services.application_resubmit(application=new, by=world.fellow)


def test_only_a_not_funded_application_is_resubmitted(world):
    with pytest.raises(ValidationError):
        services.application_resubmit(application=at(world, Stage.SCORED), by=world.fellow)


def test_eligibility_warning_when_past_the_window(world):
    fellow = world.fellow_record  # appointment 2025-07-01, 6 prior months, 40 days leave
    fellow.prior_research_months = 24  # postdoc start 2023-07-02 (730 days before)
    fellow.save()
    warning = services.eligibility_warning(fellow, "K99", dt.date(2027, 10, 12))
    assert "past the K99 eligibility window" in warning
    assert "the last eligible day is Aug 10, 2027" in warning
    assert services.eligibility_warning(fellow, "K99", dt.date(2027, 2, 12)) == ""
    assert services.eligibility_warning(fellow, "R01", dt.date(2030, 2, 5)) == ""
