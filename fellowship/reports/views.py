"""The reports pages: the NIH tables (choose, see, download as CSV, XLSX or DOCX) and the
RPPR trainee summaries (drafted from the records, edited, exported)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView, View

from fellowship.core import concurrency
from fellowship.core.views import ProgramViewMixin
from fellowship.programs.models import Fellow

from . import completeness, dashboard, exports, rppr, selectors, services, tables
from .forms import SummaryForm, TableForm
from .models import TraineeSummary


def _build(program, form):
    """The table the form asks for, or None with the reason put on the form."""
    data = form.cleaned_data
    try:
        return selectors.build_table(
            program, data["table"], part=data["part"], first=data["first"], last=data["last"]
        )
    except tables.ReportError as error:
        form.add_error(None, str(error))
        return None


class ReportsView(ProgramViewMixin, TemplateView):
    permission_required = "reports.view_reports"
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = "table" in self.request.GET
        form = TableForm(self.request.GET if asked else None)
        context["form"] = form
        context["table"] = _build(self.program, form) if asked and form.is_valid() else None
        context["query"] = self.request.GET.urlencode()
        context["formats"] = exports.FORMATS
        context["today"] = timezone.localdate()
        return context


class DownloadView(ProgramViewMixin, View):
    permission_required = "reports.view_reports"

    def get(self, request, program, format):
        if format not in exports.FORMATS:
            raise Http404("Choose csv, xlsx or docx.")
        # Without a choice the download is Table 8, Part I, over NIH's look-back.
        form = TableForm(
            {"table": tables.TRAINEE_OUTCOMES_POSTDOC, "part": 1, **request.GET.dict()}
        )
        table = _build(self.program, form) if form.is_valid() else None
        if table is None:
            errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return HttpResponse(
                f"This table cannot be built: {errors}",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(
            exports.render(table, format), content_type=exports.CONTENT_TYPES[format]
        )
        name = f"{self.program.slug}-{table.file_stem}.{format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# RPPR trainee summaries ------------------------------------------------------------------


def _report_year(request) -> int:
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and 1950 <= int(wanted) <= 2100:
        return int(wanted)
    return timezone.localdate().year


def summary_items(program, year: int) -> list[dict]:
    """Each current trainee with the paragraph to show: the saved edit, else the draft."""
    facts = selectors.summary_facts(program)
    saved = {
        s.fellow_id: s
        for s in TraineeSummary.objects.filter(
            fellow__in=[f.key for f in facts], report_year=year
        ).select_related("updated_by")
    }
    items = []
    for f in facts:
        drafted = rppr.draft(f)
        edit = saved.get(f.key)
        text = edit.text if edit else drafted
        items.append(
            {
                "facts": f,
                "draft": drafted,
                "saved": edit,
                "text": text,
                # Reviewed: someone saved it, and no request for an edit is left in it.
                "reviewed": edit is not None and rppr.placeholder_in(text) is None,
                "checklist": [] if edit else rppr.checklist(f),
            }
        )
    return items


def _review_status(item: dict) -> str:
    if item["reviewed"]:
        return f"Reviewed: saved {timezone.localtime(item['saved'].updated_at):%m/%d/%Y}"
    if item["saved"] is None:
        return "Not reviewed: draft from the records"
    return "Not reviewed: the saved text still asks for an edit"


def export_rows(items: list[dict]) -> list[exports.SummaryRow]:
    """What the downloads carry: each paragraph with whether someone reviewed it."""
    return [
        exports.SummaryRow(
            name=i["facts"].sort_name,
            text=i["text"],
            reviewed=i["reviewed"],
            status=_review_status(i),
        )
        for i in items
    ]


class SummariesView(ProgramViewMixin, TemplateView):
    """A drafted paragraph per current trainee for the RPPR, to edit and export."""

    permission_required = "reports.edit_summaries"
    template_name = "reports/summaries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _report_year(self.request)
        context["year"] = year
        items = summary_items(self.program, year)
        context["items"] = items
        context["unreviewed"] = [i for i in items if not i["reviewed"]]
        return context


class SummarySaveView(ProgramViewMixin, View):
    permission_required = "reports.edit_summaries"

    def post(self, request, program):
        form = SummaryForm(request.POST)
        if not form.is_valid():
            return HttpResponse(
                "This summary cannot be saved: the form is incomplete.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        data = form.cleaned_data
        fellow = get_object_or_404(Fellow, program=self.program, pk=data["fellow"])
        url = reverse("reports:summaries", kwargs={"program": self.program.slug})
        url += f"?year={data['year']}#trainee-{fellow.pk}"
        try:
            with transaction.atomic():
                _claim_summary(fellow, data["year"], request.POST.get(concurrency.TOKEN_FIELD))
                if data["action"] == "discard":
                    services.summary_discard(
                        fellow=fellow, report_year=data["year"], by=request.user
                    )
                    messages.success(request, f"The summary of {fellow} is the draft again.")
                else:
                    services.summary_save(
                        fellow=fellow, report_year=data["year"], text=data["text"], by=request.user
                    )
                    messages.success(request, f"The summary of {fellow} is saved.")
        except concurrency.StaleEdit as stale:
            if data["action"] == "save":
                return self.reconcile(form, fellow, stale, cancel_url=url)
            messages.error(request, f"{fellow}: {stale.changed} Nothing was discarded.")
        except ValidationError as error:
            messages.error(request, f"{fellow}: {' '.join(error.messages)}")
        return redirect(url)

    def reconcile(self, form, fellow, stale, *, cancel_url):
        """A refused save: their text, the saved one beside it, and the new version."""
        form.fields["action"].widget = forms.HiddenInput()
        form.fields[concurrency.TOKEN_FIELD] = concurrency.OpenedVersionField(required=False)
        data = form.cleaned_data
        saved = SummaryForm(
            initial={
                "fellow": fellow.pk,
                "year": data["year"],
                "action": "save",
                "text": stale.record.text if stale.record else "",
            }
        )
        concurrency.refuse(form, stale, saved)
        context = {
            "program": self.program,
            "form": form,
            "title": f"RPPR {data['year']} summary of {fellow}",
            "cancel_url": cancel_url,
        }
        return render(self.request, "web/form.html", context)


def _claim_summary(fellow, year: int, opened) -> None:
    """The page was opened at version `opened` of the saved paragraph ("0": none was saved
    then). Without the field (not our page) nothing is checked."""
    if opened in (None, ""):
        return
    saved = TraineeSummary.objects.filter(fellow=fellow, report_year=year).first()
    if opened == "0":
        if saved is not None:
            raise concurrency.StaleEdit(saved, saved.revision, concurrency.last_change(saved))
    elif saved is None:  # sent back to the draft since: saving again writes it anew
        concurrency.read_token(opened)
        raise concurrency.StaleEdit(None, 0, None)
    else:
        concurrency.claim(saved, concurrency.read_token(opened))


class SummariesDownloadView(ProgramViewMixin, View):
    permission_required = "reports.edit_summaries"

    def get(self, request, program, format):
        if format not in ("csv", "docx"):
            raise Http404("Choose csv or docx.")
        year = _report_year(request)
        items = export_rows(summary_items(self.program, year))
        if format == "csv":
            body = exports.summaries_csv(items)
        else:
            body = exports.summaries_docx(
                f"{self.program.name}: trainee summaries for the RPPR, {year}", items
            )
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[format])
        name = f"{self.program.slug}-rppr-trainees-{year}.{format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# Data completeness -------------------------------------------------------------------------

# Where each kind of gap is fixed: (URL name, its keyword for the fellow, extra kwargs).
FIX_LINKS = {
    completeness.FIX_DEGREE: ("programs:fellow_record_create", "fellow", {"kind": "degrees"}),
    completeness.FIX_MENTOR: ("programs:fellow_record_create", "fellow", {"kind": "mentorships"}),
    completeness.FIX_POSITION: ("programs:fellow_record_create", "fellow", {"kind": "positions"}),
    completeness.FIX_TOPIC: ("programs:fellow_edit", "pk", {}),
    completeness.FIX_AUDIT: ("curriculum:degree_audit", "pk", {}),
    completeness.FIX_PUBLICATIONS: ("publications:review", None, {}),
}
FIX_LABELS = {
    completeness.FIX_DEGREE: "Add a degree",
    completeness.FIX_MENTOR: "Add a mentor",
    completeness.FIX_POSITION: "Add a position",
    completeness.FIX_TOPIC: "Choose topics",
    completeness.FIX_AUDIT: "Open the degree audit",
    completeness.FIX_PUBLICATIONS: "Link authorships",
}


def fix_link(program, fellow_key: int, fix: str) -> str:
    name, keyword, extra = FIX_LINKS[fix]
    kwargs = {"program": program.slug, **extra}
    if keyword:
        kwargs[keyword] = fellow_key
    return reverse(name, kwargs=kwargs)


class CompletenessView(ProgramViewMixin, TemplateView):
    """The trainees of Table 8 Part I (NIH's 15 years) who lack what the tables need."""

    permission_required = "reports.view_reports"
    template_name = "reports/completeness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first, last = tables.period(tables.TRAINEE_OUTCOMES_POSTDOC, 1, as_of=today)
        facts = selectors.trainee_facts(self.program, part=1, first=first, last=last)
        found = completeness.incomplete_trainees(facts, as_of=today, first=first, last=last)
        rows = []
        counts: dict[str, int] = {}
        for trainee, gaps in found:
            items = []
            for gap in gaps:
                counts[gap.what] = counts.get(gap.what, 0) + 1
                items.append(
                    {
                        "gap": gap,
                        "url": fix_link(self.program, trainee.key, gap.fix),
                        "label": FIX_LABELS[gap.fix],
                    }
                )
            status = Fellow.Status(trainee.status).label
            rows.append({"trainee": trainee, "status": status, "gaps": items})
        context.update(
            rows=rows,
            counts=sorted(counts.items(), key=lambda c: -c[1]),
            checked=len(tables.select_trainees(facts, part=1, first=first, last=last, as_of=today)),
            first=first,
            last=last,
        )
        return context


# The director's dashboard ------------------------------------------------------------------


class _Urls:
    """`reverse` for the program in hand: the charts build a link per row."""

    def __init__(self, program):
        self.slug = program.slug

    def __call__(self, name, **kwargs):
        return reverse(name, kwargs={"program": self.slug, **kwargs})


class DashboardView(ProgramViewMixin, TemplateView):
    """Pictures of the program, each bar a link to the rows behind it."""

    permission_required = "reports.view_reports"
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        urls = _Urls(self.program)
        pictures = []
        for key, build in dashboard.CHARTS.items():
            chart, _ = build(self.program, today, urls)
            base = urls("reports:dashboard_rows", chart=key)
            pictures.append(
                dashboard.picture(
                    chart,
                    lambda bar, series, base=base: (
                        f"{base}?{urlencode({'bar': bar, 'series': series})}"
                    ),
                )
            )
        context["pictures"] = pictures
        context["today"] = today
        return context


class DashboardRowsView(ProgramViewMixin, TemplateView):
    """The rows behind one bar (or one segment of it) of a dashboard picture."""

    permission_required = "reports.view_reports"
    template_name = "reports/dashboard_rows.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        build = dashboard.CHARTS.get(self.kwargs["chart"])
        if build is None:
            raise Http404("No such picture on the dashboard.")
        chart, items = build(self.program, timezone.localdate(), _Urls(self.program))
        bar = self.request.GET.get("bar", "")
        series = self.request.GET.get("series", "")
        labels = dict(chart.series)
        if series and series not in labels:
            raise Http404("No such part of this picture.")
        chosen = [
            i for i in items if (not bar or i.bar == bar) and (not series or i.series == series)
        ]
        for item in chosen:
            item.series_label = labels.get(item.series, item.series)
        context.update(
            chart=chart,
            bar=bar,
            series_label=labels.get(series, ""),
            items=chosen,
        )
        return context
