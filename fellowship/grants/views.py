"""Grant pages: applications, the K99 windows, alumni outcomes, and the alumni's survey."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from fellowship.accounts.roles import Role, memberships
from fellowship.core.ids import id_or_404, parse_id
from fellowship.core.views import (
    ActionView,
    FellowMixin,
    ProgramViewMixin,
    ServiceFormMixin,
    add_validation_error,
)
from fellowship.programs.models import Fellow

from . import eligibility, forms, selectors, services
from .models import AlumniGrant, ChecklistItem, GrantApplication, GrantProfile

Stage = GrantApplication.Stage


def saved(request, application):
    """After a save: warn if the due date lies outside the fellow's eligibility, then show
    the application."""
    warning = services.eligibility_warning(
        selectors.fellow_for_window(application.fellow_id),
        application.mechanism,
        application.target_due_date,
    )
    if warning:
        messages.warning(request, warning)
    return redirect(application.get_absolute_url())


class ApplicationMixin:
    """Views of one application: it comes from the URL, within the program."""

    def get_permission_object(self):
        self.application = selectors.application_detail(self.program, self.kwargs["pk"])
        if self.application is None:
            raise Http404("No such application.")
        return self.application


class GrantFellowMixin(FellowMixin):
    fellow_kwarg = "fellow"
    fellow_related = ()


# The Grants page -------------------------------------------------------------------------


class ApplicationListView(ProgramViewMixin, TemplateView):
    permission_required = "grants.view_applications"
    template_name = "grants/application_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        found = memberships(user)
        roles = found.roles.get(self.program.pk, set())
        staff = user.has_perm("grants.view_windows", self.program)
        context["applications"] = list(
            selectors.applications_for_user(
                self.program,
                user,
                staff=staff,
                fellow_id=found.fellow_ids.get(self.program.pk),
                faculty_id=found.faculty_ids.get(self.program.pk),
            )
        )
        context["is_staff"] = staff
        context["is_fellow"] = Role.FELLOW in roles
        context["can_start"] = user.has_perm("grants.start_application", self.program)
        context["today"] = timezone.localdate()
        return context


class ApplicationCreateView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "grants.start_application"
    template_name = "grants/application_form.html"
    form_class = forms.ApplicationForm

    def preset_fellow(self):
        user = self.request.user
        found = memberships(user)
        if not user.has_perm("grants.manage_grants", self.program):
            return get_object_or_404(Fellow, pk=found.fellow_ids[self.program.pk])
        pk = parse_id(self.request.GET.get("fellow") or self.request.POST.get("preset_fellow"))
        if pk is not None:
            return Fellow.objects.filter(program=self.program, pk=pk).first()
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.fellow = self.preset_fellow()
        if self.fellow is not None:
            self.fellow = selectors.fellow_for_window(self.fellow.pk)
            kwargs["initial"] = {
                **kwargs.get("initial", {}),
                "mentors": [m.faculty_id for m in self.fellow.mentorships.all() if m.is_current],
            }
        kwargs.update(program=self.program, today=timezone.localdate(), fellow=self.fellow)
        return kwargs

    def form_save(self, form):
        data = form.cleaned_data
        fellow = self.fellow or data["fellow"]
        application = services.application_create(
            fellow=fellow,
            mechanism=data["mechanism"],
            institute=data["institute"],
            title=data["title"],
            target_due_date=data["target_due_date"],
            mentors=list(data["mentors"]),
            by=self.request.user,
        )
        messages.success(self.request, f"Started {application}, with its checklist.")
        return saved(self.request, application)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "New grant application"
        context["fellow"] = self.fellow
        context["cancel_url"] = reverse(
            "grants:application_list", kwargs={"program": self.program.slug}
        )
        return context


class ApplicationDetailView(ApplicationMixin, ProgramViewMixin, TemplateView):
    permission_required = "grants.view_application"
    template_name = "grants/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = self.application
        can_work = user.has_perm("grants.work_on_application", application)
        can_outcome = user.has_perm("grants.record_outcome", application)
        transitions = []
        for to in services.allowed_transitions(application):
            if user.has_perm(services.permission_for(to), application):
                transitions.append((to, services.ACTIONS[to]))
        context.update(
            application=application,
            fellow=application.fellow,
            can_work=can_work,
            can_outcome=can_outcome,
            checklist_open=can_work
            and application.stage not in (Stage.SUBMITTED, *services.OUTCOMES),
            transitions=[t for t in transitions if t[0] not in (Stage.SCORED, Stage.FUNDED)],
            can_score=Stage.SCORED in dict(transitions),
            can_fund=Stage.FUNDED in dict(transitions),
            score_form=forms.ScoreForm(),
            award_form=forms.AwardForm(),
            can_resubmit=can_outcome
            and application.stage == Stage.NOT_FUNDED
            and application.kind == GrantApplication.Kind.NEW
            and not application.resubmissions.all(),
            stages=_stage_steps(application),
            log=list(selectors.application_log(application)),
            today=timezone.localdate(),
            warning=services.eligibility_warning(
                selectors.fellow_for_window(application.fellow_id),
                application.mechanism,
                application.target_due_date,
            ),
        )
        return context


def _stage_steps(application):
    """The road from planning to the outcome, for the progress strip."""
    road = [
        Stage.PLANNING,
        Stage.AIMS_DRAFTED,
        Stage.LETTERS_REQUESTED,
        Stage.LETTERS_RECEIVED,
        Stage.INTERNAL_REVIEW,
        Stage.SUBMITTED,
        Stage.SCORED,
    ]
    end = Stage.NOT_FUNDED if application.stage == Stage.NOT_FUNDED else Stage.FUNDED
    road.append(end)
    here = road.index(application.stage) if application.stage in road else 0
    return [
        {"label": s.label, "state": "done" if i < here else "current" if i == here else "todo"}
        for i, s in enumerate(road)
    ]


class ApplicationEditView(ServiceFormMixin, ApplicationMixin, ProgramViewMixin, FormView):
    permission_required = "grants.work_on_application"
    template_name = "grants/application_form.html"
    form_class = forms.ApplicationForm

    def edited_record(self, form):
        return self.application

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        a = self.application
        kwargs.update(program=self.program, today=timezone.localdate(), application=a)
        kwargs["initial"] = {
            "institute": a.institute,
            "title": a.title,
            "mentors": list(a.mentors.all()),
            "target_due_date": a.target_due_date.isoformat(),
        }
        return kwargs

    def form_save(self, form):
        data = form.cleaned_data
        application = services.application_update(
            application=self.application,
            title=data["title"],
            institute=data["institute"],
            target_due_date=data["target_due_date"],
            mentors=list(data["mentors"]),
            by=self.request.user,
        )
        messages.success(self.request, "Saved the application.")
        return saved(self.request, application)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Edit: {self.application.title}"
        context["fellow"] = self.application.fellow
        context["cancel_url"] = self.application.get_absolute_url()
        return context


class ApplicationPostView(ApplicationMixin, ProgramViewMixin, ActionView):
    """A button on the application's page, back to the page with a message.
    The service checks the permission of each action; the view only needs to see it."""

    permission_required = "grants.view_application"

    def back_url(self):
        return self.application.get_absolute_url()


class ApplicationTransitionView(ApplicationPostView):
    def act(self, request):
        to = request.POST.get("to", "")
        details = {
            name: request.POST[name]
            for name in ("impact_score", "percentile", "award_number", "award_start")
            if name in request.POST
        }
        application = services.application_transition(
            application=self.application, to=to, by=request.user, **details
        )
        messages.success(
            request, f"The application is now {application.get_stage_display().lower()}."
        )


class ChecklistMarkView(ApplicationPostView):
    def act(self, request):
        item = get_object_or_404(
            ChecklistItem, application=self.application, pk=self.kwargs["item"]
        )
        item.application = self.application
        done = request.POST.get("done") == "1"
        services.checklist_item_mark(item=item, done=done, by=request.user)
        if request.htmx:
            return render(
                request,
                "grants/_checklist.html",
                {
                    "application": selectors.application_detail(self.program, self.application.pk),
                    "checklist_open": True,
                    "program": self.program,
                    "today": timezone.localdate(),
                },
            )
        return None


class ApplicationResubmitView(ApplicationPostView):
    def act(self, request):
        new = services.application_resubmit(application=self.application, by=request.user)
        messages.success(
            request,
            f"Started the resubmission for the {new.target_due_date:%b %-d, %Y} due date.",
        )
        return redirect(new.get_absolute_url())


# K99 windows -----------------------------------------------------------------------------


class WindowsView(ProgramViewMixin, TemplateView):
    """Every current fellow's K99 window, the most urgent first."""

    permission_required = "grants.view_windows"
    template_name = "grants/windows.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["windows"] = selectors.windows(self.program, today)
        context["today"] = today
        return context


