"""Thesis pages: the fellow's thesis, the committee member's list, the director's table,
and the public defense announcements."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from icalendar import Calendar, Event

from fellowship.accounts.roles import memberships
from fellowship.core.files import file_download
from fellowship.core.uploads import PDF
from fellowship.core.views import (
    ActionView,
    ProgramViewMixin,
    ServiceFormMixin,
    add_validation_error,
    error_messages,
)
from fellowship.news import consent
from fellowship.programs.models import Fellow

from . import defenses, forms, selectors, services, workflow
from .models import (
    CommitteeMeeting,
    CommitteeMember,
    DefenseMember,
    Thesis,
    ThesisDocument,
    ThesisPaper,
)

State = Thesis.State


def _field_error(form, field: str, errors) -> str:
    """“Date and time: Enter a valid date/time.” for a form error shown as a message."""
    label = form.fields[field].label if field in form.fields else ""
    return f"{label or field.replace('_', ' ').capitalize()}: {' '.join(errors)}"


class FellowThesisMixin:
    """Pages of one fellow's thesis: the fellow comes from the URL, within the program."""

    thesis_permission = "thesis.view_thesis"

    def get_permission_object(self):
        self.fellow = get_object_or_404(
            Fellow.objects.select_related("laboratory", "program"),
            program=self.program,
            pk=self.kwargs["fellow"],
        )
        return self.fellow

    def thesis_or_404(self) -> Thesis:
        thesis = selectors.thesis_for_fellow(self.program, self.fellow.pk)
        if thesis is None:
            raise Http404("This fellow has no thesis record yet.")
        return thesis


class ThesisActionView(FellowThesisMixin, ProgramViewMixin, ActionView):
    """A button on the thesis page; `act` returns what to say. The service checks the
    permission for the step."""

    permission_required = "thesis.view_fellow_thesis"

    def post(self, request, *args, **kwargs):
        self.thesis = self.thesis_or_404()
        return super().post(request, *args, **kwargs)

    def back_url(self):
        return self.thesis.get_absolute_url()


# The fellow's thesis page ------------------------------------------------------------------


class ThesisDetailView(FellowThesisMixin, ProgramViewMixin, TemplateView):
    permission_required = "thesis.view_fellow_thesis"
    template_name = "thesis/thesis_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        thesis = selectors.thesis_for_fellow(self.program, self.fellow.pk)
        context["fellow"] = self.fellow
        context["thesis"] = thesis
        if thesis is None:
            context["can_start"] = user.has_perm("thesis.start_thesis", self.fellow)
            return context
        defense = workflow.latest_defense(thesis)
        faculty_id = memberships(user).faculty_ids.get(self.program.pk)
        can_schedule = user.has_perm("thesis.schedule_defense", thesis)
        next_steps = []
        for step in workflow.steps_for(thesis):
            mine = user.has_perm(step.permission, thesis)
            next_steps.append(
                {
                    "step": step,
                    "blocker": workflow.step_blocker(thesis, step, viewer=user),
                    "mine": mine,
                    "who": "you" if mine else step.who,
                }
            )
        seats = list(defense.members.all()) if defense else []
        scheduled = thesis.state == State.DEFENSE_SCHEDULED
        aside = {s.to: s for s in workflow.STEPS[State(thesis.state)] if s.aside}
        if scheduled and user.has_perm("thesis.reschedule_defense", thesis):
            context["reschedule_blocker"] = workflow.step_blocker(
                thesis, aside[State.DEFENSE_SCHEDULED]
            )
            context["reschedule_form"] = forms.DefenseForm(
                initial={
                    "starts_at": defense.starts_at,
                    "room": defense.room,
                    "video_link": defense.video_link,
                },
                prefix="reschedule",
            )
        context["can_cancel"] = scheduled and user.has_perm("thesis.cancel_defense", thesis)
        for seat in seats:
            own = seat.member.faculty_id is not None and seat.member.faculty_id == faculty_id
            seat.can_act = own or can_schedule
        context.update(
            defense=defense,
            defenses=sorted(thesis.defenses.all(), key=lambda d: d.attempt),
            announced=defense is not None and workflow.is_announced(defense),
            seats=seats,
            next_steps=next_steps,
            strip=_strip(thesis),
            committee=list(thesis.committee.all()),
            committee_problems=workflow.committee_problems(thesis),
            committee_open=thesis.state == State.PLANNING,
            meetings=list(thesis.meetings.prefetch_related("attendees__faculty")),
            documents=list(thesis.documents.all()),
            papers=list(thesis.papers.all()),
            can_edit=user.has_perm("thesis.edit_thesis", thesis),
            can_meet=user.has_perm("thesis.record_meeting", thesis)
            and thesis.state in workflow.MEETING_STATES,
            can_upload=user.has_perm("thesis.submit_document", thesis)
            and thesis.state in workflow.DOCUMENT_STATES,
            can_publish=user.has_perm("thesis.publish", thesis),
            member_form=forms.CommitteeMemberForm(program=self.program),
            paper_form=forms.PaperForm(),
            defense_form=forms.DefenseForm(),
            outcome_form=forms.OutcomeForm(),
            document_form=forms.DocumentForm(),
            log=list(selectors.thesis_log(thesis)),
            limit_mb=services.max_document_bytes() // 1048576,
        )
        return context


