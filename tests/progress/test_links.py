"""Milestones done from the records they stand for: the thesis committee, the proposal, the
defense and the mentored grant; the day; going back; re-running; one transaction."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.activity.services import activity_record
from fellowship.grants import services as grants
from fellowship.grants.models import GrantApplication
from fellowship.programs.models import Leave
from fellowship.progress import links, milestones
from fellowship.progress.models import Milestone, MilestoneTemplate, Phase
from fellowship.thesis.events import thesis_state_changed
from fellowship.thesis.models import Defense, Thesis
from tests.grants.helpers import application_for
from tests.thesis.helpers import confirm_all, go, hold_defense, sign_all, thesis_at

from .helpers import logged, templates_for

pytestmark = pytest.mark.django_db
State = Thesis.State
Stage = GrantApplication.Stage
COMMITTEE, PROPOSAL = "Thesis committee formed", "Thesis proposal approved"
DEFENDED, GRANT = "Thesis defended", "Mentored grant submitted"


def on(day: dt.date):
    """The clock on a later day at 15:00 UTC (10:00 in Boston, the same day)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC), tick=False)


def done(world, name):
    return Milestone.objects.get(fellow=world.fellow_record, template__name=name).done_on


def milestone_log(world):
    return logged("milestone.", "verb", "summary")


def test_the_defaults_are_linked_and_refuse_a_hand_record(world):
    templates = {t.name: t for t in templates_for(world)}
    assert templates[COMMITTEE].link == MilestoneTemplate.Link.THESIS_COMMITTEE
    assert templates[PROPOSAL].link == MilestoneTemplate.Link.THESIS_PROPOSAL
    assert templates[DEFENDED].link == MilestoneTemplate.Link.THESIS_DEFENSE
    assert templates[GRANT].link == MilestoneTemplate.Link.GRANT_SUBMITTED
    milestone = Milestone.objects.get(fellow=world.fellow_record, template__name=COMMITTEE)
    with pytest.raises(ValidationError, match="done when the thesis committee is approved"):
        milestones.milestone_record(milestone=milestone, done=True, by=world.director)


