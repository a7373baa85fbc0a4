"""Pages for the program's core records: lists, details and edit forms. (The program's
dashboard is `web.views.DashboardView`: it gathers every app.)"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView

from fellowship.core.views import (
    FellowMixin,
    ProgramViewMixin,
    ServiceFormMixin,
)

from . import forms, linking, selectors, services
from .filters import FacultyFilter, FellowFilter, LaboratoryFilter
from .models import (
    DoctoralDegree,
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Leave,
    Mentorship,
    Position,
    Topic,
)

# Generic create/edit for records that belong to the program ------------------------------


class RecordFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    """Create (no pk in the URL) or edit a program record through its service."""

    permission_required = "programs.manage_records"
    template_name = "web/form.html"
    model = None
    service = None  # e.g. services.institution_save
    service_arg = ""  # e.g. "institution"
    m2m_fields: tuple[str, ...] = ()
    cancel_url_name = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_queryset(self):
        return self.model.objects.filter(program=self.program)

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or self.new_record()
        kwargs["program"] = self.program
        return kwargs

    def new_record(self):
        """A blank record with what the form does not set, so the form validates it whole."""
        return self.model(program=self.program)

    def form_save(self, form):
        record = form.save(commit=False)
        extra = {name: form.cleaned_data.get(name) for name in self.m2m_fields}
        record = self.service(**{self.service_arg: record}, **extra, by=self.request.user)
        messages.success(self.request, f"Saved {record}.")
        return redirect(self.success_url_for(record))

    def success_url_for(self, record):
        return record.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        noun = self.model._meta.verbose_name
        context["title"] = f"Edit {self.object}" if self.object else f"New {noun}"
        context["object"] = self.object
        context["cancel_url"] = (
            self.object.get_absolute_url()
            if self.object
            else reverse(self.cancel_url_name, kwargs={"program": self.program.slug})
        )
        return context


class ProgramListView(ProgramViewMixin, FilterView):
    """A list page with search and filters, its rows from a selector of the program."""

    paginate_by = 50
    selector = None  # e.g. selectors.fellows_for_list

    def get_queryset(self):
        return self.selector(self.program)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["program"] = self.program
        return kwargs


# Fellows ----------------------------------------------------------------------------------


class FellowListView(ProgramListView):
    permission_required = "programs.view_fellow_list"
    filterset_class = FellowFilter
    template_name = "programs/fellow_list.html"
    selector = staticmethod(selectors.fellows_for_list)


class FellowDetailView(FellowMixin, ProgramViewMixin, TemplateView):
    permission_required = "programs.view_fellow"
    template_name = "programs/fellow_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        fellow = selectors.fellow_for_detail(self.program, self.fellow.pk)
        context["fellow"] = fellow
        context["can_see_private"] = user.has_perm("programs.view_fellow_private", fellow)
        context["can_manage"] = user.has_perm("programs.manage_records", self.program)
        context.update(_invitation_context(user, fellow, context["can_manage"]))
        return context


class FellowFormView(RecordFormView):
    model = Fellow
    form_class = forms.FellowForm
    service = staticmethod(services.fellow_save)
    service_arg = "fellow"
    m2m_fields = ("topics",)
    cancel_url_name = "programs:fellow_list"


# A fellow's degrees, mentorships, leaves and positions share one set of views.
FELLOW_RECORDS = {
    "degrees": (DoctoralDegree, forms.DegreeForm, services.degree_save, "degree"),
    "mentorships": (Mentorship, forms.MentorshipForm, services.mentorship_save, "mentorship"),
    "leaves": (Leave, forms.LeaveForm, services.leave_save, "leave"),
    "positions": (Position, forms.PositionForm, services.position_save, "position"),
}


class FellowRecordView(ServiceFormMixin, FellowMixin, ProgramViewMixin, FormView):
    """Add or edit a degree, mentorship, leave or position of one fellow."""

    permission_required = "programs.manage_records"
    fellow_kwarg = "fellow"
    template_name = "web/form.html"

    def get_permission_object(self):
        super().get_permission_object()  # loads the fellow; staff permission is program-wide
        return self.program

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in FELLOW_RECORDS:
            raise Http404("No such kind of record.")
        self.model, self.form_class, self.service, self.noun = FELLOW_RECORDS[kwargs["kind"]]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model, fellow=self.fellow, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or self.model(fellow=self.fellow)
        if issubclass(self.form_class, forms.ProgramScopedForm):
            kwargs["program"] = self.program
        return kwargs

    def form_save(self, form):
        record = form.save(commit=False)
        record.fellow = self.fellow
        self.service(**{self.noun: record}, by=self.request.user)
        messages.success(self.request, f"Saved {self.noun}: {record}.")
        return redirect(self.fellow.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = (
            f"Edit {self.noun} of {self.fellow}"
            if self.object
            else f"Add {self.noun} for {self.fellow}"
        )
        context["object"] = self.object
        context["cancel_url"] = self.fellow.get_absolute_url()
        if self.object:
            context["delete_url"] = reverse(
                "programs:fellow_record_delete",
                kwargs={
                    "program": self.program.slug,
                    "fellow": self.fellow.pk,
                    "kind": self.kwargs["kind"],
                    "pk": self.object.pk,
                },
            )
        return context


class FellowRecordDeleteView(FellowRecordView):
    template_name = "web/confirm_delete.html"

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        services.fellow_record_delete(record=record, by=request.user)
        messages.success(request, f"Removed {self.noun}: {record}.")
        return redirect(self.fellow.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Remove {self.noun} of {self.fellow}?"
        return context


def _invitation_context(user, person, can_manage) -> dict:
    """The person's latest invitation, for the staff; the director may confirm it."""
    if not can_manage:
        return {}
    return {
        "invitation": linking.latest_invitation(person),
        "can_confirm_link": user.has_perm("programs.confirm_link", person.program),
    }


