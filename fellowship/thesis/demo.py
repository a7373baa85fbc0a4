"""Load the demo theses: one in every part of the road, relative to the day of loading.

`load_demo_theses(program)` runs after the other demo loaders and is idempotent: each
demo fellow's thesis is removed (with its files) and written again in the same state.

- the alumna Alicia Brandt defended last year and her final thesis is public;
- the alumnus Arjun Mehta's thesis is complete (kept private);
- the demo fellow (fellow@example.org, Jordan Baptiste) is in progress: his committee
  (chair Dr. Robert Aldana, who can log in as robert.aldana@example.org with the demo
  password; his primary mentor mentor@example.org; an external member) met twice;
- Emeka Nwachukwu defends in three weeks: the committee confirmed, so the announcement is
  on the public site;
- Lucía Ortega's proposal waits for her chair, Benjamin Cho's committee for the director;
- the first-year Aisha Bello is planning.

Like the other loaders it saves directly and writes no activity-log entries.
"""

import io
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from fellowship.accounts.models import User
from fellowship.programs import demo_data
from fellowship.programs.models import FacultyMember, Fellow

from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Defense,
    DefenseMember,
    Thesis,
    ThesisDocument,
)

State = Thesis.State
Role = CommitteeMember.Role
CHAIR_LOGIN = "robert.aldana@example.org"

EXTERNALS = {
    "ext-harvard": ("Dr. Helen Marsh", "hmarsh@hsph.example.edu", "School of Public Health"),
    "ext-mit": ("Dr. Samuel Achebe", "sachebe@csail.example.edu", "Computer Science Laboratory"),
    "ext-broad": ("Dr. Karin Voss", "kvoss@genomics.example.org", "Genomics Institute"),
}

# email -> (state, title, chair email, external key, days in the state, extra)
THESES = [
    (
        "alicia.brandt@example.org",
        State.COMPLETE,
        "Phenotype risk scores from electronic health records for biobank genetics",
        "leila.haddad@example.org",
        "ext-broad",
        400,
        {"defended_days_ago": 430, "public": True},
    ),
    (
        "arjun.mehta@example.org",
        State.COMPLETE,
        "Negation and uncertainty in clinical notes: a benchmark and a model",
        CHAIR_LOGIN,
        "ext-mit",
        120,
        {"defended_days_ago": 170},
    ),
    (
        "fellow@example.org",
        State.IN_PROGRESS,
        "Language models that read the chart: safe summarization of clinical notes for handoffs",
        CHAIR_LOGIN,
        "ext-harvard",
        150,
        {"meetings": 2},
    ),
    (
        "emeka.nwachukwu@example.org",
        State.DEFENSE_SCHEDULED,
        "Drug repurposing by link prediction on a biomedical knowledge graph",
        CHAIR_LOGIN,
        "ext-broad",
        9,
        {"meetings": 3, "defense_in_days": 21},
    ),
    (
        "lucia.ortega@example.org",
        State.PROPOSAL_SUBMITTED,
        "Screening for diabetic retinopathy with smartphone fundus photographs",
        "daniel.oyelaran@example.org",
        "ext-mit",
        12,
        {},
    ),
    (
        "benjamin.cho@example.org",
        State.COMMITTEE_PROPOSED,
        "Differential privacy for multi-site clinical trial recruitment queries",
        "robert.aldana@example.org",
        "ext-harvard",
        26,
        {},
    ),
    (
        "aisha.bello@example.org",
        State.PLANNING,
        "Early warning of influenza-like illness from pharmacy sales",
        None,
        None,
        40,
        {},
    ),
]

ABSTRACT = (
    "This Master's thesis in Biomedical Informatics asks how the question can be answered "
    "from routinely collected data, builds and validates a method on data from the "
    "program's partner hospitals, and measures what it would change for patients and "
    "clinicians."
)
# The theses whose abstract the public reads (announced or defended).
ABSTRACTS = {
    "emeka.nwachukwu@example.org": (
        "Most drugs act on more than one target. We build a knowledge graph of drugs, targets, "
        "pathways and diseases from public sources, learn link-prediction models on it, and "
        "test their repurposing candidates against two decades of clinical-trial registrations."
    ),
    "arjun.mehta@example.org": (
        "Clinical notes say what a patient does not have as often as what they have. We release "
        "a benchmark of 12,000 annotated sentences from three hospitals and a model that finds "
        "negated and uncertain findings across note types, with an error analysis by clinicians."
    ),
    "alicia.brandt@example.org": (
        "Phenotypes from the health record are noisy. We combine codes, notes and laboratory "
        "values into phenotype risk scores and show that they recover known genetic "
        "associations in a hospital biobank with fewer cases than chart review needs."
    ),
}
PROPOSAL = (
    "Aim 1: assemble and annotate the data set with the clinical partners.\n"
    "Aim 2: develop the method and compare it with the current practice.\n"
    "Aim 3: evaluate it prospectively and report the errors that matter clinically."
)


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": "Master's thesis (demo)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _chair_login(program) -> None:
    """The demo's committee chair can log in (the other faculty have no account)."""
    faculty = FacultyMember.objects.filter(program=program, email=CHAIR_LOGIN).first()
    if faculty is None:
        return
    user = User.objects.filter(email=CHAIR_LOGIN).first() or User(email=CHAIR_LOGIN)
    user.full_name = faculty.display_name
    user.set_password(demo_data.DEMO_PASSWORD)
    user.save()
    if faculty.user_id != user.pk:
        faculty.user = user
        faculty.save(update_fields=["user"])


