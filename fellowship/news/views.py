"""The staff's news pages: posts (drafts and published), publishing, and consent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from fellowship.core.ids import parse_id
from fellowship.core.views import ActionView, ProgramViewMixin, ServiceFormMixin
from fellowship.programs.models import FacultyMember, Fellow

from . import forms, selectors, services
from .models import NewsPost, PublicProfile


def _names(fellows) -> str:
    names = [f.full_name for f in fellows]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def privacy_warnings(post) -> list[str]:
    """What the staff should know before (and after) publishing: who has not agreed."""
    linked, named = selectors.unconsenting_fellows_in(post)
    warnings = []
    if named:
        warnings.append(
            f"The text names {_names(named)}, who {'has' if len(named) == 1 else 'have'} not "
            "agreed to be shown on the public website. Remove the name or record their "
            "consent before publishing."
        )
    if linked:
        warnings.append(
            f"{_names(linked)} {'has' if len(linked) == 1 else 'have'} not agreed to be shown: "
            "the public page leaves them out of “People in this story”."
        )
    return warnings


class PostListView(ProgramViewMixin, TemplateView):
    permission_required = "news.manage_news"
    template_name = "news/post_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts"] = list(selectors.posts_for_staff(self.program))
        return context


class PostFormView(ServiceFormMixin, ProgramViewMixin, FormView):
    """Write a new post or edit one; the post stays in its state."""

    permission_required = "news.manage_news"
    template_name = "news/post_form.html"
    form_class = forms.NewsPostForm

    def get_post(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_post"):
            self._post = get_object_or_404(NewsPost, program=self.program, pk=self.kwargs["pk"])
        return self._post

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["program"] = self.program
        kwargs["instance"] = self.get_post()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["post"] = self.get_post()
        context["privacy_warnings"] = privacy_warnings(context["post"]) if context["post"] else []
        context["can_publish"] = self.request.user.has_perm("news.publish_news", self.program)
        return context

    def form_save(self, form):
        post = services.news_post_save(
            post=form.instance,
            fellows=form.cleaned_data["fellows"],
            faculty=form.cleaned_data["faculty"],
            by=self.request.user,
        )
        messages.success(self.request, f"Saved “{post.title}”.")
        return redirect("news:edit", program=self.program.slug, pk=post.pk)


class PublishView(ProgramViewMixin, ActionView):
    permission_required = "news.publish_news"

    def act(self, request):
        post = get_object_or_404(NewsPost, program=self.program, pk=self.kwargs["pk"])
        publish = request.POST.get("publish", "1") == "1"
        services.news_post_publish(post=post, publish=publish, by=request.user)
        messages.success(
            request, f"“{post.title}” is {'on the public site' if publish else 'a draft again'}."
        )
        for warning in privacy_warnings(post) if publish else ():  # after the news itself
            messages.warning(request, warning)

    def back_url(self):
        return reverse("news:edit", kwargs={"program": self.program.slug, "pk": self.kwargs["pk"]})


class SuggestGraduationsView(ProgramViewMixin, View):
    """Draft a graduation post for each year whose completed fellows have none yet."""

    permission_required = "news.manage_news"

    def post(self, request, *args, **kwargs):
        created = services.news_suggest_graduations(program=self.program, by=request.user)
        if created:
            titles = "; ".join(f"“{post.title}”" for post in created)
            messages.success(request, f"Drafted {titles}.")
        else:
            messages.info(request, "Every year with graduates already has its post.")
        return redirect("news:post_list", program=self.program.slug)


class ConsentView(ProgramViewMixin, TemplateView):
    """What each fellow and faculty member agrees to show on the public website."""

    permission_required = "news.manage_news"
    template_name = "news/consent.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fellows"] = list(
            Fellow.objects.filter(program=self.program)
            .select_related("public_profile")
            .order_by("-cohort_year", "last_name")
        )
        context["faculty"] = list(
            FacultyMember.objects.filter(program=self.program)
            .select_related("public_profile")
            .order_by("last_name")
        )
        for person in context["fellows"] + context["faculty"]:
            person.consent = getattr(person, "public_profile", None) or PublicProfile(
                show_profile=isinstance(person, FacultyMember),
                show_publications=isinstance(person, FacultyMember),
            )
        return context

    def post(self, request, *args, **kwargs):
        kind, _, pk = request.POST.get("person", "").partition(":")
        model = {"fellow": Fellow, "faculty": FacultyMember}.get(kind)
        pk = parse_id(pk)
        if model is None or pk is None:
            messages.error(request, "Choose a person.")
            return redirect("news:consent", program=self.program.slug)
        person = get_object_or_404(model, program=self.program, pk=pk)
        services.public_profile_set(
            **{kind: person},
            show_profile="show_profile" in request.POST,
            show_publications="show_publications" in request.POST,
            show_outcome="show_outcome" in request.POST,
            by=request.user,
        )
        messages.success(request, f"Saved what {person} shows on the public website.")
        return redirect("news:consent", program=self.program.slug)
