"""Publication pages: the program's list, one publication, import, and the authors' review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from fellowship.core.ids import id_or_404, parse_id
from fellowship.core.views import ActionView, ProgramViewMixin

from . import forms, importers, selectors, services
from .models import Authorship, Publication


class PublicationListView(ProgramViewMixin, TemplateView):
    permission_required = "publications.view_publications"
    template_name = "publications/publication_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publications"] = list(selectors.publications_for_list(self.program))
        context["can_manage"] = self.request.user.has_perm(
            "publications.manage_publications", self.program
        )
        context["to_review"] = (
            selectors.authorships_to_review(self.program).count() if context["can_manage"] else 0
        )
        return context


class PublicationDetailView(ProgramViewMixin, TemplateView):
    permission_required = "publications.view_publications"
    template_name = "publications/publication_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = selectors.publication_detail(self.program, self.kwargs["pk"])
        if publication is None:
            raise Http404("No such publication.")
        context["publication"] = publication
        context["can_manage"] = self.request.user.has_perm(
            "publications.manage_publications", self.program
        )
        context["status_form"] = forms.StatusForm(initial={"status": publication.status})
        context["others"] = (
            Publication.objects.filter(program=self.program)
            .exclude(pk=publication.pk)
            .only("title", "year")
            .order_by("-year", "title")
            if context["can_manage"]
            else []
        )
        return context


class PublicationImportView(ProgramViewMixin, TemplateView):
    """Import a file, or fetch PMIDs from PubMed; all records or none."""

    permission_required = "publications.manage_publications"
    template_name = "publications/import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.PublicationFileForm())
        context.setdefault("pmid_form", forms.PmidForm())
        return context

    def post(self, request, *args, **kwargs):
        if "pmids" in request.POST:
            return self.fetch(request)
        form = forms.PublicationFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        result = importers.import_publications(
            program=self.program,
            file_text=upload.read(),
            format=form.cleaned_data["format"] or None,
            by=request.user,
            source=upload.name,
        )
        return self.done(result, form=form, file_name=upload.name)

    def fetch(self, request):
        pmid_form = forms.PmidForm(request.POST)
        if not pmid_form.is_valid():
            return self.render_to_response(self.get_context_data(pmid_form=pmid_form))
        try:
            pmids = importers.parse_pmids(pmid_form.cleaned_data["pmids"])
            result = importers.import_from_pubmed(
                program=self.program, pmids=pmids, by=request.user
            )
        except ValueError as error:
            pmid_form.add_error("pmids", str(error))
            return self.render_to_response(self.get_context_data(pmid_form=pmid_form))
        except OSError as error:
            pmid_form.add_error(
                "pmids",
                f"PubMed could not be reached ({error}). Download the records as PubMed XML "
                "or MEDLINE and import the file instead.",
            )
            return self.render_to_response(self.get_context_data(pmid_form=pmid_form))
        return self.done(result, pmid_form=pmid_form, file_name="PubMed")

    def done(self, result, file_name, **forms_):
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(result=result, file_name=file_name, **forms_)
            )
        messages.success(self.request, result.summary(self.program))
        if result.to_review:
            return redirect("publications:review", program=self.program.slug)
        return redirect("publications:list", program=self.program.slug)


class ReviewView(ProgramViewMixin, TemplateView):
    """Authors whose match is uncertain: a person decides who each one is."""

    permission_required = "publications.manage_publications"
    template_name = "publications/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["authorships"] = list(selectors.authorships_to_review(self.program))
        return context

    def post(self, request, *args, **kwargs):
        authorship = get_object_or_404(
            Authorship.objects.select_related("publication__program"),
            pk=id_or_404(request.POST.get("authorship"), "author"),
            publication__program=self.program,
        )
        choice = request.POST.get("person", "")
        if choice == "none":
            kind, pk = None, None
        else:
            kind, _, pk = choice.partition(":")
            pk = parse_id(pk)
            if kind not in ("fellow", "faculty") or pk is None:
                messages.error(request, "Choose who this author is, or “None of them”.")
                return redirect("publications:review", program=self.program.slug)
        try:
            services.authorship_resolve(authorship=authorship, kind=kind, pk=pk, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            who = authorship.person or "nobody of the program"
            messages.success(
                request, f"{authorship.citation_name} in “{authorship.publication}” is {who}."
            )
        return redirect("publications:review", program=self.program.slug)


class PublicationMixin:
    def get_publication(self):
        return get_object_or_404(Publication, program=self.program, pk=self.kwargs["pk"])

    def back(self, publication):
        return redirect(
            reverse(
                "publications:detail", kwargs={"program": self.program.slug, "pk": publication.pk}
            )
        )


class StatusView(ProgramViewMixin, PublicationMixin, View):
    permission_required = "publications.manage_publications"

    def post(self, request, *args, **kwargs):
        publication = self.get_publication()
        form = forms.StatusForm(request.POST)
        if form.is_valid():
            services.publication_set_status(
                publication=publication, status=form.cleaned_data["status"], by=request.user
            )
            messages.success(request, f"Recorded as {publication.get_status_display().lower()}.")
        return self.back(publication)


class MergeView(ProgramViewMixin, PublicationMixin, ActionView):
    """Fold another publication of the program (a duplicate) into this one."""

    permission_required = "publications.manage_publications"

    def act(self, request):
        keep = self.get_publication()
        duplicate_id = parse_id(request.POST.get("duplicate"))
        duplicate = Publication.objects.filter(program=self.program, pk=duplicate_id).first()
        if duplicate is None:
            raise ValidationError("Choose the duplicate to merge into this publication.")
        services.publication_merge(keep=keep, duplicate=duplicate, by=request.user)
        return "Merged the duplicate into this publication."

    def back_url(self):
        return reverse(
            "publications:detail", kwargs={"program": self.program.slug, "pk": self.kwargs["pk"]}
        )
