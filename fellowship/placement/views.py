"""Pages of a placement round, for the director and coordinator, the fellows and the labs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from fellowship.accounts.roles import Role, memberships
from fellowship.core import concurrency
from fellowship.core.views import (
    ActionView,
    ProgramViewMixin,
    ServiceFormMixin,
    add_validation_error,
)
from fellowship.programs.models import Fellow, Laboratory

from . import forms, selectors, services
from .models import PlacementRound, RoundLab

State = PlacementRound.State


class RoundMixin:
    """Views of one round: the round comes from the URL, within the program."""

    def get_round(self):
        if not hasattr(self, "round"):
            self.round = get_object_or_404(
                PlacementRound.objects.select_related("program"),
                program=self.program,
                pk=self.kwargs["pk"],
            )
        return self.round

    def round_url(self, name="placement:round_detail", **extra):
        return reverse(name, kwargs={"program": self.program.slug, "pk": self.round.pk, **extra})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.get_round()
        context["can_manage"] = self.request.user.has_perm("placement.manage_round", self.program)
        context["can_view_round"] = self.request.user.has_perm("placement.view_round", self.program)
        return context


# The Placement page -------------------------------------------------------------------------


class RoundListView(ProgramViewMixin, TemplateView):
    """Staff see every round; a fellow their cohort's rounds; faculty their labs' rounds."""

    permission_required = "placement.view_rounds"
    template_name = "placement/round_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        found = memberships(user)
        roles = found.roles.get(self.program.pk, set())
        if user.has_perm("placement.view_round", self.program):
            context["rounds"] = list(selectors.rounds_for_list(self.program))
        if Role.FELLOW in roles:
            context["fellow_id"] = found.fellow_ids[self.program.pk]
            context["my_rounds"] = list(
                selectors.rounds_for_fellow(self.program, context["fellow_id"])
            )
            if not context["my_rounds"]:  # placed earlier, or the round is not open yet
                context["my_laboratory"] = (
                    Fellow.objects.select_related("laboratory")
                    .get(pk=context["fellow_id"])
                    .laboratory
                )
        if Role.FACULTY in roles:
            context["my_labs"] = list(
                selectors.labs_of_faculty_in_rounds(
                    self.program, found.faculty_ids.get(self.program.pk)
                )
            )
        context["can_manage"] = user.has_perm("placement.manage_round", self.program)
        return context


class RoundCreateView(ServiceFormMixin, ProgramViewMixin, FormView):
    permission_required = "placement.manage_round"
    template_name = "web/form.html"
    form_class = forms.RoundForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["program"] = self.program
        return kwargs

    def form_save(self, form):
        data = form.cleaned_data
        round = services.round_create(
            program=self.program,
            cohort_year=data["cohort_year"],
            deadline=data["deadline"],
            name=data["name"],
            optimal=data["optimal"],
            by=self.request.user,
        )
        messages.success(self.request, f"Created {round}. Check the places, then open it.")
        return redirect(round.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "New placement round"
        context["cancel_url"] = reverse(
            "placement:round_list", kwargs={"program": self.program.slug}
        )
        return context


# The round, for the staff -----------------------------------------------------------------


class RoundDetailView(RoundMixin, ProgramViewMixin, TemplateView):
    permission_required = "placement.view_round"
    template_name = "placement/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.get_round()
        summary = selectors.round_summary(round)
        context["summary"] = summary
        context["transitions"] = [
            (to, services.ACTIONS[to]) for to in services.allowed_transitions(round)
        ]
        form = None
        if round.places_editable and context["can_manage"]:
            form = forms.PlacesForm(round_labs=[row.round_lab for row in summary.labs])
        context["places_form"] = form
        context["lab_rows"] = [
            (row, form[f"places_{row.round_lab.pk}"] if form else None) for row in summary.labs
        ]
        return context


class RoundPostView(RoundMixin, ProgramViewMixin, ActionView):
    """A button on the round's page, back to the page with a message."""

    permission_required = "placement.manage_round"

    def post(self, request, *args, **kwargs):
        self.get_round()
        return super().post(request, *args, **kwargs)

    def back_url(self):
        return self.round_url()


class RoundPlacesView(RoundPostView):
    def act(self, request):
        round_labs = list(RoundLab.objects.filter(round=self.round).select_related("laboratory"))
        form = forms.PlacesForm(request.POST, round_labs=round_labs)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(request, f"{label}: {e}" if label else e)
            return None
        services.round_places_save(round=self.round, places=form.places(), by=request.user)
        messages.success(request, "Saved the places.")
        return None