def _strip(thesis):
    """The road from planning to complete, for the progress strip."""
    road = [
        s
        for s in State
        if s != State.REVISIONS_SUBMITTED or thesis.state == State.REVISIONS_SUBMITTED
    ]
    here = road.index(thesis.state)
    return [
        {"label": s.label, "state": "done" if i < here else "current" if i == here else "todo"}
        for i, s in enumerate(road)
    ]


class ThesisStartView(FellowThesisMixin, ProgramViewMixin, ActionView):
    permission_required = "thesis.start_thesis"

    def act(self, request):
        services.thesis_start(fellow=self.fellow, by=request.user)
        return "Thesis record opened. Add a title and the committee."

    def back_url(self):
        return reverse(
            "thesis:detail", kwargs={"program": self.program.slug, "fellow": self.fellow.pk}
        )


class ThesisEditView(ServiceFormMixin, FellowThesisMixin, ProgramViewMixin, FormView):
    permission_required = "thesis.view_fellow_thesis"
    template_name = "thesis/thesis_form.html"
    form_class = forms.ThesisForm

    def get_form_kwargs(self):
        self.thesis = self.thesis_or_404()
        if not self.request.user.has_perm("thesis.edit_thesis", self.thesis):
            raise PermissionDenied
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Thesis.objects.get(pk=self.thesis.pk)
        return kwargs

    def form_save(self, form):
        data = form.cleaned_data
        services.thesis_save(thesis=self.thesis, by=self.request.user, **data)
        messages.success(self.request, "Thesis record saved.")
        return redirect(self.thesis.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(fellow=self.fellow, thesis=self.thesis)
        return context


class TransitionView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        to = request.POST.get("to", "")
        details = {}
        scheduled = thesis.state == State.DEFENSE_SCHEDULED
        rescheduling = scheduled and to == State.DEFENSE_SCHEDULED
        cancelling = scheduled and to == State.IN_PROGRESS
        if to == State.DEFENSE_SCHEDULED:
            # The reschedule form on the defense card carries a prefix; the first one not.
            form = forms.DefenseForm(request.POST, prefix="reschedule" if rescheduling else None)
            if not form.is_valid():
                raise ValidationError([_field_error(form, f, e) for f, e in form.errors.items()])
            details = form.cleaned_data
        elif to == State.DEFENDED and thesis.state == State.DEFENSE_SCHEDULED:
            form = forms.OutcomeForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose the outcome: pass, pass with revisions or fail.")
            details = {"outcome": form.cleaned_data["outcome"]}
        thesis = services.thesis_transition(
            thesis=thesis, to=to, by=request.user, note=request.POST.get("note", ""), **details
        )
        if rescheduling:
            return "The defense is rescheduled; the committee is asked by email to confirm again."
        if cancelling:
            return "The defense is cancelled; the committee has been told by email."
        return f"The thesis is now {thesis.get_state_display().lower()}."


class CommitteeAddView(FellowThesisMixin, ProgramViewMixin, View):
    permission_required = "thesis.view_fellow_thesis"

    def post(self, request, *args, **kwargs):
        thesis = self.thesis_or_404()
        form = forms.CommitteeMemberForm(
            request.POST, program=self.program, instance=CommitteeMember(thesis=thesis)
        )
        if form.is_valid():
            try:
                member = services.committee_member_add(member=form.instance, by=request.user)
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, f"Added {member.display_name} to the committee.")
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(request, f"{label.capitalize() + ': ' if label else ''}{e}")
        return redirect(thesis.get_absolute_url())


class CommitteeRemoveView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        member = get_object_or_404(CommitteeMember, thesis=thesis, pk=self.kwargs["pk"])
        services.committee_member_remove(member=member, by=request.user)
        return f"Removed {member.display_name} from the committee."