class TestThesis:
    def test_committee_and_proposal_are_done_on_the_day_of_each_approval(self, world):
        templates_for(world)
        with on(dt.date(2026, 12, 1)):
            thesis = thesis_at(world, State.COMMITTEE_PROPOSED)
        assert done(world, COMMITTEE) is None
        with on(dt.date(2026, 12, 3)):
            thesis = go(world, thesis, State.COMMITTEE_APPROVED, "director")
        assert done(world, COMMITTEE) == dt.date(2026, 12, 3)
        assert done(world, PROPOSAL) is None
        with on(dt.date(2026, 12, 10)):
            thesis = go(world, thesis, State.PROPOSAL_SUBMITTED, "fellow")
        with on(dt.date(2026, 12, 14)):  # the chair asks for changes: back to committee approved
            thesis = go(world, thesis, State.COMMITTEE_APPROVED, "unrelated_faculty")
        assert done(world, COMMITTEE) == dt.date(2026, 12, 3)  # not moved by the re-entry
        with on(dt.date(2026, 12, 17)):
            thesis = go(world, thesis, State.PROPOSAL_SUBMITTED, "fellow")
        with on(dt.date(2026, 12, 21)):
            go(world, thesis, State.PROPOSAL_APPROVED, "unrelated_faculty")
        assert done(world, PROPOSAL) == dt.date(2026, 12, 21)
        milestone = Milestone.objects.get(fellow=world.fellow_record, template__name=PROPOSAL)
        assert milestone.done_by is None and milestone.late  # due Aug 9, 2026
        assert milestone_log(world) == [
            ("milestone.done", f"{COMMITTEE}: done on Dec 3, 2026 (the thesis committee was "
                               "approved)"),
            ("milestone.done", f"{PROPOSAL}: done on Dec 21, 2026 (the thesis proposal was "
                               "approved)"),
        ]  # fmt: skip

    def test_a_committee_sent_back_is_not_formed(self, world):
        templates_for(world)
        thesis = thesis_at(world, State.COMMITTEE_PROPOSED)
        go(world, thesis, State.PLANNING, "director")
        assert done(world, COMMITTEE) is None and milestone_log(world) == []

    def test_only_a_passed_defense_counts_and_a_second_attempt_is_dated(self, world):
        templates_for(world)
        thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
        confirm_all(world, thesis)
        hold_defense(thesis)
        thesis = go(world, thesis, State.DEFENDED, "unrelated_faculty", outcome="fail")
        assert done(world, DEFENDED) is None
        assert done(world, PROPOSAL) is not None  # a failed defense goes back to in progress,
        sign_all(world, thesis)  # not before the proposal
        thesis = go(world, thesis, State.IN_PROGRESS, "unrelated_faculty")
        assert done(world, PROPOSAL) is not None
        with on(dt.date(2027, 1, 20)):
            thesis = go(
                world,
                thesis,
                State.DEFENSE_SCHEDULED,
                "unrelated_faculty",
                starts_at=dt.datetime(2027, 2, 2, 15, tzinfo=dt.UTC),
                room="Countway 403",
            )
            confirm_all(world, thesis)
        with on(dt.date(2027, 2, 2)):
            hold_defense(thesis)
            go(world, thesis, State.DEFENDED, "unrelated_faculty", outcome="pass_with_revisions")
        assert done(world, DEFENDED) == dt.date(2027, 2, 2)
        assert Defense.objects.filter(thesis=thesis).count() == 2

    def test_a_thesis_that_goes_back_reopens_and_is_done_again_on_the_new_day(self, world):
        """Today's workflow never goes back past an approval; a step back (a re-proposed
        committee, should the thesis app add one) reopens the milestones."""
        templates_for(world)
        thesis = thesis_at(world, State.PROPOSAL_APPROVED)
        assert done(world, COMMITTEE) == done(world, PROPOSAL) == dt.date(2026, 11, 25)
        with on(dt.date(2026, 12, 2)), transaction.atomic():  # as a transition would do it
            thesis.state, thesis.state_changed_at = State.COMMITTEE_PROPOSED, timezone.now()
            thesis.save()
            activity_record(
                actor=world.fellow,
                verb="thesis.committee_proposed",
                target=thesis,
                summary=f"{thesis}: Proposal approved → Committee proposed",
            )
            thesis_state_changed.send(thesis=thesis, by=world.fellow)
        assert done(world, COMMITTEE) is None and done(world, PROPOSAL) is None
        assert [v for v, _ in milestone_log(world)][-2:] == ["milestone.reopened"] * 2
        assert "no longer approved" in milestone_log(world)[-1][1]
        with on(dt.date(2026, 12, 9)):
            go(world, thesis, State.COMMITTEE_APPROVED, "director")
        assert done(world, COMMITTEE) == dt.date(2026, 12, 9)
        assert done(world, PROPOSAL) is None

    def test_a_deleted_thesis_leaves_the_milestones_alone(self, world):
        templates_for(world)
        thesis_at(world, State.COMMITTEE_APPROVED)
        Thesis.objects.filter(fellow=world.fellow_record).delete()
        assert done(world, COMMITTEE) == dt.date(2026, 11, 25)
        assert links.milestones_sync(fellow_id=world.fellow_record.pk) == 0


