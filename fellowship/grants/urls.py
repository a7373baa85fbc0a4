from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("new/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/edit/", views.ApplicationEditView.as_view(), name="application_edit"),
    path(
        "<int:pk>/transition/",
        views.ApplicationTransitionView.as_view(),
        name="application_transition",
    ),
    path(
        "<int:pk>/checklist/<int:item>/",
        views.ChecklistMarkView.as_view(),
        name="checklist_mark",
    ),
    path(
        "<int:pk>/resubmit/", views.ApplicationResubmitView.as_view(), name="application_resubmit"
    ),
    path("windows/", views.WindowsView.as_view(), name="windows"),
    path(
        "fellows/<int:fellow>/postdoc-start/",
        views.GrantProfileView.as_view(),
        name="postdoc_start",
    ),
    path("alumni/", views.AlumniView.as_view(), name="alumni"),
    path(
        "alumni/<int:fellow>/grants/new/",
        views.AlumniGrantCreateView.as_view(),
        name="alumni_grant_create",
    ),
    path("alumni/survey/", views.SurveySendView.as_view(), name="survey_send"),
]
