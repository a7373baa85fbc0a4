"""Every write to the program's core records: permitted, validated, in one transaction,
logged. The staff (programs.manage_records) keep the records; the director changes the
program's settings; commands and the alumni survey act as a SystemActor. Saving a record
never links it to an account: that is an accepted invitation (linking.py)."""

from django.db import transaction

from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record

from . import events
from .models import (
    DoctoralDegree,
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Leave,
    Mentorship,
    Position,
    Program,
    Topic,
)


def _save(
    record,
    *,
    by,
    thing: str,
    m2m: dict | None = None,
    program=None,
    permission="programs.manage_records",
):
    """Check `by` holds `permission` (keeping the program's records, by default), then
    validate, save, set many-to-many fields and log one record (`program`, when the record
    has no program_id of its own)."""
    require(by, permission, program or record)
    creating = record.pk is None
    record.full_clean()
    record.save()
    for field, values in (m2m or {}).items():
        if values is not None:
            getattr(record, field).set(values)
    verb = "created" if creating else "updated"
    activity_record(
        actor=by,
        verb=f"{thing}.{verb}",
        target=record,
        program=program,
        summary=f"{thing.replace('_', ' ').capitalize()} {verb}: {record}",
    )
    return record


@transaction.atomic
def program_save(*, program: Program, by) -> Program:
    require(by, "programs.change_program", program)
    return _save(program, by=by, thing="program", program=program)


@transaction.atomic
def topic_save(*, topic: Topic, by) -> Topic:
    return _save(topic, by=by, thing="topic")


@transaction.atomic
def institution_save(*, institution: Institution, by) -> Institution:
    return _save(institution, by=by, thing="institution")


@transaction.atomic
def laboratory_save(*, laboratory: Laboratory, topics=None, by) -> Laboratory:
    return _save(
        laboratory,
        by=by,
        thing="laboratory",
        m2m={"topics": topics},
        program=laboratory.institution.program,
    )


@transaction.atomic
def faculty_save(*, faculty: FacultyMember, laboratories=None, topics=None, by) -> FacultyMember:
    return _save(
        faculty,
        by=by,
        thing="faculty",
        m2m={"laboratories": laboratories, "topics": topics},
    )


# What a fellow's due dates are computed from (progress.milestones.due_date_for).
DATES = ("appointment_start", "appointment_end", "program_id")


@transaction.atomic
def fellow_save(*, fellow: Fellow, topics=None, by, permission="programs.manage_records") -> Fellow:
    """Create or change a fellow; then tell the other apps what changed that concerns
    them: new dates (due dates move) or the step to completed (graduation news). A
    rename or a new lab sends nothing."""
    before = (
        Fellow.objects.filter(pk=fellow.pk).values(*DATES, "status").first()
        if fellow.pk is not None
        else None
    )
    _save(fellow, by=by, thing="fellow", m2m={"topics": topics}, permission=permission)
    if before is None or any(before[f] != getattr(fellow, f) for f in DATES):
        events.fellow_dates_changed.send(fellow=fellow, by=by)
    completed = Fellow.Status.COMPLETED
    if before is not None and before["status"] != completed and fellow.status == completed:
        events.fellow_completed.send(fellow=fellow, by=by)
    return fellow


def fellow_interests_save(*, fellow: Fellow, research_interests: str, topics, by) -> Fellow:
    """The fellow's own statement of research interests and topics (or the staff's)."""
    fellow.research_interests = research_interests
    return fellow_save(fellow=fellow, topics=topics, by=by, permission="programs.edit_interests")


@transaction.atomic
def degree_save(*, degree: DoctoralDegree, by) -> DoctoralDegree:
    return _save(degree, by=by, thing="degree", program=degree.fellow.program)


@transaction.atomic
def mentorship_save(*, mentorship: Mentorship, by) -> Mentorship:
    return _save(mentorship, by=by, thing="mentorship", program=mentorship.fellow.program)


@transaction.atomic
def leave_save(*, leave: Leave, by) -> Leave:
    _save(leave, by=by, thing="leave", program=leave.fellow.program)
    events.leave_changed.send(fellow=leave.fellow, by=by)
    return leave


@transaction.atomic
def position_save(*, position: Position, by) -> Position:
    return _save(position, by=by, thing="position", program=position.fellow.program)


@transaction.atomic
def fellow_record_delete(*, record, by) -> None:
    """Remove a degree, mentorship, leave or position of a fellow."""
    fellow = record.fellow
    require(by, "programs.manage_records", fellow)
    activity_record(
        actor=by,
        verb=f"{record._meta.model_name}.deleted",
        target=fellow,
        program=fellow.program,
        summary=f"Removed from {fellow}: {record}",
    )
    record.delete()
    if isinstance(record, Leave):
        events.leave_changed.send(fellow=fellow, by=by)