class TestRerunning:
    def test_syncing_again_or_saving_again_changes_nothing(self, world):
        templates_for(world)
        thesis = thesis_at(world, State.PROPOSAL_APPROVED)
        before = milestone_log(world)
        assert links.milestones_sync(fellow_id=world.fellow_record.pk) == 0
        thesis.title = "A better title"
        thesis.save()
        assert milestone_log(world) == before

    def test_recomputing_due_dates_keeps_what_the_records_say(self, world):
        templates_for(world)
        thesis_at(world, State.COMMITTEE_APPROVED)
        Leave.objects.create(
            fellow=world.fellow_record,
            kind=world.leave.kind,
            start=dt.date(2026, 12, 1),
            end=dt.date(2026, 12, 31),
        )
        milestones.milestones_recompute_program(program=world.program)
        assert done(world, COMMITTEE) == dt.date(2026, 11, 25)

    def test_a_template_added_later_is_done_on_the_day_the_log_says(self, world):
        """The day the thesis first reached the state, not the day of its latest step."""
        templates_for(world)
        with on(dt.date(2026, 12, 1)):
            thesis = thesis_at(world, State.COMMITTEE_APPROVED)
        with on(dt.date(2026, 12, 8)):
            thesis = go(world, thesis, State.PROPOSAL_SUBMITTED, "fellow")
        with on(dt.date(2026, 12, 15)):
            go(world, thesis, State.PROPOSAL_APPROVED, "unrelated_faculty")
        with on(dt.date(2026, 12, 20)):
            template = milestones.milestone_template_save(
                template=MilestoneTemplate(
                    program=world.program,
                    name="Committee met the director",
                    phase=Phase.THESIS,
                    evidence=MilestoneTemplate.Evidence.APPROVAL,
                    due_months=10,
                    link=MilestoneTemplate.Link.THESIS_COMMITTEE,
                ),
                by=world.director,
            )
        for fellow, day in ((world.fellow_record, dt.date(2026, 12, 1)),
                            (world.other_fellow_record, None)):  # fmt: skip
            assert Milestone.objects.get(fellow=fellow, template=template).done_on == day

    def test_a_template_linked_later_follows_the_thesis_at_once(self, world):
        templates_for(world)
        template = MilestoneTemplate.objects.get(program=world.program, name=COMMITTEE)
        MilestoneTemplate.objects.filter(pk=template.pk).update(link="")  # a hand-kept one
        with on(dt.date(2026, 12, 1)):
            thesis_at(world, State.COMMITTEE_APPROVED)
        assert done(world, COMMITTEE) is None
        template.refresh_from_db()
        template.link = MilestoneTemplate.Link.THESIS_COMMITTEE
        with on(dt.date(2026, 12, 5)):
            milestones.milestone_template_save(template=template, by=world.director)
        assert done(world, COMMITTEE) == dt.date(2026, 12, 1)


class TestGrant:
    def submit(self, world, application):
        application.checklist.update(done=True)
        for stage in (Stage.AIMS_DRAFTED, Stage.LETTERS_REQUESTED, Stage.LETTERS_RECEIVED,
                      Stage.INTERNAL_REVIEW, Stage.SUBMITTED):  # fmt: skip
            application = grants.application_transition(
                application=application, to=stage, by=world.fellow
            )
        return application

    def test_done_on_the_day_it_is_submitted_and_kept_after_the_score(self, world):
        templates_for(world)
        application = application_for(world)
        assert done(world, GRANT) is None
        with on(dt.date(2027, 2, 10)):
            application = self.submit(world, application)
        assert done(world, GRANT) == dt.date(2027, 2, 10)
        with on(dt.date(2027, 6, 20)):
            grants.application_transition(
                application=application, to=Stage.SCORED, by=world.fellow, impact_score="25"
            )
        assert done(world, GRANT) == dt.date(2027, 2, 10)
        assert milestone_log(world)[-1] == (
            "milestone.done",
            f"{GRANT}: done on Feb 10, 2027 (the grant application was submitted)",
        )

    def test_a_refused_submission_leaves_the_milestone_open(self, world):
        templates_for(world)
        application = application_for(world)
        GrantApplication.objects.filter(pk=application.pk).update(stage=Stage.INTERNAL_REVIEW)
        application.refresh_from_db()
        with pytest.raises(ValidationError, match="Tick off the checklist"):
            grants.application_transition(
                application=application, to=Stage.SUBMITTED, by=world.fellow
            )
        assert done(world, GRANT) is None

    def test_a_milestone_added_after_the_score_is_done_on_the_logged_day(self, world):
        application = application_for(world)
        with on(dt.date(2027, 2, 9)):
            application = self.submit(world, application)
        with on(dt.date(2027, 6, 20)):
            grants.application_transition(
                application=application, to=Stage.SCORED, by=world.fellow, impact_score="25"
            )
            templates_for(world)  # the program sets up its milestones only now
        assert done(world, GRANT) == dt.date(2027, 2, 9)


def test_the_milestone_lands_with_the_transition_or_not_at_all(world, monkeypatch):
    templates_for(world)
    thesis = thesis_at(world, State.COMMITTEE_PROPOSED)

    def broken(**kwargs):
        raise RuntimeError("the milestone could not be written")

    monkeypatch.setattr(links, "milestones_sync", broken)
    with pytest.raises(RuntimeError):
        go(world, thesis, State.COMMITTEE_APPROVED, "director")
    thesis.refresh_from_db()
    assert thesis.state == State.COMMITTEE_PROPOSED
    assert not ActivityEntry.objects.filter(verb="thesis.committee_approved").exists()
