"""The public website: no login, only published news and what people agreed to show.

Every page is about one program: the one named by `?program=` or else the first, as on
the home page. Nothing here loads a script or a font from elsewhere.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from fellowship.programs.models import Program

from . import selectors

LATEST_ON_HOME = 3
NEWS_PAGE = 20


def public_program(request):
    """(the program shown, every program) by `?program=`, else the first program."""
    programs = list(Program.objects.order_by("pk"))
    if not programs:
        return None, []
    wanted = request.GET.get("program")
    return next((p for p in programs if p.slug == wanted), programs[0]), programs


def post_published(post):
    """When a post was news: its date (the moment it went public, if on that day)."""
    if post.published_at and timezone.localdate(post.published_at) == post.date:
        return post.published_at
    return timezone.make_aware(datetime.combine(post.date, time.min))


def post_updated(post):
    """The later of its date and its publishing: a post published late was updated then."""
    published = post_published(post)
    return max(published, post.published_at) if post.published_at else published


def _context(request, **extra):
    program, programs = public_program(request)
    return {"public_program": program, "programs": programs, **extra}


def latest_news(program, count=LATEST_ON_HOME):
    return selectors.public_posts(program, count) if program else []


def news_list(request):
    context = _context(request)
    program = context["public_program"]
    context["posts"] = selectors.public_posts(program, NEWS_PAGE) if program else []
    return render(request, "news/public_news_list.html", context)


def news_detail(request, slug):
    post = selectors.public_post(slug)
    if post is None:
        raise Http404("No such news.")
    context = {"public_program": post.program, "post": post}
    return render(request, "news/public_news_detail.html", context)


def labs(request):
    context = _context(request)
    program = context["public_program"]
    context["institutions"] = list(selectors.public_labs(program)) if program else []
    return render(request, "news/public_labs.html", context)


def faculty_profile(request, pk):
    member = selectors.public_faculty(pk)
    if member is None:
        raise Http404("No such faculty profile.")
    context = {
        "public_program": member.program,
        "member": member,
        "publications": selectors.public_faculty_publications(member),
    }
    return render(request, "news/public_faculty.html", context)


def people(request):
    context = _context(request)
    program = context["public_program"]
    context["current"], context["alumni"] = (
        selectors.public_people(program) if program else ([], [])
    )
    return render(request, "news/public_people.html", context)


class NewsFeed(Feed):
    """Atom feed of the program's published news (`?program=` as on the pages)."""

    feed_type = Atom1Feed

    def get_object(self, request):
        program, _ = public_program(request)
        if program is None:
            raise Http404("No program yet.")
        self.request = request
        return program

    def title(self, program):
        return f"{program.name}: news"

    def subtitle(self, program):
        return f"News of {program.name}."

    def link(self, program):
        return reverse("public:news_list") + f"?program={program.slug}"

    def items(self, program):
        return selectors.public_posts(program, NEWS_PAGE)

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.body_html

    def item_link(self, post):
        return post.get_public_url()

    def item_pubdate(self, post):
        return post_published(post)

    def item_updateddate(self, post):
        return post_updated(post)

    def item_categories(self, post):
        return [post.get_kind_display()]