def _clear(fellow) -> None:
    thesis = Thesis.objects.filter(fellow=fellow).first()
    if thesis is None:
        return
    for document in thesis.documents.all():
        document.file.delete(save=False)
    for meeting in thesis.meetings.all():
        if meeting.report_file:
            meeting.report_file.delete(save=False)
    thesis.delete()


def _committee(thesis, fellow, chair_email, external_key, program):
    primary = next((m.faculty for m in fellow.mentorships.all() if m.kind == "primary"), None)
    members = []
    chair = FacultyMember.objects.filter(program=program, email=chair_email).first()
    if chair is not None and chair != primary:
        members.append(CommitteeMember(thesis=thesis, role=Role.CHAIR, faculty=chair))
    if primary is not None:
        role = Role.PRIMARY_MENTOR if chair != primary else Role.CHAIR
        members.append(CommitteeMember(thesis=thesis, role=role, faculty=primary))
    name, email, institution = EXTERNALS[external_key]
    members.append(
        CommitteeMember(
            thesis=thesis, role=Role.EXTERNAL, name=name, email=email, institution=institution
        )
    )
    for member in members:
        member.full_clean()
        member.save()
    return members


@transaction.atomic
def load_demo_theses(program, *, stdout=None) -> int:
    _chair_login(program)
    now = timezone.now()
    today = timezone.localdate()
    order = list(State)
    loaded = 0
    for email, state, title, chair_email, external, days, extra in THESES:
        fellow = (
            Fellow.objects.filter(program=program, email=email)
            .prefetch_related("mentorships__faculty")
            .first()
        )
        if fellow is None:
            continue
        _clear(fellow)
        thesis = Thesis(
            fellow=fellow,
            title=title,
            abstract=ABSTRACTS.get(email, ABSTRACT),
            proposal=PROPOSAL
            if order.index(state) >= order.index(State.PROPOSAL_SUBMITTED)
            else "",
            state=state,
            state_changed_at=now - timedelta(days=days),
        )
        thesis.full_clean()
        thesis.save()
        loaded += 1
        if chair_email is None:
            continue
        members = _committee(thesis, fellow, chair_email, external, program)
        for n in range(extra.get("meetings", 0)):
            day = today - timedelta(days=30 + 120 * (extra["meetings"] - 1 - n))
            meeting = CommitteeMeeting(
                thesis=thesis,
                date=day,
                report=f"Progress since the last meeting: aim {n + 1} done; "
                "data for the next aim are being annotated.",
                feedback="The committee is pleased with the progress; narrow the evaluation "
                "to the two outcomes that matter most to clinicians.",
                recommendation=CommitteeMeeting.Recommendation.ON_TRACK
                if n < 2
                else CommitteeMeeting.Recommendation.READY,
                next_target_date=day + timedelta(days=120),
            )
            meeting.full_clean()
            meeting.save()
            meeting.attendees.set(members)
        if "defense_in_days" in extra:
            starts = timezone.make_aware(
                datetime.combine(today + timedelta(days=extra["defense_in_days"]), time(14, 0))
            )
            _defense(thesis, members, starts, outcome="", confirmed=True)
        if "defended_days_ago" in extra:
            starts = timezone.make_aware(
                datetime.combine(today - timedelta(days=extra["defended_days_ago"]), time(10, 0))
            )
            _defense(thesis, members, starts, outcome=Defense.Outcome.PASS, confirmed=True)
            for version, stage, pages in ((1, State.IN_PROGRESS, 64), (2, State.DEFENDED, 71)):
                document = ThesisDocument(
                    thesis=thesis,
                    version=version,
                    original_name=f"{fellow.last_name.lower()}-thesis-v{version}.pdf",
                    size=0,
                    pages=pages,
                    stage=stage,
                    note="final, after the defense" if version == 2 else "draft for the committee",
                    uploaded_by=fellow.user,
                    is_public=version == 2 and extra.get("public", False),
                )
                content = _pdf(pages)
                document.size = len(content)
                document.file.save(document.original_name, ContentFile(content), save=False)
                document.save()
    if stdout:
        stdout.write(f"  theses: {loaded} (from planning to complete)")
    return loaded


def _defense(thesis, members, starts, *, outcome, confirmed):
    defense = Defense(
        thesis=thesis,
        attempt=1,
        starts_at=starts,
        room="Countway Library, room 403",
        video_link="https://zoom.example.org/j/5550123",
        outcome=outcome,
        outcome_recorded_at=starts + timedelta(hours=3) if outcome else None,
        outcome_note="A clear, well-defended thesis." if outcome else "",
    )
    defense.full_clean()
    defense.save()
    for member in members:
        DefenseMember.objects.create(
            defense=defense,
            member=member,
            confirmed_at=starts - timedelta(days=20) if confirmed else None,
            signed_off_at=starts + timedelta(hours=4) if outcome else None,
        )
