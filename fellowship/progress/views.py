"""Progress pages: the cohort view, a fellow's timeline, research plan, IDP, calendar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from fellowship.accounts.roles import memberships
from fellowship.core.files import file_download
from fellowship.core.views import (
    ActionView,
    FellowMixin,
    ProgramViewMixin,
    ServiceFormMixin,
)

from . import diff, feeds, forms, milestones, plans, selectors
from .models import CalendarFeed, Milestone, MilestoneTemplate, OrientationItem, ResearchPlan

PlanState = plans.PlanState
IdpState = plans.IdpState


class ProgressFellowMixin(FellowMixin):
    """A fellow's progress pages: the fellow and the tabs this viewer may open."""

    fellow_related = ("program", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fellow"] = self.fellow
        context["tabs"] = _tabs(self.request.user, self.fellow)
        return context


def _tabs(user, fellow):
    return {
        "timeline": user.has_perm("progress.view_progress", fellow),
        "plan": True,
        "idp": user.has_perm("progress.view_idp", fellow),
        "thesis": user.has_perm("thesis.view_fellow_thesis", fellow),
    }


class PostView(ProgressFellowMixin, ProgramViewMixin, ActionView):
    """A button, back to a page with a message. The service checks the permission of each
    action; the view checks that the user may see the fellow."""

    permission_required = "progress.view_progress"

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except PermissionDenied as refused:
            # Say who may, on a 403 page with a way back (nothing was changed).
            context = {"program": self.program, "reason": str(refused), "back": self.back_url()}
            return render(request, "progress/refused.html", context, status=403)

    def back_url(self):
        return reverse(
            "progress:timeline", kwargs={"program": self.program.slug, "pk": self.fellow.pk}
        )


# The cohort view -------------------------------------------------------------------------


class CohortView(ProgramViewMixin, TemplateView):
    permission_required = "progress.view_cohort"
    template_name = "progress/cohort.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        staff = user.has_perm("programs.manage_records", self.program)
        sort = self.request.GET.get("sort", "behind")
        sort = sort if sort in selectors.SORTS else "behind"
        today = timezone.localdate()
        rows, header = selectors.cohort(
            self.program,
            today,
            fellow_ids=None if staff else memberships(user).mentee_ids,
            sort=sort,
        )
        context.update(
            rows=rows,
            header=header,
            sort=sort,
            staff=staff,
            today=today,
            behind=sum(1 for r in rows if r.overdue),
            sorts=[("behind", "How far behind"), ("next", "Next due"), ("name", "Name")]
            + [("start", "Start date")],
        )
        return context


# A fellow's timeline ---------------------------------------------------------------------


class TimelineView(ProgressFellowMixin, ProgramViewMixin, TemplateView):
    permission_required = "progress.view_progress"
    template_name = "progress/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        fellow = selectors.fellow_progress(self.program, self.fellow.pk)
        milestones = list(fellow.milestones.all())
        can_record = user.has_perm("progress.record_milestone", fellow)
        can_record_own = user.has_perm("progress.record_own_milestone", fellow)
        for m in milestones:
            m.current_status = m.status_on(today)
            m.can_record = not m.template.link and (
                can_record or (can_record_own and m.template.evidence != "approval")
            )
        items = list(fellow.orientation_items.all())
        context.update(
            fellow=fellow,
            today=today,
            picture=selectors.fellow_picture(fellow, today),
            milestones=milestones,
            counts={
                s: sum(1 for m in milestones if m.current_status == s) for s in Milestone.Status
            },
            orientation=items,
            orientation_done=sum(1 for i in items if i.confirmed_at),
            can_tick=user.has_perm("progress.tick_orientation", fellow),
            can_confirm=user.has_perm("progress.confirm_orientation", fellow),
            plan=selectors.plan_of(fellow),
            done_form=forms.MilestoneDoneForm(initial={"done_on": today}),
            leaves=list(fellow.leaves.all())
            if user.has_perm("programs.view_fellow_private", fellow)
            else None,
        )
        return context


class MilestoneRecordView(PostView):
    def act(self, request):
        milestone = get_object_or_404(
            Milestone.objects.select_related("template", "fellow"),
            fellow=self.fellow,
            pk=self.kwargs["milestone"],
        )
        done = request.POST.get("done") == "1"
        form = forms.MilestoneDoneForm(request.POST) if done else None
        if form is not None and not form.is_valid():
            raise ValidationError("Give the day it was done as a date.")
        milestones.milestone_record(
            milestone=milestone,
            done=done,
            on=form.cleaned_data["done_on"] if form else None,
            note=form.cleaned_data["note"] if form else "",
            by=request.user,
        )
        messages.success(request, f"{milestone.template.name}: {'done' if done else 'reopened'}.")


class OrientationMarkView(PostView):
    def act(self, request):
        item = get_object_or_404(OrientationItem, fellow=self.fellow, pk=self.kwargs["item"])
        item.fellow = self.fellow
        milestones.orientation_mark(
            item=item, action=request.POST.get("action", ""), by=request.user
        )
        return redirect(self.back_url() + "#orientation")


# Research plan ---------------------------------------------------------------------------


def plan_sections(version):
    return [(label, getattr(version, name)) for name, label in plans.PLAN_SECTIONS]


class PlanView(ProgressFellowMixin, ProgramViewMixin, TemplateView):
    permission_required = "progress.view_plan"
    template_name = "progress/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        plan = selectors.plan_of(self.fellow)
        versions = list(plan.versions.all()) if plan else []
        latest = versions[0] if versions else None
        transitions = []
        if plan:
            for to in plans.PLAN_TRANSITIONS[PlanState(plan.state)]:
                if user.has_perm(plans.plan_permission_for(to), self.fellow):
                    transitions.append((to, plans.PLAN_ACTIONS[to]))
        can_write = user.has_perm("progress.write_plan", self.fellow)
        context.update(
            plan=plan,
            versions=versions,
            latest=latest,
            sections=plan_sections(latest) if latest else [],
            last_review=next((v for v in versions if v.reviewed_at), None),
            can_edit=can_write
            and (plan is None or plan.state in (PlanState.DRAFT, PlanState.CHANGES_REQUESTED)),
            submit=[t for t in transitions if t[0] == PlanState.SUBMITTED],
            review=[t for t in transitions if t[0] != PlanState.SUBMITTED],
            comments_form=forms.CommentsForm(),
            is_reviewer=user.has_perm("progress.review_plan", self.fellow),
            primary_mentors=[
                m.faculty
                for m in self.fellow.mentorships.select_related("faculty")
                if m.kind == "primary" and m.is_current
            ],
            log=list(selectors.log_of(plan)) if plan else [],
        )
        return context


class PlanEditView(ServiceFormMixin, ProgressFellowMixin, ProgramViewMixin, FormView):
    permission_required = "progress.write_plan"
    template_name = "progress/plan_form.html"
    form_class = forms.PlanForm

    def edited_record(self, form):
        return ResearchPlan.objects.filter(fellow=self.fellow).first()

    def get_initial(self):
        plan = selectors.plan_of(self.fellow)
        latest = plans.plan_latest_version(plan) if plan else None
        if latest is None:
            return {}
        return {"aims": latest.aims, "approach": latest.approach, "timeline": latest.timeline}

    def form_save(self, form):
        data = form.cleaned_data
        plans.plan_save(
            fellow=self.fellow,
            aims=data["aims"],
            approach=data["approach"],
            timeline=data["timeline"],
            attachment=data["attachment"],
            remove_attachment=data["remove_attachment"],
            by=self.request.user,
        )
        messages.success(self.request, "Saved your research plan.")
        return redirect(self.plan_url())

    def plan_url(self):
        return reverse("progress:plan", kwargs={"program": self.program.slug, "pk": self.fellow.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = selectors.plan_of(self.fellow)
        context["latest"] = plans.plan_latest_version(plan) if plan else None
        context["plan"] = plan
        context["cancel_url"] = self.plan_url()
        return context


PLAN_DONE = {
    PlanState.SUBMITTED: "The research plan is now submitted; your primary mentor will review it.",
    PlanState.CHANGES_REQUESTED: "The research plan is back with the fellow, with your comments.",
    PlanState.APPROVED: "The research plan is now approved.",
}


class PlanTransitionView(PostView):
    permission_required = "progress.view_plan"

    def act(self, request):
        plan = getattr(self.fellow, "research_plan", None)
        if plan is None:
            raise ValidationError(
                "The research plan is empty: write the specific aims, approach and timeline "
                "before submitting it."
            )
        plan = plans.plan_transition(
            plan=plan,
            to=request.POST.get("to", ""),
            comments=request.POST.get("comments", ""),
            by=request.user,
        )
        messages.success(request, PLAN_DONE[plan.state])

    def back_url(self):
        return reverse("progress:plan", kwargs={"program": self.program.slug, "pk": self.fellow.pk})


class VersionMixin(ProgressFellowMixin):
    def version_or_404(self):
        plan = selectors.plan_of(self.fellow)
        versions = {v.number: v for v in plan.versions.all()} if plan else {}
        version = versions.get(self.kwargs["number"])
        if version is None:
            raise Http404("No such version of the plan.")
        return plan, version, versions.get(version.number - 1)


class PlanVersionView(VersionMixin, ProgramViewMixin, TemplateView):
    permission_required = "progress.view_plan"
    template_name = "progress/plan_version.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, version, previous = self.version_or_404()
        context.update(
            heading=f"Research plan, version {version.number}",
            plan=plan,
            version=version,
            previous=previous,
            sections=plan_sections(version),
            changes=diff.compare_sections(previous, version, plans.PLAN_SECTIONS)
            if previous
            else None,
        )
        return context


class PlanFileView(VersionMixin, ProgramViewMixin, View):
    """The attached file, only through the permission check; never shown inline."""

    permission_required = "progress.view_plan"

    def get(self, request, *args, **kwargs):
        plan, version, previous = self.version_or_404()
        if not version.attachment:
            raise Http404("This version has no attached file.")
        return file_download(
            version.attachment,
            filename=version.attachment_name or "research-plan",
            mime=version.attachment_type,
        )


# IDP -------------------------------------------------------------------------------------


def training_year(fellow, today):
    months = (today.year - fellow.appointment_start.year) * 12 + (
        today.month - fellow.appointment_start.month
    )
    return min(max(months // 12 + 1, 1), 6)


class IdpView(ProgressFellowMixin, ProgramViewMixin, TemplateView):
    permission_required = "progress.view_idp"
    template_name = "progress/idp.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        idps = selectors.idps_of(self.fellow)
        year = training_year(self.fellow, timezone.localdate())
        for idp in idps:
            idp.transitions = [
                (to, plans.IDP_ACTIONS[to])
                for to in plans.IDP_TRANSITIONS[IdpState(idp.state)]
                if user.has_perm(
                    "progress.write_idp" if to == IdpState.SUBMITTED else "progress.sign_idp",
                    self.fellow,
                )
            ]
        context.update(
            idps=idps,
            year=year,
            has_current=any(i.year == year for i in idps),
            can_write=user.has_perm("progress.write_idp", self.fellow),
            comments_form=forms.CommentsForm(),
        )
        return context


class IdpEditView(ServiceFormMixin, ProgressFellowMixin, ProgramViewMixin, FormView):
    permission_required = "progress.write_idp"
    template_name = "web/form.html"
    form_class = forms.IdpForm

    def get_form_kwargs(self):
        if not 1 <= self.kwargs["year"] <= 6:
            raise Http404("No such year of training.")
        return super().get_form_kwargs()

    def edited_record(self, form):
        return self.fellow.development_plans.filter(year=self.kwargs["year"]).first()

    def get_initial(self):
        idp = self.fellow.development_plans.filter(year=self.kwargs["year"]).first()
        if idp is None:
            return {}
        return {
            "self_assessment": idp.self_assessment,
            "career_goals": idp.career_goals,
            "goals": "\n".join(f"{g.target_date:%Y-%m-%d} {g.goal}" for g in idp.goals.all()),
        }

    def form_save(self, form):
        plans.idp_save(
            fellow=self.fellow,
            year=self.kwargs["year"],
            by=self.request.user,
            **form.cleaned_data,
        )
        messages.success(self.request, "Saved your IDP.")
        return redirect(self.idp_url())

    def idp_url(self):
        return reverse("progress:idp", kwargs={"program": self.program.slug, "pk": self.fellow.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Individual Development Plan, year {self.kwargs['year']}"
        context["cancel_url"] = self.idp_url()
        return context


class IdpTransitionView(PostView):
    permission_required = "progress.view_idp"

    def act(self, request):
        idp = self.fellow.development_plans.filter(year=self.kwargs["year"]).first()
        if idp is None:
            raise ValidationError("Write the IDP before submitting it.")
        idp = plans.idp_transition(
            plan=idp,
            to=request.POST.get("to", ""),
            comments=request.POST.get("comments", ""),
            by=request.user,
        )
        messages.success(request, f"The IDP is now {idp.get_state_display().lower()}.")

    def back_url(self):
        return reverse("progress:idp", kwargs={"program": self.program.slug, "pk": self.fellow.pk})


# Milestone templates ---------------------------------------------------------------------


class TemplateListView(ProgramViewMixin, TemplateView):
    permission_required = "progress.view_templates"
    template_name = "progress/template_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["templates"] = list(selectors.templates(self.program))
        context["can_manage"] = self.request.user.has_perm(
            "progress.manage_templates", self.program
        )
        return context


class TemplateFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "progress.manage_templates"
    template_name = "web/form.html"
    form_class = forms.MilestoneTemplateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(
                MilestoneTemplate, program=self.program, pk=self.kwargs["pk"]
            )
        else:
            kwargs["instance"] = MilestoneTemplate(program=self.program)
        return kwargs

    def form_save(self, form):
        template = form.save(commit=False)
        milestones.milestone_template_save(template=template, by=self.request.user)
        messages.success(self.request, f"Saved “{template}”; every fellow's due dates follow.")
        return redirect(self.list_url())

    def list_url(self):
        return reverse("progress:template_list", kwargs={"program": self.program.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Edit the milestone" if "pk" in self.kwargs else "New milestone"
        context["cancel_url"] = self.list_url()
        return context


# Calendar --------------------------------------------------------------------------------


class CalendarView(ProgramViewMixin, TemplateView):
    permission_required = "programs.view_program"
    template_name = "progress/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        if feed is not None:
            url = reverse("calendar_feed:feed", kwargs={"token": feed.token})
            context["feed_url"] = self.request.build_absolute_uri(url)
        today = timezone.localdate()
        events = feeds.feed_events(self.request.user, today)
        context["events"] = [e for e in events if feeds._day(e[1]) >= today][:12]
        return context


class CalendarResetView(ProgramViewMixin, View):
    permission_required = "programs.view_program"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        existed = CalendarFeed.objects.filter(user=request.user).exists()
        feeds.calendar_feed_reset(user=request.user)
        messages.success(
            request,
            "Made a new calendar link; the old one no longer works."
            if existed
            else "Made your calendar link.",
        )
        return redirect(reverse("progress:calendar", kwargs={"program": self.program.slug}))


def feed(request, token):
    """The iCalendar feed: no login (calendar programs cannot log in); the token is the key."""
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(feeds.calendar_ics(found.user), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="fellowship.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
