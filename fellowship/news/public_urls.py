"""The public website (no login): news, feed, labs, faculty, fellows and alumni."""

from django.urls import path
from django.views.decorators.cache import cache_control

from . import public_views

app_name = "public"

urlpatterns = [
    path("news/", public_views.news_list, name="news_list"),
    path(
        "news/feed.atom",
        # Revalidated on every read: a fellow who withdraws consent leaves the feed at once.
        cache_control(no_cache=True)(public_views.NewsFeed()),
        name="news_feed",
    ),
    path("news/<slug:slug>/", public_views.news_detail, name="news_detail"),
    path("labs/", public_views.labs, name="labs"),
    path("faculty/<int:pk>/", public_views.faculty_profile, name="faculty"),
    path("people/", public_views.people, name="people"),
]