class PaperAddView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        form = forms.PaperForm(request.POST, instance=ThesisPaper(thesis=thesis))
        if not form.is_valid():
            raise ValidationError([_field_error(form, f, e) for f, e in form.errors.items()])
        services.thesis_paper_save(paper=form.instance, by=request.user)
        return "Paper added."


class PaperRemoveView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        paper = get_object_or_404(ThesisPaper, thesis=thesis, pk=self.kwargs["pk"])
        services.thesis_paper_remove(paper=paper, by=request.user)
        return "Paper removed."


class SeatView(ThesisActionView):
    """A committee member confirms the defense date or signs off the outcome."""

    what = "confirm"

    def act(self, request):
        thesis = self.thesis
        seat = get_object_or_404(DefenseMember, defense__thesis=thesis, pk=self.kwargs["pk"])
        if self.what == "confirm":
            defenses.defense_confirm(seat=seat, by=request.user)
            return f"{seat.member.display_name}: defense date confirmed."
        defenses.defense_sign_off(seat=seat, by=request.user)
        return f"{seat.member.display_name}: outcome signed off."


class DefenseNewsView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        defense = get_object_or_404(thesis.defenses.all(), pk=self.kwargs["pk"])
        post, created = defenses.defense_post_news(defense=defense, by=request.user)
        if created:
            return f"A draft news item “{post.title}” is ready in News for you to publish."
        return f"The news item “{post.title}” already exists ({post.get_state_display().lower()})."


class DocumentUploadView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        form = forms.DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError("Choose the PDF of the thesis to upload.")
        document = services.document_upload(
            thesis=thesis,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        return f"Version {document.version} uploaded ({document.pages} pages)."


class DocumentPublishView(ThesisActionView):
    def act(self, request):
        thesis = self.thesis
        document = get_object_or_404(ThesisDocument, thesis=thesis, pk=self.kwargs["pk"])
        public = request.POST.get("public") == "1"
        services.document_publish(document=document, public=public, by=request.user)
        return f"Version {document.version} is {'public' if public else 'private'}."


class DocumentFileView(FellowThesisMixin, ProgramViewMixin, View):
    """A thesis version, only through the permission check."""

    permission_required = "thesis.view_fellow_thesis"

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            ThesisDocument.objects.select_related("thesis__fellow"),
            thesis__fellow=self.fellow,
            pk=kwargs["pk"],
        )
        if not request.user.has_perm("thesis.view_thesis", document.thesis):
            raise PermissionDenied
        return _pdf_response(document)


def _pdf_response(document):
    return file_download(document.file, filename=document.original_name, mime=PDF)


# Committee meetings ------------------------------------------------------------------------


