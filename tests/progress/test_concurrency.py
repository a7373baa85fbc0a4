"""No lost updates on a research plan, an IDP or a milestone template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fellowship.progress import plans
from fellowship.progress.models import DevelopmentPlan, MilestoneTemplate, ResearchPlan
from tests.editing import opened_form, second_save_is_refused

from .helpers import plan_for, templates_for

pytestmark = pytest.mark.django_db


def test_second_edit_of_a_research_plan_in_another_tab_is_refused(world):
    plan = plan_for(world)
    # Only the fellow writes the plan: the overlap is theirs, in two tabs or two devices.
    second_save_is_refused(
        url=reverse(
            "progress:plan_edit", kwargs={"program": world.program.slug, "pk": plan.fellow_id}
        ),
        first=world.fellow,
        second=world.fellow,
        field="aims",
        first_value="Aim 1: annotate handoff notes.",
        second_value="Aim 1: measure harm at handoff.",
        stored=lambda: plans.plan_latest_version(plan).aims,
        changed_by="Fay Fellow",
    )


def test_second_edit_of_an_idp_is_refused(world):
    fellow = world.fellow_record
    plans.idp_save(
        fellow=fellow,
        year=1,
        by=world.fellow,
        self_assessment="Strong in statistics.",
        career_goals="Faculty position.",
        goals="",
    )
    second_save_is_refused(
        url=reverse(
            "progress:idp_edit",
            kwargs={"program": world.program.slug, "pk": fellow.pk, "year": 1},
        ),
        first=world.fellow,
        second=world.fellow,
        field="career_goals",
        first_value="Industry research lab.",
        second_value="Faculty position at a medical school.",
        stored=lambda: DevelopmentPlan.objects.get(fellow=fellow, year=1).career_goals,
        changed_by="Fay Fellow",
    )


def test_second_edit_of_a_milestone_template_is_refused(world):
    template = templates_for(world)[0]
    second_save_is_refused(
        url=reverse(
            "progress:template_edit", kwargs={"program": world.program.slug, "pk": template.pk}
        ),
        first=world.director,
        second=world.director,
        field="name",
        first_value="Research plan agreed",
        second_value="Research plan signed off",
        stored=lambda: MilestoneTemplate.objects.get(pk=template.pk).name,
        changed_by="Dana Director",
    )


def test_a_save_the_service_refuses_gives_back_no_version(world):
    """The claim is in the transaction that saves: when the service then says no (here, an
    attachment that is no PDF), the version is as it was and the next save goes through."""
    plan = plan_for(world)
    url = reverse(
        "progress:plan_edit", kwargs={"program": world.program.slug, "pk": plan.fellow_id}
    )
    client, data = opened_form(world.fellow, url)
    before = ResearchPlan.objects.get(pk=plan.pk).revision
    fake = SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url, {**data, "aims": "Aim 1: new.", "attachment": fake})
    assert response.status_code == 200 and response.context["form"].errors["attachment"]
    assert ResearchPlan.objects.get(pk=plan.pk).revision == before
    assert client.post(url, {**data, "aims": "Aim 1: new."}).status_code == 302
    assert plans.plan_latest_version(plan).aims == "Aim 1: new."
