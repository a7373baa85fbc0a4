"""Pages of the curriculum: the catalog, the degree requirements, a fellow's degree audit and
plan of study, a mentor's mentees, and the coordinator's cohort table with its exports."""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from fellowship.accounts.roles import memberships
from fellowship.core.spreadsheet import safe_row, safe_rows
from fellowship.core.views import (
    FellowMixin,
    ProgramViewMixin,
    ServiceFormMixin,
)

from . import audit, degree, forms, selectors, services
from .models import Course, Enrollment, Requirement, RequirementSet

# The catalog --------------------------------------------------------------------------------


class CourseListView(ProgramViewMixin, TemplateView):
    permission_required = "curriculum.view_catalog"
    template_name = "curriculum/course_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        courses = list(selectors.catalog(self.program).prefetch_related("prerequisites"))
        context["kinds"] = [
            (label, [c for c in courses if c.kind == kind]) for kind, label in Course.Kind.choices
        ]
        context["can_manage"] = self.request.user.has_perm(
            "curriculum.manage_catalog", self.program
        )
        return context


class CourseDetailView(ProgramViewMixin, TemplateView):
    permission_required = "curriculum.view_catalog"
    template_name = "curriculum/course_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["course"] = get_object_or_404(
            Course.objects.prefetch_related("prerequisites", "required_for"),
            program=self.program,
            pk=self.kwargs["pk"],
        )
        context["can_manage"] = self.request.user.has_perm(
            "curriculum.manage_catalog", self.program
        )
        return context


class CourseFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "curriculum.manage_catalog"
    template_name = "web/form.html"
    form_class = forms.CourseForm

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_object_or_404(Course, program=self.program, pk=self.kwargs["pk"])
        return Course(program=self.program)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_instance()
        kwargs.update(instance=self.object, program=self.program)
        return kwargs

    def form_save(self, form):
        course = form.save(commit=False)
        services.course_save(
            course=course,
            prerequisites=list(form.cleaned_data["prerequisites"]),
            by=self.request.user,
        )
        messages.success(self.request, f"Saved {course}.")
        return redirect(course.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Edit {self.object}" if self.object.pk else "New course"
        context["cancel_url"] = (
            self.object.get_absolute_url()
            if self.object.pk
            else reverse("curriculum:course_list", kwargs={"program": self.program.slug})
        )
        return context


# Degree requirements ------------------------------------------------------------------------


class RequirementSetListView(ProgramViewMixin, TemplateView):
    permission_required = "curriculum.view_catalog"
    template_name = "curriculum/requirement_set_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = list(selectors.requirement_sets(self.program))
        context["can_manage"] = self.request.user.has_perm(
            "curriculum.manage_requirements", self.program
        )
        return context


class RequirementSetMixin:
    def get_requirement_set(self):
        if not hasattr(self, "requirement_set"):
            self.requirement_set = get_object_or_404(
                selectors.requirement_sets(self.program), pk=self.kwargs["pk"]
            )
        return self.requirement_set


class RequirementSetDetailView(RequirementSetMixin, ProgramViewMixin, TemplateView):
    permission_required = "curriculum.view_catalog"
    template_name = "curriculum/requirement_set_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rs = self.get_requirement_set()
        versions = list(RequirementSet.objects.filter(program=self.program))
        later = [v.cohort_from for v in versions if v.cohort_from > rs.cohort_from]
        context["requirement_set"] = rs
        context["cohort_until"] = min(later) - 1 if later else None
        context["can_manage"] = self.request.user.has_perm(
            "curriculum.manage_requirements", self.program
        )
        return context


class RequirementSetFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "curriculum.manage_requirements"
    template_name = "web/form.html"
    form_class = forms.RequirementSetForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            self.object = get_object_or_404(
                RequirementSet, program=self.program, pk=self.kwargs["pk"]
            )
        else:
            self.object = RequirementSet(program=self.program)
        kwargs["instance"] = self.object
        return kwargs

    def form_save(self, form):
        rs = form.save(commit=False)
        services.requirement_set_save(requirement_set=rs, by=self.request.user)
        messages.success(self.request, f"Saved {rs}.")
        return redirect(rs.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Edit {self.object}" if self.object.pk else "New requirements version"
        context["cancel_url"] = (
            self.object.get_absolute_url()
            if self.object.pk
            else reverse("curriculum:requirement_set_list", kwargs={"program": self.program.slug})
        )
        return context


class RequirementFormView(ServiceFormMixin, RequirementSetMixin, ProgramViewMixin, FormView):
    permission_required = "curriculum.manage_requirements"
    template_name = "web/form.html"
    form_class = forms.RequirementForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        rs = self.get_requirement_set()
        if "item" in self.kwargs:
            self.object = get_object_or_404(Requirement, requirement_set=rs, pk=self.kwargs["item"])
        else:
            self.object = Requirement(requirement_set=rs)
        kwargs.update(instance=self.object, program=self.program)
        return kwargs

    def form_save(self, form):
        requirement = form.save(commit=False)
        services.requirement_save(requirement=requirement, by=self.request.user)
        messages.success(self.request, f"Saved {requirement}.")
        return redirect(self.requirement_set.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rs = self.get_requirement_set()
        context["title"] = (
            f"Edit {self.object} in {rs}" if self.object.pk else f"Add a requirement to {rs}"
        )
        context["cancel_url"] = rs.get_absolute_url()
        return context


class RequirementDeleteView(RequirementSetMixin, ProgramViewMixin, View):
    permission_required = "curriculum.manage_requirements"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        rs = self.get_requirement_set()
        requirement = get_object_or_404(Requirement, requirement_set=rs, pk=kwargs["item"])
        services.requirement_delete(requirement=requirement, by=request.user)
        messages.success(request, f"Removed {requirement} from {rs}.")
        return redirect(rs.get_absolute_url())


# A fellow's degree audit -------------------------------------------------------------------


class FellowAuditMixin(FellowMixin):
    def audit_url(self):
        return reverse(
            "curriculum:degree_audit", kwargs={"program": self.program.slug, "pk": self.fellow.pk}
        )


def requirement_rows(item: selectors.FellowAudit) -> list[dict]:
    """Each requirement with the numbers its progress bar needs."""
    rows = []
    for r in item.result.requirements:
        need = r.credits_needed
        if need:
            done = min(r.credits_earned, need)
            planned = min(r.credits_planned, need - done)
            earned_pct = int(done / need * 100)
            planned_pct = int(planned / need * 100)
            value = f"{audit.format_credits(r.credits_earned)} / {audit.format_credits(need)}"
        else:
            earned_pct = 100 if r.satisfied else 0
            planned_pct = 100 if not r.satisfied and r.satisfied_with_planned else 0
            value = "done" if r.satisfied else ("planned" if planned_pct else "missing")
        rows.append(
            {
                "r": r,
                "earned_pct": earned_pct,
                "planned_pct": planned_pct,
                "value": value,
                "courses": [item.courses[c] for c in r.counted],
                "planned_courses": [item.courses[c] for c in r.planned],
            }
        )
    return rows


class FellowAuditView(FellowAuditMixin, ProgramViewMixin, TemplateView):
    """The fellow's degree audit, plan of study and transcript."""

    permission_required = "curriculum.view_audit"
    template_name = "curriculum/fellow_audit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = selectors.fellow_audit(self.fellow)
        context["fellow"] = self.fellow
        context["a"] = item
        if item.result is not None:
            context["rows"] = requirement_rows(item)
            min_grade = item.requirement_set.min_grade
            for e in item.enrollments:
                e.below_minimum = (
                    e.status == Enrollment.Status.COMPLETED
                    and bool(e.grade)
                    and not degree.grade_counts(e.grade, min_grade)
                )
            context["min_grade"] = min_grade
        context["can_manage"] = self.request.user.has_perm(
            "curriculum.manage_enrollments", self.fellow
        )
        context["is_self"] = self.fellow.user_id == self.request.user.pk
        return context


class EnrollmentFormView(ServiceFormMixin, FellowAuditMixin, ProgramViewMixin, FormView):
    permission_required = "curriculum.manage_enrollments"
    template_name = "web/form.html"
    form_class = forms.EnrollmentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "enrollment" in self.kwargs:
            self.object = get_object_or_404(
                Enrollment.objects.select_related("course"),
                fellow=self.fellow,
                pk=self.kwargs["enrollment"],
            )
        else:
            self.object = Enrollment(fellow=self.fellow)
        kwargs.update(instance=self.object, program=self.program)
        return kwargs

    def form_save(self, form):
        enrollment = form.save(commit=False)
        services.enrollment_save(enrollment=enrollment, by=self.request.user)
        messages.success(self.request, f"Saved {enrollment} for {self.fellow.full_name}.")
        return redirect(self.audit_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.fellow.full_name
        context["title"] = (
            f"Edit {self.object} for {name}" if self.object.pk else f"Add a course for {name}"
        )
        context["cancel_url"] = self.audit_url()
        if self.object.pk:
            context["delete_url"] = reverse(
                "curriculum:enrollment_delete",
                kwargs={
                    "program": self.program.slug,
                    "pk": self.fellow.pk,
                    "enrollment": self.object.pk,
                },
            )
        return context


class EnrollmentDeleteView(FellowAuditMixin, ProgramViewMixin, TemplateView):
    """Confirm, then remove a course from a fellow's plan or transcript."""

    permission_required = "curriculum.manage_enrollments"
    template_name = "web/confirm_delete.html"

    def get_enrollment(self):
        return get_object_or_404(
            Enrollment.objects.select_related("course"),
            fellow=self.fellow,
            pk=self.kwargs["enrollment"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrollment = self.get_enrollment()
        context["title"] = f"Remove {enrollment} for {self.fellow.full_name}?"
        context["object"] = enrollment
        context["cancel_url"] = self.audit_url()
        return context

    def post(self, request, *args, **kwargs):
        enrollment = self.get_enrollment()
        services.enrollment_delete(enrollment=enrollment, by=request.user)
        messages.success(request, f"Removed {enrollment} for {self.fellow.full_name}.")
        return redirect(self.audit_url())


# Mentees and cohorts --------------------------------------------------------------------------


class MenteesView(ProgramViewMixin, TemplateView):
    permission_required = "curriculum.view_mentees"
    template_name = "curriculum/mentees.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mentee_ids = memberships(self.request.user).mentee_ids
        context["audits"] = selectors.mentee_audits(self.program, mentee_ids)
        context["can_view_cohort"] = self.request.user.has_perm(
            "curriculum.view_cohort", self.program
        )
        return context


class CohortMixin:
    def get_cohort(self):
        years = selectors.cohort_years(self.program)
        wanted = self.request.GET.get("cohort", "")
        if wanted.isdigit() and int(wanted) in years:
            return int(wanted), years
        # The cohort in its last year of coursework: the second-newest one with fellows.
        from django.utils import timezone

        today = timezone.localdate()
        second_year = (today.year if today.month >= 7 else today.year - 1) - 1
        if second_year in years:
            return second_year, years
        return (years[0] if years else None), years


class CohortView(CohortMixin, ProgramViewMixin, TemplateView):
    """Every fellow of a cohort, with what each still lacks."""

    permission_required = "curriculum.view_cohort"
    template_name = "curriculum/cohort.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohort, years = self.get_cohort()
        context["cohort"] = cohort
        context["years"] = years
        context["audits"] = (
            selectors.cohort_audits(self.program, cohort) if cohort is not None else []
        )
        return context


class CohortExportView(CohortMixin, ProgramViewMixin, View):
    permission_required = "curriculum.view_cohort"

    def get(self, request, program, format):
        cohort, _ = self.get_cohort()
        audits = selectors.cohort_audits(self.program, cohort) if cohort is not None else []
        rows = selectors.export_rows(audits)
        name = f"{self.program.slug}-cohort-{cohort}-degree-audit"
        if format == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(safe_row(selectors.EXPORT_HEADER))
            writer.writerows(safe_rows(rows))
            response = HttpResponse(
                "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
            )
        elif format == "xlsx":
            response = HttpResponse(
                xlsx_bytes(f"Cohort {cohort}", selectors.EXPORT_HEADER, rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            raise Http404("Choose csv or xlsx.")
        response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
        return response


def xlsx_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(safe_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in safe_rows(rows):
        sheet.append(row)
    widths = {"A": 24, "B": 30, "E": 24, "K": 50, "L": 60}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
