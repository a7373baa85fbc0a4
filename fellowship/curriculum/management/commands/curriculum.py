"""`fellowship curriculum audit --fellow EMAIL [--program SLUG] [--format json|text]`.

Prints one fellow's degree audit: each requirement, what counted, what is missing, and
whether the plan of study completes the degree by the end of the appointment. Exit status
2 when the fellow or the program is unknown.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from fellowship.curriculum import audit, selectors
from fellowship.programs.models import Fellow, Program

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Curriculum tools: `curriculum audit --fellow EMAIL [--program SLUG] "
        "[--format json|text]` prints one fellow's degree audit."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["audit"])
        parser.add_argument("--fellow", required=True, metavar="EMAIL")
        parser.add_argument("--program", metavar="SLUG", default=None)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, fellow, program=None, format="text", **options):
        fellows = Fellow.objects.filter(email__iexact=fellow.strip()).select_related("program")
        if program:
            if not Program.objects.filter(slug=program).exists():
                raise CommandError(f"There is no program “{program}”.", returncode=BAD_INPUT)
            fellows = fellows.filter(program__slug=program)
        found = list(fellows[:2])
        if not found:
            where = f" in {program}" if program else ""
            raise CommandError(
                f"No fellow has the email address “{fellow}”{where}.", returncode=BAD_INPUT
            )
        if len(found) > 1:
            raise CommandError(
                f"Fellows of several programs have the email “{fellow}”: choose one with "
                "--program.",
                returncode=BAD_INPUT,
            )
        item = selectors.fellow_audit(found[0])
        if format == "json":
            self.stdout.write(json.dumps(as_json(item), indent=2))
        else:
            self.stdout.write(as_text(item))


def _credits(value):
    return None if value is None else float(value)


def as_json(item: selectors.FellowAudit) -> dict:
    f = item.fellow
    data = {
        "fellow": f.full_name,
        "email": f.email,
        "program": f.program.slug,
        "cohort": f.cohort_year,
        "appointment_end": f.appointment_end.isoformat(),
        "version": item.requirement_set.version if item.requirement_set else None,
        "problem": item.problem,
    }
    if item.result is None:
        return data
    r = item.result
    data.update(
        {
            "complete": r.complete,
            "standing": item.state,
            "credits_earned": _credits(r.credits_earned_total),
            "credits_planned": _credits(r.credits_planned_total),
            "requirements": [
                {
                    "label": q.label,
                    "satisfied": q.satisfied,
                    "satisfied_with_planned": q.satisfied_with_planned,
                    "counted": q.counted,
                    "planned": q.planned,
                    "missing": q.missing,
                    "credits_earned": _credits(q.credits_earned),
                    "credits_needed": _credits(q.credits_needed),
                    "credits_planned": _credits(q.credits_planned),
                }
                for q in r.requirements
            ],
            "still_lacks": item.lacks,
            "plan": {
                "completes_by_appointment_end": item.outlook.completes,
                "late_terms": [str(t) for t in item.outlook.late_terms],
                "missing_at_appointment_end": item.outlook.missing,
                "summary": item.plan_text,
                "terms": {str(t): codes for t, codes in r.plan_of_study.items()},
            },
            "notes": r.notes,
        }
    )
    return data


def as_text(item: selectors.FellowAudit) -> str:
    f = item.fellow
    lines = [f"Degree audit: {f.full_name} <{f.email}>, cohort {f.cohort_year}"]
    if item.result is None:
        lines.append(item.problem or "No audit.")
        return "\n".join(lines) + "\n"
    r = item.result
    lines.append(f"Requirements: {r.version}")
    lines.append(
        f"Credits earned {audit.format_credits(r.credits_earned_total)}, "
        f"enrolled or planned {audit.format_credits(r.credits_planned_total)}"
    )
    lines.append("")
    for q in r.requirements:
        mark = "[x]" if q.satisfied else ("[~]" if q.satisfied_with_planned else "[ ]")
        progress = ""
        if q.credits_needed is not None:
            earned = audit.format_credits(q.credits_earned)
            progress = f" {earned}/{audit.format_credits(q.credits_needed)}"
        line = f"{mark} {q.label}{progress}"
        if q.counted:
            line += f"  counted: {', '.join(q.counted)}"
        if q.planned:
            line += f"  planned: {', '.join(q.planned)}"
        if q.missing:
            line += f"  -- {q.missing}"
        lines.append(line)
    lines.append("")
    lines.append(f"{item.state_label}. {item.plan_text}")
    if r.plan_of_study:
        lines.append("")
        lines.append("Plan of study:")
        for term, codes in r.plan_of_study.items():
            lines.append(f"  {term}: {', '.join(codes)}")
    if r.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {note}" for note in r.notes)
    return "\n".join(lines) + "\n"