# Faculty ----------------------------------------------------------------------------------


class FacultyListView(ProgramListView):
    filterset_class = FacultyFilter
    template_name = "programs/faculty_list.html"
    selector = staticmethod(selectors.faculty_for_list)


class FacultyDetailView(ProgramViewMixin, DetailView):
    template_name = "programs/faculty_detail.html"
    context_object_name = "faculty"

    def get_queryset(self):
        return (
            FacultyMember.objects.filter(program=self.program)
            .select_related("institution")
            .prefetch_related("laboratories__institution", "topics", "labs_headed")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_manage"] = user.has_perm("programs.manage_records", self.program)
        context.update(_invitation_context(user, self.object, context["can_manage"]))
        if context["can_manage"]:
            context["mentorships"] = self.object.mentorships.select_related("fellow").order_by(
                "-start"
            )
        return context


class FacultyFormView(RecordFormView):
    model = FacultyMember
    form_class = forms.FacultyForm
    service = staticmethod(services.faculty_save)
    service_arg = "faculty"
    m2m_fields = ("laboratories", "topics")
    cancel_url_name = "programs:faculty_list"


# Laboratories -----------------------------------------------------------------------------


class LaboratoryListView(ProgramListView):
    filterset_class = LaboratoryFilter
    template_name = "programs/lab_list.html"
    selector = staticmethod(selectors.labs_for_list)


class LaboratoryDetailView(ProgramViewMixin, DetailView):
    template_name = "programs/lab_detail.html"
    context_object_name = "lab"

    def get_queryset(self):
        return (
            Laboratory.objects.filter(institution__program=self.program)
            .select_related("institution", "head")
            .prefetch_related("topics", "members")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_manage"] = user.has_perm("programs.manage_records", self.program)
        fellows = self.object.fellows.in_training().order_by("last_name")
        context["fellows"] = [f for f in fellows if user.has_perm("programs.view_fellow", f)]
        return context


class LaboratoryFormView(RecordFormView):
    model = Laboratory
    form_class = forms.LaboratoryForm
    service = staticmethod(services.laboratory_save)
    service_arg = "laboratory"
    m2m_fields = ("topics",)
    cancel_url_name = "programs:lab_list"

    def get_queryset(self):
        return Laboratory.objects.filter(institution__program=self.program)

    def new_record(self):
        return Laboratory()  # it belongs to the program through its institution

    def success_url_for(self, record):
        return reverse(
            "programs:lab_detail", kwargs={"program": self.program.slug, "pk": record.pk}
        )


# Institutions -----------------------------------------------------------------------------


class InstitutionListView(ProgramViewMixin, ListView):
    template_name = "programs/institution_list.html"
    context_object_name = "institutions"

    def get_queryset(self):
        return selectors.institutions_for_list(self.program)


class InstitutionDetailView(ProgramViewMixin, DetailView):
    template_name = "programs/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        return Institution.objects.filter(program=self.program).prefetch_related(
            "laboratories__head", "laboratories__topics", "faculty"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("programs.manage_records", self.program)
        return context


class InstitutionFormView(RecordFormView):
    model = Institution
    form_class = forms.InstitutionForm
    service = staticmethod(services.institution_save)
    service_arg = "institution"
    cancel_url_name = "programs:institution_list"


# Topics -----------------------------------------------------------------------------------


class TopicListView(ProgramViewMixin, ListView):
    template_name = "programs/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        from django.db.models import Count

        return (
            Topic.objects.filter(program=self.program)
            .annotate(
                lab_count=Count("laboratories", distinct=True),
                faculty_count=Count("faculty", distinct=True),
            )
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("programs.manage_records", self.program)
        return context


class TopicFormView(RecordFormView):
    model = Topic
    form_class = forms.TopicForm
    service = staticmethod(services.topic_save)
    service_arg = "topic"
    cancel_url_name = "programs:topic_list"

    def success_url_for(self, record):
        return reverse("programs:topic_list", kwargs={"program": self.program.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse(
            "programs:topic_list", kwargs={"program": self.program.slug}
        )
        return context


# The program itself -----------------------------------------------------------------------


class ProgramFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "programs.change_program"
    template_name = "web/form.html"
    form_class = forms.ProgramForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.program
        return kwargs

    def form_save(self, form):
        program = services.program_save(program=form.save(commit=False), by=self.request.user)
        messages.success(self.request, "Program settings saved.")
        return redirect(program.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Program settings"
        context["cancel_url"] = self.program.get_absolute_url()
        return context
