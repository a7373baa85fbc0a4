from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fellowship.programs import urls as programs_urls
from fellowship.programs.invitation_views import InvitingPasswordResetForm
from fellowship.web.views import DashboardView

# The program's dashboard gathers every app ("Waiting for you"), so its view is web's, the
# top layer; it keeps its name in the programs namespace: programs:dashboard at /p/<slug>/.
programs_patterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    *programs_urls.urlpatterns,
]

urlpatterns = [
    path("", include("fellowship.web.urls")),
    # "Forgot password" also sends an invited account (no password yet) its invitation again.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=InvitingPasswordResetForm),
        name="password_reset",
    ),
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
    path("", include("fellowship.web.thesis_public_urls")),
    path("p/<slug:program>/reports/", include("fellowship.reports.urls")),
    path("p/<slug:program>/", include((programs_patterns, programs_urls.app_name))),
    path("admin/", admin.site.urls),
]
