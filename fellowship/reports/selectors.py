"""Gather what the NIH tables need from the records, as plain `tables.TraineeFacts`.

A fixed number of queries whatever the number of trainees: the fellows with their
prefetched degrees, mentors, leave, positions, topics and grants; the degree audits
(curriculum); the linked authorships with their publications and co-authors.

Topic of the research project: the thesis title, else the fellow's own topics, else their
laboratory's topics.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from fellowship.curriculum.degree import grade_counts
from fellowship.curriculum.selectors import fellow_audits
from fellowship.grants.models import AlumniGrant, GrantApplication
from fellowship.programs.models import Fellow, Mentorship, Position
from fellowship.publications.models import Authorship, Publication

from . import rppr, tables

# The degree the program's curriculum leads to (DESIGN.md: the MMSc in Biomedical Informatics).
TRAINING_DEGREE = "MMSc"

GRANT_ROLES = {
    AlumniGrant.Role.PI: "PI",
    AlumniGrant.Role.MPI: "MPI",
    AlumniGrant.Role.CO_I: "Co-I",
    AlumniGrant.Role.PROJECT_LEAD: "Project lead",
    AlumniGrant.Role.OTHER: "Other",
}


def _fellows(program):
    return (
        Fellow.objects.filter(program=program)
        .select_related("laboratory", "thesis")
        .prefetch_related(
            "degrees",
            "leaves",
            "topics",
            "laboratory__topics",
            Prefetch("mentorships", queryset=Mentorship.objects.select_related("faculty")),
            Prefetch("positions", queryset=Position.objects.order_by("start")),
            "alumni_grants",
            Prefetch(
                "grant_applications",
                queryset=GrantApplication.objects.filter(stage=GrantApplication.Stage.FUNDED),
                to_attr="funded_applications",
            ),
        )
        .order_by("cohort_year", "last_name", "first_name")
    )


def _citation_name(last_name: str, initials: str) -> str:
    """As Authorship.citation_name, from the values read without building the model."""
    return f"{last_name} {initials}".strip()


def _publications_by_fellow(program, fellow_ids=None) -> dict[int, list[tables.PublicationFacts]]:
    """Each fellow's publications (linked authorships only), with all authors in order.

    Three queries of plain values: thousands of publications with their authors would cost
    seconds as model instances."""
    linked = Authorship.objects.filter(
        publication__program=program,
        fellow__isnull=False,
        match=Authorship.Match.LINKED,
    )
    if fellow_ids is not None:
        linked = linked.filter(fellow__in=fellow_ids)
    wanted: dict[int, set[int]] = defaultdict(set)
    for fellow_id, publication_id in linked.values_list("fellow_id", "publication_id"):
        wanted[publication_id].add(fellow_id)
    if not wanted:
        return {}
    publication_ids = linked.values("publication_id")
    authors: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for publication_id, last_name, initials, fellow_id in (
        Authorship.objects.filter(publication__in=publication_ids)
        .order_by("publication_id", "position")
        .values_list("publication_id", "last_name", "initials", "fellow_id")
    ):
        authors[publication_id].append((_citation_name(last_name, initials), fellow_id))
    found: dict[int, list[tables.PublicationFacts]] = defaultdict(list)
    fields = ("pk", "title", "year", "journal", "volume", "issue", "pages", "pmid", "pmcid")
    for pub in Publication.objects.filter(pk__in=publication_ids).values(*fields, "doi", "status"):
        status = pub.pop("status")
        status = Publication.Status(status).label if status != Publication.Status.PUBLISHED else ""
        pk = pub.pop("pk")
        names = authors.get(pk, [])
        for fellow_id in wanted[pk]:
            found[fellow_id].append(
                tables.PublicationFacts(
                    authors=tuple(name for name, _ in names),
                    status=status,
                    trainee_authors=tuple(
                        i for i, (_, author) in enumerate(names) if author == fellow_id
                    ),
                    **pub,
                )
            )
    return found


def _training_degree(audit, fellow) -> tuple[str, int | None]:
    """complete / in_progress / none / unknown, and the year the degree was completed."""
    if audit.result is None:
        return "unknown", None
    if audit.result.complete:
        done = [e.term_year for e in audit.enrollments if e.status == "completed"]
        return "complete", max(done) if done else None
    if fellow.status in Fellow.IN_TRAINING:
        return "in_progress", None
    return "none", None


def _topic(fellow) -> str:
    thesis = getattr(fellow, "thesis", None)  # the most specific account of the project
    if thesis is not None and thesis.title.strip():
        return thesis.title.strip()
    topics = [t.name for t in fellow.topics.all()]
    if not topics and fellow.laboratory is not None:
        topics = [t.name for t in fellow.laboratory.topics.all()]
    return "; ".join(sorted(topics))


def _grants(fellow) -> list[tables.GrantFacts]:
    grants = {
        tables.GrantFacts(
            g.mechanism, GRANT_ROLES.get(g.role, g.get_role_display()), g.year_awarded
        )
        for g in fellow.alumni_grants.all()
    }
    for app in fellow.funded_applications:
        year = (app.award_start or app.target_due_date).year
        # An alumni grant recorded by hand for the same award is the same grant.
        if not any(g.mechanism == app.mechanism and g.year == year for g in grants):
            grants.add(tables.GrantFacts(app.mechanism, "PI", year))
    return sorted(grants, key=lambda g: (g.year, g.mechanism))


def trainee_facts(
    program,
    key: str | None = None,
    *,
    part: int | None = None,
    first: int | None = None,
    last: int | None = None,
) -> list[tables.TraineeFacts]:
    """The fellows of the program as the table builders read them.

    With a table `key`, only what that table reads: Table 8 no publications, Table 5 no
    degree audits. With a `part` and its period, only the fellows that part could list
    (the builders' `select_trainees` still decides, so Tables 5 and 8 stay the same)."""
    chosen = _fellows(program)
    if part == 1:
        chosen = chosen.filter(appointment_start__year__range=(first, last))
    elif part == 2:
        chosen = chosen.filter(status="completed", appointment_end__year__range=(first, last))
    fellows = list(chosen)
    ids = [f.pk for f in fellows]
    audits = {}
    if key != tables.TRAINEE_PUBLICATIONS:
        audits = {a.fellow.pk: a for a in fellow_audits(program, fellows)}
    publications = {}
    if key != tables.TRAINEE_OUTCOMES_POSTDOC:
        publications = _publications_by_fellow(program, ids if part else None)
    facts = []
    for fellow in fellows:
        audit = audits.get(fellow.pk)
        state, year = _training_degree(audit, fellow) if audit else ("unknown", None)
        facts.append(
            tables.TraineeFacts(
                key=fellow.pk,
                sort_name=fellow.sort_name,
                entry_year=fellow.cohort_year,
                appointment_start=fellow.appointment_start,
                appointment_end=fellow.appointment_end,
                status=fellow.status,
                doctoral_degrees=[(d.degree, d.year) for d in fellow.degrees.all()],
                mentors=[
                    tables.MentorFacts(
                        name=f"{m.faculty.last_name}, {m.faculty.first_name}",
                        primary=m.kind == Mentorship.Kind.PRIMARY,
                        start=m.start,
                        end=m.end,
                    )
                    for m in fellow.mentorships.all()
                ],
                leaves=[(leave.start, leave.end) for leave in fellow.leaves.all()],
                training_degree=TRAINING_DEGREE,
                training_degree_state=state,
                training_degree_year=year,
                topic=_topic(fellow),
                positions=[
                    tables.PositionFacts(
                        title=p.title,
                        department=p.department,
                        institution=p.institution,
                        activity=p.get_activity_display(),
                        start=p.start,
                        end=p.end,
                    )
                    for p in fellow.positions.all()
                ],
                grants=_grants(fellow),
                publications=publications.get(fellow.pk, []),
            )
        )
    return facts


def build_table(
    program,
    key: str,
    *,
    part: int = 1,
    first: int | None = None,
    last: int | None = None,
    as_of: dt.date | None = None,
) -> tables.ReportTable:
    """One NIH table of the program. Raises tables.ReportError on a bad part or period."""
    as_of = as_of or timezone.localdate()
    # Check the request before reading the records.
    first, last = tables.period(key, part, as_of=as_of, first=first, last=last)
    return tables.BUILDERS[key](
        trainee_facts(program, key, part=part, first=first, last=last),
        part=part,
        as_of=as_of,
        first=first,
        last=last,
        program_name=program.name,
        grant_number=program.grant_number,
    )


# RPPR trainee summaries --------------------------------------------------------------------


def current_trainees(program):
    return (
        Fellow.objects.for_program(program)
        .in_training()
        .select_related("laboratory", "thesis")
        .prefetch_related(
            "topics",
            "laboratory__topics",
            Prefetch("mentorships", queryset=Mentorship.objects.select_related("faculty")),
        )
        .order_by("cohort_year", "last_name", "first_name")
    )


def _coursework(item) -> tuple[list[str], float]:
    """The courses the degree audit counts toward the MMSc, in the order they were earned,
    and the credits it says are earned: the numbers of the fellow's degree audit page. A
    grade below the minimum, a failure or a withdrawal is not coursework completed."""
    result = item.result
    if result is None:
        return [], 0.0
    counted: list[str] = []
    for requirement in result.requirements:
        counted += [code for code in requirement.counted if code not in counted]
    # In the order earned: the term of the first attempt with a grade that counts.
    min_grade = item.requirement_set.min_grade
    order: dict[str, int] = {}
    for e in sorted(item.enrollments, key=lambda e: (e.term, e.course.code)):
        if e.status == "completed" and grade_counts(e.grade or None, min_grade):
            order.setdefault(e.course.code, len(order))
    counted.sort(key=lambda code: (order.get(code, len(order)), code))
    names = [f"{code} {item.courses[code].title}" for code in counted]
    return names, float(result.credits_earned_total)


def summary_facts(program, *, as_of: dt.date | None = None) -> list[rppr.SummaryFacts]:
    """What each current trainee's drafted paragraph says, in a fixed number of queries."""
    from fellowship.progress.models import DevelopmentPlan, ResearchPlan

    as_of = as_of or timezone.localdate()
    fellows = list(current_trainees(program))
    ids = [f.pk for f in fellows]
    audits = {a.fellow.pk: a for a in fellow_audits(program, fellows)}
    publications = _publications_by_fellow(program, ids)
    approved = dict(
        ResearchPlan.objects.filter(fellow__in=ids, approved_on__isnull=False).values_list(
            "fellow_id", "approved_on"
        )
    )
    idp_years: dict[int, int] = {}
    in_use = [DevelopmentPlan.State.SUBMITTED, DevelopmentPlan.State.SIGNED_OFF]
    for fellow_id, year in DevelopmentPlan.objects.filter(
        fellow__in=ids, state__in=in_use
    ).values_list("fellow_id", "year"):
        idp_years[fellow_id] = max(year, idp_years.get(fellow_id, 0))
    facts = []
    for fellow in fellows:
        current = [
            m
            for m in fellow.mentorships.all()
            if m.start <= as_of and (m.end is None or m.end >= as_of)
        ]
        current.sort(key=lambda m: (m.kind != Mentorship.Kind.PRIMARY, m.start))
        audit = audits[fellow.pk]
        courses, credits = _coursework(audit)
        # The table builders' rules for training years and publications since entry.
        training = tables.TraineeFacts(
            key=fellow.pk, sort_name="", entry_year=fellow.cohort_year,
            appointment_start=fellow.appointment_start, appointment_end=fellow.appointment_end,
            status=fellow.status, publications=publications.get(fellow.pk, []),
        )  # fmt: skip
        pubs = tables.trainee_publications(training)
        facts.append(
            rppr.SummaryFacts(
                key=fellow.pk,
                full_name=fellow.full_name,
                sort_name=fellow.sort_name,
                training_year=max(1, tables.training_years(training, as_of)),
                mentors=[m.faculty.display_name for m in current],
                laboratory=fellow.laboratory.name if fellow.laboratory else "",
                topic=_topic(fellow),
                plan_approved=(
                    tables.month_year(approved[fellow.pk]) if fellow.pk in approved else ""
                ),
                courses_completed=courses,
                credits_completed=credits,
                audited=audit.result is not None,
                degree_standing=audit.state_label if audit.result is not None else "",
                publications=[
                    f"{p.title.rstrip('.')} ({p.journal + ', ' if p.journal else ''}{p.year})"
                    for p in pubs
                ],
                idp_year=idp_years.get(fellow.pk),
            )
        )
    return facts