class GrantProfileView(ServiceFormMixin, GrantFellowMixin, ProgramViewMixin, FormView):
    permission_required = "grants.manage_grants"
    template_name = "web/form.html"
    form_class = forms.GrantProfileForm

    def get_permission_object(self):
        super().get_permission_object()
        return self.program

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = GrantProfile.objects.filter(
            fellow=self.fellow
        ).first() or GrantProfile(fellow=self.fellow)
        return kwargs

    def form_save(self, form):
        services.grant_profile_save(
            fellow=self.fellow,
            postdoc_start=form.cleaned_data["postdoc_start"],
            by=self.request.user,
        )
        messages.success(self.request, "Saved the postdoctoral start.")
        return redirect(self.fellow.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Postdoctoral start of {self.fellow}"
        context["cancel_url"] = self.fellow.get_absolute_url()
        return context


# Alumni outcomes -------------------------------------------------------------------------


class AlumniView(ProgramViewMixin, TemplateView):
    permission_required = "grants.manage_grants"
    template_name = "grants/alumni.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["alumni"] = list(selectors.alumni(self.program))
        context["now"] = timezone.now()
        return context


class AlumniGrantCreateView(ServiceFormMixin, GrantFellowMixin, ProgramViewMixin, FormView):
    permission_required = "grants.manage_grants"
    template_name = "web/form.html"
    form_class = forms.AlumniGrantForm

    def get_permission_object(self):
        super().get_permission_object()
        return self.program

    def form_save(self, form):
        grant: AlumniGrant = form.save(commit=False)
        grant.fellow = self.fellow
        services.alumni_grant_save(grant=grant, by=self.request.user)
        messages.success(self.request, f"Recorded {grant} for {self.fellow}.")
        return redirect(reverse("grants:alumni", kwargs={"program": self.program.slug}))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Grant won by {self.fellow}"
        context["cancel_url"] = reverse("grants:alumni", kwargs={"program": self.program.slug})
        return context


class SurveySendView(ProgramViewMixin, ActionView):
    permission_required = "grants.manage_grants"

    def act(self, request):
        base_url = request.build_absolute_uri("/")
        which = request.POST.get("fellow", "")
        if which == "all":
            sent = services.survey_send_alumni(
                program=self.program, by=request.user, base_url=base_url
            )
            return f"Sent the outcomes survey to {sent} alumni."
        fellow = get_object_or_404(Fellow, program=self.program, pk=id_or_404(which, "fellow"))
        services.survey_send(fellow=fellow, by=request.user, base_url=base_url)
        return f"Sent the outcomes survey to {fellow} <{fellow.email}>."

    def back_url(self):
        return reverse("grants:alumni", kwargs={"program": self.program.slug})


# The alumnus's survey (no login: the link is the key) ------------------------------------


class SurveyView(View):
    template_name = "grants/survey.html"

    def refuse(self, request, message, status=410):
        return render(request, "grants/survey_refused.html", {"message": message}, status=status)

    def page(self, request, survey, form, status=200):
        fellow = survey.fellow
        context = {
            "survey": survey,
            "fellow": fellow,
            "program": fellow.program,
            "positions": list(fellow.positions.all()),
            "grants": list(fellow.alumni_grants.all()),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, token):
        try:
            survey = services.survey_for_token(token)
        except services.SurveyRefused as refused:
            return self.refuse(request, str(refused))
        form = forms.SurveyForm(positions=list(survey.fellow.positions.all()))
        return self.page(request, survey, form)

    def post(self, request, token):
        try:
            survey = services.survey_for_token(token)
        except services.SurveyRefused as refused:
            return self.refuse(request, str(refused))
        form = forms.SurveyForm(request.POST, positions=list(survey.fellow.positions.all()))
        if not form.is_valid():
            return self.page(request, survey, form, status=400)
        try:
            services.survey_submit(
                token=token,
                position_ends=form.position_ends,
                new_position=form.new_position,
                new_grant=form.new_grant,
            )
        except services.SurveyRefused as refused:
            return self.refuse(request, str(refused))
        except ValidationError as error:
            add_validation_error(form, error)
            return self.page(request, survey, form, status=400)
        return render(request, "grants/survey_thanks.html", {"fellow": survey.fellow})


def eligibility_context(user, fellow_id, today):
    """For the panel on the fellow's page and dashboard (3 queries)."""
    fellow = selectors.fellow_for_window(fellow_id)
    if fellow is None or not user.has_perm("grants.view_eligibility", fellow):
        return None
    window = eligibility.window_of(fellow, today)
    return {
        "window": window,
        "timeline": eligibility.timeline(window, today),
        "fellow": fellow,
        "today": today,
        "can_manage": user.has_perm("grants.manage_grants", fellow.program),
        "can_start": user.has_perm("grants.start_application_for", fellow),
    }
