"""RPPR trainee summaries: the draft, saving and discarding edits, exports, permissions."""

import csv
import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.activity.models import ActivityEntry
from fellowship.progress.models import DevelopmentPlan, ResearchPlan
from fellowship.reports import rppr, selectors, services
from fellowship.reports.models import TraineeSummary
from tests import factories as f
from tests.curriculum.helpers import curriculum_for

from .helpers import alumnus_for

AS_OF = dt.date(2026, 11, 25)


def test_draft_with_everything_recorded():
    facts = rppr.SummaryFacts(
        key=1, full_name="Fay Fellow", sort_name="Fellow, Fay", training_year=2,
        mentors=["Mina Mentor, MD, PhD", "Raj Diaz"], laboratory="Clinical Data Lab",
        topic="Clinical informatics", plan_approved="10/2025",
        courses_completed=["BMI 701 Principles", "BMI 702 Data Science", "BMI 801 Research"],
        credits_completed=12.0, degree_standing="On track",
        publications=["Notes that talk (JAMIA, 2026)"], idp_year=2,
    )  # fmt: skip
    assert rppr.draft(facts) == (
        "Fay Fellow, in the second year of training, is mentored by Mina Mentor, MD, PhD and "
        "Raj Diaz in Clinical Data Lab. The research project concerns clinical informatics "
        "(research plan approved 10/2025). Coursework completed toward the MMSc: BMI 701 "
        "Principles, BMI 702 Data Science, and BMI 801 Research (12 credits; on track). "
        "1 publication since entry: Notes that talk (JAMIA, 2026). An Individual Development "
        "Plan is in use (training year 2)."
    )
    # What the records do not hold is for the coordinator, outside the paragraph.
    assert rppr.checklist(facts) == [rppr.PRESENTATIONS_AND_HONORS]


def test_draft_says_what_is_missing():
    text = rppr.draft(rppr.SummaryFacts(key=1, full_name="Nia New", sort_name="", training_year=1))
    assert "no mentor is recorded yet" in text
    assert "No research topic is recorded yet." in text
    assert "No coursework is recorded as completed yet." in text
    assert "No publications are recorded since entry." in text
    assert "No Individual Development Plan is recorded as in use." in text
    assert "Presentations" not in text and rppr.placeholder_in(text) is None
    checklist = rppr.checklist(
        rppr.SummaryFacts(key=1, full_name="N", sort_name="", training_year=1)
    )
    assert rppr.PRESENTATIONS_AND_HONORS in checklist
    assert any("No current mentor" in c for c in checklist)
    assert any("No research topic" in c for c in checklist)


def test_draft_without_a_degree_audit_leaves_coursework_to_the_coordinator():
    facts = rppr.SummaryFacts(key=1, full_name="Nia New", sort_name="", training_year=1,
                              audited=False)  # fmt: skip
    assert "oursework" not in rppr.draft(facts)
    assert any("No degree audit" in c for c in rppr.checklist(facts))


def test_summary_facts_from_the_records(world):
    curriculum_for(world)
    fay = world.fellow_record
    ResearchPlan.objects.create(fellow=fay, state="approved", approved_on=dt.date(2025, 10, 3))
    DevelopmentPlan.objects.create(
        fellow=fay, year=2, state="signed_off", career_goals="PRIVATE GOALS"
    )
    alumnus_for(world)  # completed: not a current trainee
    facts = {x.sort_name: x for x in selectors.summary_facts(world.program, as_of=AS_OF)}
    assert set(facts) == {"Fellow, Fay", "Other, Otto"}
    fay_facts = facts["Fellow, Fay"]
    assert fay_facts.training_year == 2
    assert fay_facts.mentors == [world.mentor_faculty.display_name]
    assert fay_facts.plan_approved == "10/2025"
    assert fay_facts.idp_year == 2
    assert fay_facts.courses_completed and fay_facts.credits_completed > 0
    text = rppr.draft(fay_facts)
    assert "PRIVATE GOALS" not in text  # the IDP is in use; what it says stays private


