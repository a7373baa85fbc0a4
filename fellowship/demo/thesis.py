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

Like the other loaders it saves directly, but each thesis also gets the history its state
implies: activity-log entries backdated along the road it travelled (committee proposed and
approved, proposal, meetings, drafts, defense, confirmations, sign-offs), so its History
panel reads like the record of real work. Everything is dated before the load, except the
upcoming defense itself.
"""

import io
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from fellowship.accounts.models import User
from fellowship.activity.models import ActivityEntry
from fellowship.activity.services import activity_record
from fellowship.core.files import file_attach, files_delete_unnamed
from fellowship.core.uploads import PDF
from fellowship.demo import data as demo_data
from fellowship.programs.models import FacultyMember, Fellow
from fellowship.thesis.models import (
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
DIRECTOR_LOGIN = "director@example.org"

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
    files = [d.file.name for d in thesis.documents.all()]
    files += [m.report_file.name for m in thesis.meetings.all()]
    ActivityEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Thesis), target_id=thesis.pk
    ).delete()
    thesis.delete()
    files_delete_unnamed(files)  # the next load takes over the ones it writes again


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


# How long a thesis typically stays in a state before the next step (days), for the history.
DAYS_IN = {
    State.PLANNING: 35,
    State.COMMITTEE_PROPOSED: 9,
    State.COMMITTEE_APPROVED: 40,
    State.PROPOSAL_SUBMITTED: 13,
    State.PROPOSAL_APPROVED: 6,
    State.IN_PROGRESS: 300,
    State.DEFENSE_SCHEDULED: 28,
    State.DEFENDED: 21,
    State.FINAL_SUBMITTED: 9,
}
# The road a demo thesis travelled (no revisions: the demo defenses were passed outright).
ROAD = [s for s in State if s != State.REVISIONS_SUBMITTED]


def _entered(state, changed_at, defense_at=None) -> dict:
    """When the thesis entered each state up to `state` (the last one at `changed_at`)."""
    road = ROAD[: ROAD.index(state) + 1]
    entered = {state: changed_at}
    if defense_at is not None and state != State.DEFENSE_SCHEDULED:
        entered[State.DEFENDED] = defense_at + timedelta(hours=3)
        entered[State.DEFENSE_SCHEDULED] = defense_at - timedelta(
            days=DAYS_IN[State.DEFENSE_SCHEDULED]
        )
        if state == State.COMPLETE:
            entered[State.FINAL_SUBMITTED] = changed_at - timedelta(
                days=DAYS_IN[State.FINAL_SUBMITTED]
            )
    for before, after in zip(reversed(road[:-1]), reversed(road[1:]), strict=True):
        entered.setdefault(before, entered[after] - timedelta(days=DAYS_IN[before]))
    return entered


class _History:
    """Backdated activity-log entries for one demo thesis, as the services would write them.

    The actor is the person's account when they have one; otherwise (most demo people have
    no login) the entry names them, so the panel never says a person's step was "system"."""

    def __init__(self, program, thesis):
        self.program, self.thesis = program, thesis

    def add(self, at, who, verb: str, summary: str) -> None:
        user, name = who
        if user is None and name:
            summary = f"{summary} (by {name})"
        entry = activity_record(
            actor=user, verb=verb, target=self.thesis, summary=summary, program=self.program
        )
        ActivityEntry.objects.filter(pk=entry.pk).update(at=at)


def _person(faculty_or_fellow):
    if faculty_or_fellow is None:
        return (None, "")
    name = getattr(faculty_or_fellow, "display_name", None) or faculty_or_fellow.full_name
    return (faculty_or_fellow.user, name)


def _step(thesis, log, entered, frm, to, who, extra=""):
    summary = f"{thesis}: {frm.label} → {to.label}" + (f" ({extra})" if extra else "")
    log.add(entered[to], who, f"thesis.{to}", summary)


