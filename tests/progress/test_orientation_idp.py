"""Orientation (the fellow ticks, a mentor confirms) and the yearly IDP."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.progress import milestones, plans
from fellowship.progress.models import DevelopmentPlan, Milestone, OrientationItem

from .helpers import logged, templates_for

pytestmark = pytest.mark.django_db
IdpState = DevelopmentPlan.State


class TestOrientation:
    def items(self, world):
        templates_for(world)
        return list(
            OrientationItem.objects.filter(fellow=world.fellow_record).select_related("fellow")
        )

    def test_the_fellow_ticks_and_the_mentor_confirms(self, world):
        items = self.items(world)
        assert {i.kind for i in items} == {"projects", "mentors", "training", "compliance"}
        milestone = Milestone.objects.get(fellow=world.fellow_record, template__link="orientation")
        for item in items:
            milestones.orientation_mark(item=item, action="tick", by=world.fellow)
            assert milestone.__class__.objects.get(pk=milestone.pk).done_on is None
            milestones.orientation_mark(item=item, action="confirm", by=world.mentor)
        item = OrientationItem.objects.get(pk=items[0].pk)
        assert item.ticked_at and item.confirmed_at and item.confirmed_by == world.mentor
        milestone.refresh_from_db()
        assert milestone.done_on == date(2026, 11, 25) and milestone.done_by == world.mentor
        assert ActivityEntry.objects.filter(verb="orientation.confirm").count() == len(items)

    def test_who_may_tick_and_confirm(self, world):
        item = self.items(world)[0]
        for who in (world.mentor, world.director, world.other_fellow):
            with pytest.raises(PermissionDenied):
                milestones.orientation_mark(item=item, action="tick", by=who)
        milestones.orientation_mark(item=item, action="tick", by=world.fellow)
        for who in (world.fellow, world.unrelated_faculty, world.coordinator):
            with pytest.raises(PermissionDenied):
                milestones.orientation_mark(item=item, action="confirm", by=who)
        item.refresh_from_db()
        assert item.ticked_at and not item.confirmed_at

    def test_confirming_needs_a_tick_and_a_confirmed_item_stays_ticked(self, world):
        item = self.items(world)[0]
        with pytest.raises(ValidationError, match="not ticked"):
            milestones.orientation_mark(item=item, action="confirm", by=world.mentor)
        milestones.orientation_mark(item=item, action="tick", by=world.fellow)
        milestones.orientation_mark(item=item, action="confirm", by=world.mentor)
        with pytest.raises(ValidationError, match="ask them to withdraw"):
            milestones.orientation_mark(item=item, action="untick", by=world.fellow)
        milestones.orientation_mark(item=item, action="unconfirm", by=world.mentor)
        milestones.orientation_mark(item=item, action="untick", by=world.fellow)
        item.refresh_from_db()
        assert item.ticked_at is None and item.confirmed_at is None
        with pytest.raises(ValidationError, match="not something"):
            milestones.orientation_mark(item=item, action="delete", by=world.fellow)


GOALS = "2027-03-31 Submit the first-author paper\n\n2027-06-30 Present at AMIA\n"


def write_idp(world, year=1, **values):
    data = {"self_assessment": "Strong in statistics.", "career_goals": "Faculty.", "goals": GOALS}
    return plans.idp_save(
        fellow=world.fellow_record, year=year, by=world.fellow, **{**data, **values}
    )


class TestIdp:
    def test_write_submit_return_and_sign_off(self, world):
        templates_for(world)
        idp = write_idp(world)
        assert [(g.target_date, g.goal) for g in idp.goals.all()] == [
            (date(2027, 3, 31), "Submit the first-author paper"),
            (date(2027, 6, 30), "Present at AMIA"),
        ]
        plans.idp_transition(plan=idp, to=IdpState.SUBMITTED, by=world.fellow)
        with pytest.raises(ValidationError, match="closed"):
            write_idp(world)
        with pytest.raises(ValidationError) as error:
            plans.idp_transition(plan=idp, to=IdpState.DRAFT, by=world.mentor)
        assert "comments" in error.value.message_dict
        idp = plans.idp_transition(
            plan=idp, to=IdpState.DRAFT, by=world.mentor, comments="Add a writing goal."
        )
        assert idp.mentor_comments == "Add a writing goal."
        write_idp(world, goals=GOALS + "2027-01-15 Join a writing group")
        plans.idp_transition(plan=idp, to=IdpState.SUBMITTED, by=world.fellow)
        idp = plans.idp_transition(
            plan=idp, to=IdpState.SIGNED_OFF, by=world.mentor, comments="Good."
        )
        assert (idp.state, idp.signed_by, idp.signed_on) == (
            IdpState.SIGNED_OFF,
            world.mentor,
            date(2026, 11, 25),
        )
        first_idp = Milestone.objects.filter(
            fellow=world.fellow_record, template__link="idp"
        ).order_by("due_date")[0]
        assert first_idp.done_on == date(2026, 11, 25)
        assert logged("idp.") == [
            "idp.edited",
            "idp.submitted",
            "idp.draft",
            "idp.edited",
            "idp.submitted",
            "idp.signed_off",
        ]

    def test_who_may_submit_and_sign(self, world):
        idp = write_idp(world)
        for who in (world.other_fellow, world.mentor, world.director, world.coordinator):
            with pytest.raises(PermissionDenied):
                plans.idp_transition(plan=idp, to=IdpState.SUBMITTED, by=who)
        plans.idp_transition(plan=idp, to=IdpState.SUBMITTED, by=world.fellow)
        for who in (world.fellow, world.unrelated_faculty, world.coordinator, world.director):
            with pytest.raises(PermissionDenied):
                plans.idp_transition(plan=idp, to=IdpState.SIGNED_OFF, by=who)
        for who in (world.mentor, world.director, world.coordinator):
            with pytest.raises(PermissionDenied):
                plans.idp_save(
                    fellow=world.fellow_record,
                    year=2,
                    by=who,
                    self_assessment="x",
                    career_goals="x",
                    goals="",
                )
        idp.refresh_from_db()
        assert idp.state == IdpState.SUBMITTED

    def test_an_incomplete_idp_cannot_be_submitted(self, world):
        idp = write_idp(world, career_goals="", goals="")
        with pytest.raises(ValidationError, match="career goals, goals for the year"):
            plans.idp_transition(plan=idp, to=IdpState.SUBMITTED, by=world.fellow)

    def test_bad_goal_lines_name_the_line_and_change_nothing(self, world):
        write_idp(world)
        with pytest.raises(ValidationError) as error:
            write_idp(
                world,
                self_assessment="Changed.",
                goals=(
                    "2027-02-30 Impossible day\nsoon Write a paper\n2027-05-01\n"
                    "2027-13-01 No such month\n2027-5-1 Short date"
                ),
            )
        # A date written right that does not exist is named as such, not as a format error.
        assert error.value.message_dict["goals"] == [
            "Line 1: 2027-02-30 is not a date.",
            "Line 2: start with the target date as YYYY-MM-DD.",
            "Line 3: say what the goal is after the date.",
            "Line 4: 2027-13-01 is not a date.",
            "Line 5: start with the target date as YYYY-MM-DD.",
        ]
        idp = DevelopmentPlan.objects.get(fellow=world.fellow_record, year=1)
        assert idp.self_assessment == "Strong in statistics." and idp.goals.count() == 2