def test_summary_facts_query_count_is_fixed(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.summary_facts(world.program, as_of=AS_OF)
        return len(queries)

    few = count()
    for _ in range(4):
        fellow = f.FellowFactory(program=world.program, laboratory=world.lab)
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty)
        DevelopmentPlan.objects.create(fellow=fellow, year=1, state="submitted")
    assert count() == few


def test_save_edit_and_discard(world):
    fay = world.fellow_record
    services.summary_save(fellow=fay, report_year=2026, text="  Edited.  ", by=world.coordinator)
    services.summary_save(fellow=fay, report_year=2026, text="Edited again.", by=world.director)
    saved = TraineeSummary.objects.get(fellow=fay, report_year=2026)
    assert saved.text == "Edited again." and saved.updated_by == world.director
    verbs = list(ActivityEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == ["rppr_summary.written", "rppr_summary.edited"]
    services.summary_discard(fellow=fay, report_year=2026, by=world.coordinator)
    assert not TraineeSummary.objects.exists()


def test_empty_text_and_the_wrong_people_are_refused(world):
    fay = world.fellow_record
    with pytest.raises(ValidationError, match="The summary is empty"):
        services.summary_save(fellow=fay, report_year=2026, text="   ", by=world.coordinator)
    for user in (world.fellow, world.mentor, None):
        with pytest.raises(PermissionDenied):
            services.summary_save(fellow=fay, report_year=2026, text="Mine.", by=user)
    assert not TraineeSummary.objects.exists()


def url(world, name, **kwargs):
    return reverse(f"reports:{name}", kwargs={"program": world.program.slug, **kwargs})


def test_the_page_saves_and_exports(client, world):
    client.force_login(world.coordinator)
    page = client.get(url(world, "summaries"), {"year": 2026}).content.decode()
    assert "RPPR trainee summaries, 2026" in page and "Draft from the records" in page
    fay = world.fellow_record
    response = client.post(
        url(world, "summary_save"),
        {"fellow": fay.pk, "year": 2026, "text": "Fay's own words.", "action": "save"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#trainee-{fay.pk}")
    page = client.get(url(world, "summaries"), {"year": 2026}).content.decode()
    assert "Fay&#x27;s own words." in page and "Back to the draft" in page
    rows = list(csv.reader(io.StringIO(
        client.get(url(world, "summaries_download", format="csv"), {"year": 2026})
        .content.decode("utf-8-sig")
    )))  # fmt: skip
    assert rows[0] == ["Trainee", "Summary", "Review"]
    assert ["Fellow, Fay", "Fay's own words.", "Reviewed: saved 11/25/2026"] in rows
    other = next(r for r in rows if r[0] == "Other, Otto")
    assert other[1].startswith("Otto")  # the draft where nothing is saved, marked as such
    assert other[2] == "Not reviewed: draft from the records"
    document = docx.Document(
        io.BytesIO(client.get(url(world, "summaries_download", format="docx")).content)
    )
    fay_paragraph = next(p for p in document.paragraphs if p.text.startswith("Fellow, Fay"))
    assert fay_paragraph.runs[0].bold and fay_paragraph.runs[0].text == "Fellow, Fay"
    assert fay_paragraph.text == "Fellow, Fay. Fay's own words."
    otto = next(p for p in document.paragraphs if p.text.startswith("Other, Otto"))
    assert otto.text.startswith("Other, Otto [NOT REVIEWED]. Otto")
    assert any(
        p.text.startswith("Not reviewed (1 of 2): Other, Otto.") for p in document.paragraphs
    )


def test_an_empty_post_says_so_and_keeps_nothing(client, world):
    client.force_login(world.director)
    fay = world.fellow_record
    response = client.post(
        url(world, "summary_save"), {"fellow": fay.pk, "year": 2026, "text": "", "action": "save"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The summary is empty" in page
    assert not TraineeSummary.objects.exists()


@pytest.mark.parametrize("who", ["fellow", "mentor", "unrelated_faculty"])
def test_only_staff_may_post(client, world, who):
    client.force_login(getattr(world, who))
    response = client.post(
        url(world, "summary_save"),
        {"fellow": world.fellow_record.pk, "year": 2026, "text": "X", "action": "save"},
    )
    assert response.status_code == 403
    assert not TraineeSummary.objects.exists()


def test_a_fellow_of_another_program_is_not_found(client, world):
    stranger = f.FellowFactory(program=world.other_program)
    client.force_login(world.director)
    response = client.post(
        url(world, "summary_save"),
        {"fellow": stranger.pk, "year": 2026, "text": "X", "action": "save"},
    )
    assert response.status_code == 404


def test_no_placeholder_reaches_an_export(client, world):
    """Drafts hold no request for an edit; the page lists it apart; a saved paragraph may not
    keep the old placeholder; both downloads carry only text fit for the RPPR."""
    curriculum_for(world)
    client.force_login(world.coordinator)
    page = client.get(url(world, "summaries"), {"year": 2026}).content.decode()
    assert "2 of 2 paragraphs not reviewed yet" in page
    assert "Presentations and honors are not recorded in Fellowship; add them before " in page
    fay = world.fellow_record
    old_draft = (
        "Fay Fellow. Presentations and honors are not recorded in Fellowship: add them here."
    )
    response = client.post(
        url(world, "summary_save"),
        {"fellow": fay.pk, "year": 2026, "action": "save", "text": old_draft},
    )
    page = client.get(response["Location"]).content.decode()
    assert "still says “add them here”" in page
    assert not TraineeSummary.objects.exists()
    csv_text = client.get(url(world, "summaries_download", format="csv"), {"year": 2026})
    document = docx.Document(io.BytesIO(
        client.get(url(world, "summaries_download", format="docx"), {"year": 2026}).content
    ))  # fmt: skip
    rows = list(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == 2
    exported = [r[1] for r in rows] + [p.text for p in document.paragraphs]
    for text in exported:
        assert rppr.placeholder_in(text) is None
        assert "Presentations and honors are not recorded" not in text
    assert {r[2] for r in rows} == {"Not reviewed: draft from the records"}


def test_coursework_is_the_degree_audits(world):
    """A grade below the minimum does not count until the retake passes: the summary lists
    and adds up exactly what the degree audit counts, as the audit page shows it."""
    from fellowship.curriculum.models import Enrollment
    from fellowship.curriculum.selectors import fellow_audit

    curriculum_for(world)  # Fay: BMI 710 with a C (minimum B-), retaken this fall
    fay = world.fellow_record
    facts = {x.key: x for x in selectors.summary_facts(world.program, as_of=AS_OF)}[fay.pk]
    audit = fellow_audit(fay)
    assert facts.credits_completed == float(audit.result.credits_earned_total) == 12
    assert facts.courses_completed == [
        "BMI 701 Principles of Biomedical Informatics",
        "BMI 801 Mentored Research I",
        "BMI 702 Biomedical Data Science",
    ]
    text = rppr.draft(facts)
    assert "BMI 710" not in text and "(12 credits;" in text

    # The retake passes: now it counts, in the term it was earned.
    Enrollment.objects.filter(fellow=fay, course__code="BMI 710", term_year=2026).update(
        status="completed", grade="B"
    )
    facts = {x.key: x for x in selectors.summary_facts(world.program, as_of=AS_OF)}[fay.pk]
    assert facts.credits_completed == float(fellow_audit(fay).result.credits_earned_total) == 15
    assert facts.courses_completed[-1] == "BMI 710 Machine Learning for Health Care"
    assert "(15 credits;" in rppr.draft(facts)