def _at(day, hour) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_demo_theses(program, *, stdout=None) -> int:
    _chair_login(program)
    today = timezone.localdate()
    director = (None, "")
    director_user = User.objects.filter(email=DIRECTOR_LOGIN).first()
    if director_user is not None:
        director = (director_user, director_user.get_full_name())
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
        defense_at = None
        if "defended_days_ago" in extra:
            defense_at = _at(today - timedelta(days=extra["defended_days_ago"]), 10)
        # Round to the hour on a weekday-like working time, so the history reads naturally.
        changed_at = _at(today - timedelta(days=days), 11)
        entered = _entered(state, changed_at, defense_at)
        thesis = Thesis(
            fellow=fellow,
            title=title,
            abstract=ABSTRACTS.get(email, ABSTRACT),
            proposal=PROPOSAL if ROAD.index(state) >= ROAD.index(State.PROPOSAL_SUBMITTED) else "",
            state=state,
            state_changed_at=changed_at,
        )
        thesis.full_clean()
        thesis.save()
        Thesis.objects.filter(pk=thesis.pk).update(created_at=entered[State.PLANNING])
        loaded += 1
        log = _History(program, thesis)
        me = _person(fellow)
        log.add(
            entered[State.PLANNING],
            me,
            "thesis.started",
            f"Thesis record opened for {fellow.full_name}",
        )
        if chair_email is None:
            log.add(
                entered[State.PLANNING] + timedelta(days=12),
                me,
                "thesis.edited",
                f"Thesis record edited: {thesis}",
            )
            continue
        members = _committee(thesis, fellow, chair_email, external, program)
        chair = next(m for m in members if m.role == Role.CHAIR).faculty
        mentor = next((m.faculty for m in members if m.role == Role.PRIMARY_MENTOR), chair)
        for i, member in enumerate(members):
            log.add(
                entered[State.COMMITTEE_PROPOSED] - timedelta(days=1, minutes=30 - 7 * i),
                me,
                "committee.member_added",
                f"Committee member added: {member}",
            )
        _road_history(thesis, log, entered, me, _person(mentor), _person(chair), director)
        meetings = _meetings(thesis, members, extra, today)
        for meeting in meetings:
            log.add(
                _at(meeting.date, 16),
                _person(chair),
                "committee_meeting.recorded",
                f"{meeting} recorded: {meeting.get_recommendation_display().lower()}; "
                f"next by {meeting.next_target_date:%b %-d, %Y}",
            )
        if "defense_in_days" in extra:
            # The draft the committee reads, then the defense the chair scheduled.
            _document(
                thesis,
                fellow,
                log,
                me,
                1,
                State.IN_PROGRESS,
                58,
                "draft for the committee",
                entered[State.DEFENSE_SCHEDULED] - timedelta(days=6),
            )
            starts = _at(today + timedelta(days=extra["defense_in_days"]), 14)
            _defense(thesis, members, starts, log, entered, _person(chair), outcome="")
        if defense_at is not None:
            _document(
                thesis,
                fellow,
                log,
                me,
                1,
                State.IN_PROGRESS,
                64,
                "draft for the committee",
                entered[State.DEFENSE_SCHEDULED] - timedelta(days=6),
            )
            _defense(
                thesis,
                members,
                defense_at,
                log,
                entered,
                _person(chair),
                outcome=Defense.Outcome.PASS,
            )
            final = _document(
                thesis,
                fellow,
                log,
                me,
                2,
                State.DEFENDED,
                71,
                "final, after the defense",
                entered[State.FINAL_SUBMITTED] - timedelta(days=2),
                public=extra.get("public", False),
            )
            if final.is_public:
                log.add(
                    entered[State.COMPLETE] + timedelta(days=1),
                    director,
                    "thesis_document.public",
                    "Thesis version 2 made public",
                )
    _milestones_follow(program)
    if stdout:
        stdout.write(f"  theses: {loaded} (from planning to complete)")
    return loaded


