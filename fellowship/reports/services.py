"""Every write of the reports app: the edited RPPR paragraphs. Checked, atomic, logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fellowship.activity.services import activity_record

from . import rppr
from .models import TraineeSummary


def _check(by, fellow):
    if by is None or not by.has_perm("reports.edit_summaries", fellow.program):
        raise PermissionDenied("Only the director and the coordinator edit RPPR summaries.")


@transaction.atomic
def summary_save(*, fellow, report_year: int, text: str, by) -> TraineeSummary:
    """Keep the edited paragraph of `fellow` for the RPPR of `report_year`."""
    _check(by, fellow)
    summary = TraineeSummary.objects.filter(fellow=fellow, report_year=report_year).first()
    summary = summary or TraineeSummary(fellow=fellow, report_year=report_year)
    creating = summary.pk is None
    summary.text = (text or "").strip()
    # The paragraph goes into the RPPR as saved: no note asking for an edit may stay in it.
    if placeholder := rppr.placeholder_in(summary.text):
        raise ValidationError(
            f"The summary still says “{placeholder}”: write in the presentations and honors, "
            "or delete that sentence."
        )
    summary.updated_by = by
    summary.full_clean()
    summary.save()
    verb = "written" if creating else "edited"
    activity_record(
        actor=by,
        verb=f"rppr_summary.{verb}",
        target=summary,
        summary=f"RPPR {report_year} summary of {fellow} {verb}",
    )
    return summary


@transaction.atomic
def summary_discard(*, fellow, report_year: int, by) -> None:
    """Drop the edited paragraph: the page shows the draft from the records again."""
    _check(by, fellow)
    summary = TraineeSummary.objects.filter(fellow=fellow, report_year=report_year).first()
    if summary is None:
        return
    activity_record(
        actor=by,
        verb="rppr_summary.discarded",
        target=fellow,
        summary=f"RPPR {report_year} summary of {fellow} back to the draft",
    )
    summary.delete()
