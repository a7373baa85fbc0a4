"""Progress records for the `world` of tests/conftest.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from fellowship.activity.models import ActivityEntry
from fellowship.progress import feeds, milestones, plans
from fellowship.progress.models import (
    CalendarFeed,
    Milestone,
    MilestoneTemplate,
    Phase,
    ResearchPlan,
)
from tests.commit import committed

# The smallest file `filetype` recognises as a PDF by its content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PLAN = {
    "aims": "Aim 1. Find incidental findings in radiology reports.",
    "approach": "Annotate 5,000 reports. Fine-tune a model. Measure precision and recall.",
    "timeline": "Months 4-8: annotation. Months 9-14: modelling.",
}


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def templates_for(world):
    """The program's default milestones (once); every fellow gets theirs."""
    if not MilestoneTemplate.objects.filter(program=world.program).exists():
        milestones.milestone_templates_install(program=world.program)
    return list(MilestoneTemplate.objects.filter(program=world.program))


def logged(prefix: str, *fields: str) -> list:
    """The activity log's entries whose verb starts with `prefix`, oldest first: their
    verbs, or tuples of `fields`."""
    entries = ActivityEntry.objects.filter(verb__startswith=prefix).order_by("id")
    if fields:
        return list(entries.values_list(*fields))
    return list(entries.values_list("verb", flat=True))


HAND_APPROVAL = "Data access approved"


def hand_approval(world, fellow=None) -> Milestone:
    """A mentor's approval that no record stands for, so it is recorded by hand: the
    program adds it to the defaults (whose approvals all follow a record)."""
    templates_for(world)
    template = MilestoneTemplate.objects.filter(program=world.program, name=HAND_APPROVAL).first()
    if template is None:
        template = milestones.milestone_template_save(
            template=MilestoneTemplate(
                program=world.program,
                name=HAND_APPROVAL,
                phase=Phase.MENTORSHIP,
                evidence=MilestoneTemplate.Evidence.APPROVAL,
                due_months=9,
                description="The data use agreement for the thesis data is signed.",
            ),
            by=world.director,
        )
    return Milestone.objects.select_related("template", "fellow").get(
        fellow=fellow or world.fellow_record, template=template
    )


def plan_for(world, *, attachment=True) -> ResearchPlan:
    """The world fellow's research plan: version 1 written (with a PDF), still a draft."""
    found = ResearchPlan.objects.filter(fellow=world.fellow_record).first()
    if found is not None:
        return found
    with committed():
        return plans.plan_save(
            fellow=world.fellow_record,
            by=world.fellow,
            attachment=pdf() if attachment else None,
            **PLAN,
        )


def feed_for(world, user=None) -> CalendarFeed:
    return feeds.calendar_feed_for(user or world.fellow)