def _road_history(thesis, log, entered, fellow, mentor, chair, director):
    """One entry per step the thesis took, by the person whose step it is."""
    who = {
        State.COMMITTEE_PROPOSED: fellow,
        State.COMMITTEE_APPROVED: director,
        State.PROPOSAL_SUBMITTED: fellow,
        State.PROPOSAL_APPROVED: chair,
        State.IN_PROGRESS: mentor,
        State.FINAL_SUBMITTED: fellow,
        State.COMPLETE: director,
    }
    road = [s for s in ROAD if s in entered]
    for frm, to in zip(road[:-1], road[1:], strict=True):
        if to in (State.DEFENSE_SCHEDULED, State.DEFENDED):
            continue  # written with the defense, with its details
        _step(thesis, log, entered, frm, to, who[to])


def _meetings(thesis, members, extra, today):
    meetings = []
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
        meetings.append(meeting)
    return meetings


def _document(thesis, fellow, log, who, version, stage, pages, note, at, public=False):
    document = ThesisDocument(
        thesis=thesis,
        version=version,
        original_name=f"{fellow.last_name.lower()}-thesis-v{version}.pdf",
        size=0,
        pages=pages,
        stage=stage,
        note=note,
        uploaded_by=fellow.user,
        is_public=public,
    )
    content = _pdf(pages)
    document.size = len(content)
    file_attach(document, "file", ContentFile(content, name=document.original_name), mime=PDF)
    document.save()
    ThesisDocument.objects.filter(pk=document.pk).update(uploaded_at=at)
    log.add(
        at,
        who,
        "thesis_document.uploaded",
        f"Thesis version {version} uploaded: {document.original_name} ({pages} pages)",
    )
    return document


def _defense(thesis, members, starts, log, entered, chair, *, outcome):
    """The defense the chair scheduled, each member's confirmation in the days after (all
    before the load), and for a held defense the outcome and every sign-off."""
    scheduled_at = entered[State.DEFENSE_SCHEDULED]
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
    Defense.objects.filter(pk=defense.pk).update(created_at=scheduled_at)
    when = timezone.localtime(starts)
    log.add(
        scheduled_at,
        chair,
        f"thesis.{State.DEFENSE_SCHEDULED}",
        f"{thesis}: {State.IN_PROGRESS.label} → {State.DEFENSE_SCHEDULED.label} "
        f"(attempt 1 on {when:%b %-d, %Y at %H:%M}, {defense.place})",
    )
    latest = min(timezone.now(), starts) - timedelta(hours=2)
    for i, member in enumerate(members):
        # A day or two apart, the first the day after scheduling; never after the load.
        confirmed = min(scheduled_at + timedelta(days=1 + 2 * i, hours=-2 + 3 * i), latest)
        signed = starts + timedelta(hours=3 + i) if outcome else None
        DefenseMember.objects.create(
            defense=defense, member=member, confirmed_at=confirmed, signed_off_at=signed
        )
        who, by_chair = _seat_actor(member, chair)
        log.add(
            confirmed,
            who,
            "defense.confirmed",
            f"{member.display_name} confirmed the defense date{by_chair}",
        )
        if outcome and i == 0:
            log.add(
                starts + timedelta(hours=3),
                chair,
                f"thesis.{State.DEFENDED}",
                f"{thesis}: {State.DEFENSE_SCHEDULED.label} → {State.DEFENDED.label} "
                f"(outcome of attempt 1: {Defense.Outcome(outcome).label.lower()})",
            )
        if signed:
            log.add(
                signed,
                who,
                "defense.signed_off",
                f"{member.display_name} signed off the outcome "
                f"({Defense.Outcome(outcome).label.lower()}){by_chair}",
            )
    return defense


def _seat_actor(member, chair):
    """A faculty member acts themself; the chair records it for an external member (who has
    no login), as `defense_confirm` writes it."""
    if member.faculty_id:
        return _person(member.faculty), ""
    user, name = chair
    return (user, ""), f" (recorded by {name})"


def _milestones_follow(program) -> None:
    """The progress app dates its thesis milestones from the thesis's activity log, which
    is written after each thesis is saved: let it read the backdated history now, as the
    progress demo does, so loading once or twice gives the same dates."""
    from fellowship.progress.links import milestones_sync

    for fellow_id in Thesis.objects.filter(fellow__program=program).values_list(
        "fellow_id", flat=True
    ):
        milestones_sync(fellow_id=fellow_id, log=False, redate=True)
