"""Every write to the curriculum: permitted, validated, in one transaction, logged. The
staff keep the catalog and the fellows' enrollments; the director sets the degree
requirements; the grades import runs as the user or as `fellowship import`."""

from django.db import transaction

from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record

from .models import Course, Enrollment, Requirement, RequirementSet


def _log(by, target, verb: str, summary: str, program) -> None:
    activity_record(actor=by, verb=verb, target=target, program=program, summary=summary)


@transaction.atomic
def course_save(*, course: Course, prerequisites=None, by) -> Course:
    """Create or update a catalog course; `prerequisites` None leaves them as they are."""
    require(by, "curriculum.manage_catalog", course)
    creating = course.pk is None
    course.full_clean()
    course.save()
    if prerequisites is not None:
        course.prerequisites.set([p for p in prerequisites if p.pk != course.pk])
    verb = "created" if creating else "updated"
    _log(by, course, f"course.{verb}", f"{verb.title()} course {course}", course.program)
    return course


@transaction.atomic
def requirement_set_save(*, requirement_set: RequirementSet, by) -> RequirementSet:
    require(by, "curriculum.manage_requirements", requirement_set)
    creating = requirement_set.pk is None
    requirement_set.full_clean()
    requirement_set.save()
    verb = "created" if creating else "updated"
    _log(
        by,
        requirement_set,
        f"requirement_set.{verb}",
        f"{verb.title()} degree requirements {requirement_set} "
        f"(cohorts from {requirement_set.cohort_from})",
        requirement_set.program,
    )
    return requirement_set


@transaction.atomic
def requirement_save(*, requirement: Requirement, by) -> Requirement:
    require(by, "curriculum.manage_requirements", requirement.requirement_set)
    creating = requirement.pk is None
    if creating and not requirement.position:
        last = requirement.requirement_set.requirements.order_by("-position").first()
        requirement.position = (last.position + 1) if last else 1
    requirement.full_clean()
    requirement.save()
    rs = requirement.requirement_set
    verb = "added" if creating else "changed"
    _log(by, rs, f"requirement.{verb}", f"{verb.title()} {requirement} in {rs}", rs.program)
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, by) -> None:
    rs = requirement.requirement_set
    require(by, "curriculum.manage_requirements", rs)
    label = str(requirement)
    requirement.delete()
    _log(by, rs, "requirement.removed", f"Removed {label} from {rs}", rs.program)


@transaction.atomic
def enrollment_save(*, enrollment: Enrollment, by) -> Enrollment:
    require(by, "curriculum.manage_enrollments", enrollment.fellow)
    creating = enrollment.pk is None
    enrollment.full_clean()
    enrollment.save()
    fellow = enrollment.fellow
    state = enrollment.get_status_display().lower()
    if enrollment.grade:
        state += f", grade {enrollment.grade}"
    verb = "added" if creating else "updated"
    _log(
        by,
        enrollment,  # the record itself, so its edit form can say who changed it last
        f"enrollment.{verb}",
        f"{verb.title()} {enrollment} for {fellow.full_name} ({state})",
        fellow.program,
    )
    return enrollment


@transaction.atomic
def enrollment_delete(*, enrollment: Enrollment, by) -> None:
    fellow = enrollment.fellow
    require(by, "curriculum.manage_enrollments", fellow)
    label = str(enrollment)
    enrollment.delete()
    _log(
        by,
        fellow,
        "enrollment.removed",
        f"Removed {label} from {fellow.full_name}'s plan",
        fellow.program,
    )
