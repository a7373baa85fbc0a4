from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("fellowship.web.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("p/<slug:program>/placement/", include("fellowship.placement.urls")),
    path("p/<slug:program>/grants/", include("fellowship.grants.urls")),
    path("outcomes/", include("fellowship.grants.survey_urls")),
    path("p/<slug:program>/curriculum/", include("fellowship.curriculum.urls")),
    path("p/<slug:program>/publications/", include("fellowship.publications.urls")),
    path("p/<slug:program>/news/", include("fellowship.news.urls")),
    path("", include("fellowship.news.public_urls")),
    path("p/<slug:program>/progress/", include("fellowship.progress.urls")),
    path("calendar/", include("fellowship.progress.feed_urls")),
    path("p/<slug:program>/thesis/", include("fellowship.thesis.urls")),
    path("", include("fellowship.thesis.public_urls")),
    path("p/<slug:program>/reports/", include("fellowship.reports.urls")),
    path("p/<slug:program>/", include("fellowship.programs.urls")),
    path("admin/", admin.site.urls),
]
