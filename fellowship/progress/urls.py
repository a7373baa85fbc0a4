from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.CohortView.as_view(), name="cohort"),
    path("milestones/", views.TemplateListView.as_view(), name="template_list"),
    path("milestones/new/", views.TemplateFormView.as_view(), name="template_create"),
    path("milestones/<int:pk>/edit/", views.TemplateFormView.as_view(), name="template_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/reset/", views.CalendarResetView.as_view(), name="calendar_reset"),
    path("fellows/<int:pk>/", views.TimelineView.as_view(), name="timeline"),
    path(
        "fellows/<int:pk>/milestones/<int:milestone>/",
        views.MilestoneRecordView.as_view(),
        name="milestone_record",
    ),
    path(
        "fellows/<int:pk>/orientation/<int:item>/",
        views.OrientationMarkView.as_view(),
        name="orientation_mark",
    ),
    path("fellows/<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("fellows/<int:pk>/plan/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(
        "fellows/<int:pk>/plan/transition/",
        views.PlanTransitionView.as_view(),
        name="plan_transition",
    ),
    path(
        "fellows/<int:pk>/plan/v<int:number>/", views.PlanVersionView.as_view(), name="plan_version"
    ),
    path(
        "fellows/<int:pk>/plan/v<int:number>/file/",
        views.PlanFileView.as_view(),
        name="plan_file",
    ),
    path("fellows/<int:pk>/idp/", views.IdpView.as_view(), name="idp"),
    path("fellows/<int:pk>/idp/<int:year>/edit/", views.IdpEditView.as_view(), name="idp_edit"),
    path(
        "fellows/<int:pk>/idp/<int:year>/transition/",
        views.IdpTransitionView.as_view(),
        name="idp_transition",
    ),
]