class RoundTransitionView(RoundPostView):
    def act(self, request):
        to = request.POST.get("to", "")
        if to not in State.values:
            raise ValidationError("Choose what to do with the round.")
        details = {}
        if request.POST.get("optimal") in PlacementRound.Optimal.values:
            details["optimal"] = request.POST["optimal"]
        round = services.round_transition(round=self.round, to=to, by=request.user, **details)
        messages.success(request, f"{round} is now {round.get_state_display().lower()}.")
        if to in (State.SOLVED, State.PUBLISHED):
            return redirect(self.round_url("placement:round_result"))
        return None


class RoundRankByFitView(RoundPostView):
    def act(self, request):
        which = request.POST.get("lab", "")
        summary = selectors.round_summary(self.round)
        if which == "all":
            labs = [row.round_lab.laboratory for row in summary.labs_needing_ranking]
        else:
            labs = [
                row.round_lab.laboratory
                for row in summary.labs
                if str(row.round_lab.laboratory_id) == which
            ]
            if not labs:
                raise ValidationError("That laboratory is not in this round.")
        for lab in labs:
            services.lab_rank_by_interest_fit(round=self.round, lab=lab, by=request.user)
        names = ", ".join(str(lab) for lab in labs)
        messages.success(request, f"Ranked by interest fit: {names or 'no laboratory needed it'}.")
        return None