class MeetingCreateView(FellowThesisMixin, ProgramViewMixin, FormView):
    permission_required = "thesis.view_fellow_thesis"
    template_name = "thesis/meeting_form.html"
    form_class = forms.MeetingForm

    def get_form_kwargs(self):
        self.thesis = self.thesis_or_404()
        if not self.request.user.has_perm("thesis.record_meeting", self.thesis):
            raise PermissionDenied
        kwargs = super().get_form_kwargs()
        kwargs.update(thesis=self.thesis, instance=CommitteeMeeting(thesis=self.thesis))
        kwargs.setdefault("initial", {})["date"] = timezone.localdate()
        return kwargs

    def form_valid(self, form):
        meeting = form.save(commit=False)
        try:
            services.meeting_save(
                meeting=meeting,
                attendees=list(form.cleaned_data["attendees"]),
                report_upload=form.cleaned_data.get("report_upload"),
                by=self.request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "report_file" in error.error_dict:
                error = ValidationError(
                    {"report_upload": error.error_dict.pop("report_file"), **error.error_dict}
                )
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{meeting} recorded.")
        return redirect(self.thesis.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(fellow=self.fellow, thesis=self.thesis)
        return context


class MeetingReportView(FellowThesisMixin, ProgramViewMixin, View):
    permission_required = "thesis.view_fellow_thesis"

    def get(self, request, *args, **kwargs):
        meeting = get_object_or_404(
            CommitteeMeeting.objects.select_related("thesis__fellow"),
            thesis__fellow=self.fellow,
            pk=kwargs["pk"],
        )
        if not meeting.report_file:
            raise Http404("This meeting has no report file.")
        return file_download(meeting.report_file, filename=meeting.report_file_name or "report")


class ThesisCalendarView(FellowThesisMixin, ProgramViewMixin, View):
    """The thesis's meetings (next target dates) and defenses as an iCalendar file."""

    permission_required = "thesis.view_fellow_thesis"

    def get(self, request, *args, **kwargs):
        thesis = self.thesis_or_404()
        cal = Calendar()
        cal.add("prodid", "-//Fellowship//Thesis//EN")
        cal.add("version", "2.0")
        name = self.fellow.full_name
        stamp = timezone.now()
        for defense in thesis.defenses.all():
            event = Event()
            event.add("uid", f"thesis-defense-{defense.pk}@fellowship")
            event.add("dtstamp", stamp)
            # A rescheduled defense keeps its UID with a higher SEQUENCE: calendars move it.
            event.add("sequence", defense.reschedules)
            event.add("summary", f"Thesis defense: {name}")
            event.add("dtstart", defense.starts_at)
            event.add("dtend", defense.starts_at + timedelta(hours=2))
            event.add("location", defense.place)
            event.add("description", thesis.title)
            cal.add_component(event)
        for meeting in thesis.meetings.all():
            if meeting.next_target_date:
                event = Event()
                event.add("uid", f"thesis-meeting-target-{meeting.pk}@fellowship")
                event.add("dtstamp", stamp)
                event.add("summary", f"Thesis committee meeting due: {name}")
                event.add("dtstart", meeting.next_target_date)
                cal.add_component(event)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="thesis-{self.fellow.pk}.ics"'
        return response


# Lists -------------------------------------------------------------------------------------


class ThesisTableView(ProgramViewMixin, TemplateView):
    """The director's table: every thesis on record by state (the current fellows', then the
    alumni's), the days in the state and who must act; and who has no record yet."""

    permission_required = "thesis.view_table"
    template_name = "thesis/table.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current, alumni, without = selectors.theses_table(self.program)
        states = {s.value: s for s in State}
        state = states.get(self.request.GET.get("state", ""))
        now = timezone.now()
        user = self.request.user

        def rows(theses):
            return [
                {
                    "fellow": thesis.fellow,
                    "thesis": thesis,
                    "days": thesis.days_in_state(now),
                    "waiting": _waiting_on(thesis, user),
                }
                for thesis in theses
                if state is None or thesis.state == state
            ]

        counts = {}
        for thesis in current:
            counts[thesis.state] = counts.get(thesis.state, 0) + 1
        context.update(
            current_rows=rows(current),
            alumni_rows=rows(alumni),
            without=without,
            state=state,
            states=list(State),
            # The current fellows' theses by state, along the road (the badges filter).
            counts=[(s, counts[s]) for s in State if s in counts],
            current_total=len(current),
        )
        return context


def _waiting_on(thesis, viewer) -> str:
    """Who must act next, in a few words; "you" when it is the viewer."""
    steps = workflow.steps_for(thesis)
    if not steps:
        return (
            "nobody: complete"
            if thesis.state == State.COMPLETE
            else "nobody: the second defense was not passed"
        )
    step = steps[0]
    blocker = workflow.step_blocker(thesis, step, viewer=viewer)
    if blocker.startswith("Waiting for the committee"):
        # "…to confirm the date: you, Dr. Helen Marsh." -> "committee members to confirm: …"
        what = "confirm the date" if "confirm" in blocker else "sign off the outcome"
        return f"committee members to {what}: {blocker.split(': ', 1)[1].rstrip('.')}"
    if blocker.startswith("Upload the"):
        return "the fellow (to upload the thesis)"
    who = "you" if viewer.has_perm(step.permission, thesis) else step.who
    if blocker.startswith("The defense is on"):
        return f"the defense day, then {who}"
    return who


class CommitteesView(ProgramViewMixin, TemplateView):
    """The theses a faculty member sits on (or mentors)."""

    permission_required = "thesis.view_committees"
    template_name = "thesis/committees.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        faculty_id = memberships(self.request.user).faculty_ids.get(self.program.pk)
        theses = selectors.theses_for_member(self.program, faculty_id) if faculty_id else []
        rows = []
        for thesis in theses:
            role = next((m for m in thesis.committee.all() if m.faculty_id == faculty_id), None)
            rows.append(
                {
                    "thesis": thesis,
                    "seat": role,
                    "waiting": _waiting_on(thesis, self.request.user),
                    "defense": workflow.latest_defense(thesis),
                }
            )
        context["rows"] = rows
        return context


# The public site ---------------------------------------------------------------------------


def public_document(request, public_id):
    """A thesis the director made public, by its unguessable id, while its author agrees
    to be shown on the public site (withdrawing consent takes the file down at once)."""
    document = (
        ThesisDocument.objects.filter(public_id=public_id, is_public=True)
        .select_related("thesis__fellow")
        .first()
    )
    if document is None or not consent.is_shown(document.thesis.fellow):
        raise Http404("No such public thesis.")
    return _pdf_response(document)