class ConflictCreateView(ServiceFormMixin, RoundMixin, ProgramViewMixin, FormView):
    permission_required = "placement.record_conflict"
    template_name = "web/form.html"
    form_class = forms.ConflictForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["fellows"] = selectors.round_fellows(self.get_round())
        kwargs["program"] = self.program
        return kwargs

    def form_save(self, form):
        services.conflict_record(round=self.round, **form.cleaned_data, by=self.request.user)
        messages.success(self.request, "Recorded the conflict of interest.")
        return redirect(self.round_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record a conflict of interest in {self.round}"
        context["cancel_url"] = self.round_url()
        return context


# A fellow's interests and choices ----------------------------------------------------------


class FellowChoicesView(RoundMixin, ProgramViewMixin, TemplateView):
    """The fellow ranks labs (with recommendations); once published, sees their result."""

    permission_required = "placement.rank_labs"
    template_name = "placement/fellow_choices.html"

    def get_permission_object(self):
        self.fellow = get_object_or_404(
            Fellow.objects.select_related("program"), program=self.program, pk=self.kwargs["fellow"]
        )
        return self.fellow

    def check_in_round(self):
        round = self.get_round()
        if not selectors.round_fellows(round).filter(pk=self.fellow.pk).exists():
            raise Http404("This fellow is not in the cohort this round places.")

    def get(self, request, *args, **kwargs):
        self.check_in_round()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_in_round()
        round = self.round
        if "save_interests" in request.POST:
            form = self.interests_form(self.fellow, data=request.POST)
            if form.is_valid():
                try:
                    with transaction.atomic():
                        concurrency.claim_for_form(form, self.fellow)
                        services.fellow_interests_save(
                            round=round,
                            fellow=self.fellow,
                            research_interests=form.cleaned_data["research_interests"],
                            topics=form.cleaned_data["topics"],
                            by=request.user,
                        )
                except concurrency.StaleEdit as stale:
                    saved = Fellow.objects.get(pk=self.fellow.pk)
                    concurrency.refuse(form, stale, self.interests_form(saved))
                except ValidationError as error:
                    add_validation_error(form, error)
                else:
                    messages.success(
                        request, "Saved your interests; the recommendations are updated."
                    )
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(interests_form=form))
        page = selectors.fellow_page(round, self.fellow, published=False)
        form = self.choices_form(page, data=request.POST)
        if form.is_valid():
            try:
                services.preferences_save(
                    round=round, fellow=self.fellow, lab_ids=form.ordered(), by=request.user
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                n = len(form.ordered())
                messages.success(request, f"Saved your {n} choice{'s' if n != 1 else ''}.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(choices_form=form))

    def interests_form(self, fellow, data=None):
        """The fellow's interests, with the version they were opened at (no lost updates)."""
        form = forms.InterestsForm(data, instance=fellow, program=self.program)
        concurrency.add_token(form, fellow)
        return form

    def choices_form(self, page, data=None):
        order = {str(r.lab.pk): i for i, r in enumerate(page.recommendations)}
        labs = sorted(
            page.labs, key=lambda rl: (order.get(str(rl.laboratory_id), 10_000), rl.laboratory.name)
        )
        return forms.RankingForm(
            data,
            items=[(rl.laboratory_id, str(rl.laboratory)) for rl in labs],
            initial_ranks={p.laboratory_id: p.rank for p in page.choices},
            noun="laboratory",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.round
        published = round.state == State.PUBLISHED
        page = selectors.fellow_page(round, self.fellow, published=published)
        context["page"] = page
        context["fellow"] = page.fellow
        context["editable"] = round.state == State.OPEN
        context["is_self"] = self.fellow.user_id == self.request.user.pk
        if context["editable"]:
            context.setdefault("choices_form", self.choices_form(page))
            context.setdefault("interests_form", self.interests_form(page.fellow))
        labs = {rl.laboratory_id: rl for rl in page.labs}
        matches = {r.lab.pk: r for r in page.recommendations}
        if "choices_form" in context:
            context["choice_rows"] = [
                (labs[pk], matches.get(pk), field)
                for pk, _, field in context["choices_form"].rows()
            ]
        return context


# A lab's applicants -----------------------------------------------------------------------


class LabApplicantsView(RoundMixin, ProgramViewMixin, TemplateView):
    """The lab's faculty rank the fellows who chose the lab (and only them)."""

    permission_required = "placement.rank_fellows"
    template_name = "placement/lab_applicants.html"

    def get_permission_object(self):
        self.lab = get_object_or_404(
            Laboratory.objects.select_related("institution", "head"),
            institution__program=self.program,
            pk=self.kwargs["lab"],
        )
        return self.lab

    def get_round_lab(self):
        self.round_lab = get_object_or_404(
            RoundLab.objects.select_related("ranked_by"),
            round=self.get_round(),
            laboratory=self.lab,
        )
        if self.round.state == State.DRAFT:
            raise Http404("This round is not open yet.")
        return self.round_lab

    def get(self, request, *args, **kwargs):
        self.get_round_lab()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_round_lab()
        applicants = self.applicants()
        form = self.ranking_form(applicants, data=request.POST)
        if form.is_valid():
            try:
                services.lab_ranking_save(
                    round=self.round, lab=self.lab, fellow_ids=form.ordered(), by=request.user
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, f"Saved the ranking of {len(form.ordered())} fellows.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form, applicants=applicants))

    def sees_choices(self):
        return self.request.user.has_perm("placement.view_applicant_choices", self.program)

    def applicants(self):
        return selectors.lab_applicants(self.round, self.lab, with_choices=self.sees_choices())

    def ranking_form(self, applicants, data=None):
        return forms.RankingForm(
            data,
            items=[(a.fellow.pk, a.fellow.full_name) for a in applicants],
            initial_ranks={a.fellow.pk: a.lab_rank for a in applicants},
            noun="fellow",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applicants = kwargs.get("applicants") or self.applicants()
        context["sees_choices"] = self.sees_choices()
        context["lab"] = self.lab
        context["round_lab"] = self.round_lab
        context["editable"] = self.round.state == State.OPEN
        form = context.get("form") or self.ranking_form(applicants)
        context["form"] = form
        fields = {pk: field for pk, _, field in form.rows()}
        context["rows"] = [(a, fields[a.fellow.pk]) for a in applicants]
        return context


# The result -------------------------------------------------------------------------------


class RoundResultView(RoundMixin, ProgramViewMixin, TemplateView):
    """The placement with explanations and charts; the director overrides and publishes."""

    permission_required = "placement.view_round"
    template_name = "placement/round_result.html"

    def override_form(self, data=None):
        return forms.OverrideForm(
            data,
            fellows=Fellow.objects.filter(placement_assignments__round=self.round).order_by(
                "last_name", "first_name"
            ),
            labs=Laboratory.objects.filter(
                round_places__round=self.round, round_places__places__gt=0
            )
            .select_related("institution")
            .order_by("name"),
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("placement.manage_round", self.program):
            raise PermissionDenied
        self.get_round()
        form = self.override_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_override(
                    round=self.round,
                    fellow=data["fellow"],
                    lab=data["laboratory"],
                    reason=data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "reason" in error.error_dict:
                    error = ValidationError({"reason": error.error_dict["reason"]})
                add_validation_error(form, error)
            else:
                messages.success(request, f"Changed the placement of {data['fellow']}.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(override_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.get_round()
        if round.state in (State.SOLVED, State.PUBLISHED):
            context["result"] = selectors.round_result(round)
            if round.state == State.SOLVED and context["can_manage"]:
                context.setdefault("override_form", self.override_form())
        return context
