from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/new/", views.CourseFormView.as_view(), name="course_create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseFormView.as_view(), name="course_edit"),
    path("requirements/", views.RequirementSetListView.as_view(), name="requirement_set_list"),
    path(
        "requirements/new/", views.RequirementSetFormView.as_view(), name="requirement_set_create"
    ),
    path(
        "requirements/<int:pk>/",
        views.RequirementSetDetailView.as_view(),
        name="requirement_set_detail",
    ),
    path(
        "requirements/<int:pk>/edit/",
        views.RequirementSetFormView.as_view(),
        name="requirement_set_edit",
    ),
    path(
        "requirements/<int:pk>/add/",
        views.RequirementFormView.as_view(),
        name="requirement_create",
    ),
    path(
        "requirements/<int:pk>/items/<int:item>/",
        views.RequirementFormView.as_view(),
        name="requirement_edit",
    ),
    path(
        "requirements/<int:pk>/items/<int:item>/delete/",
        views.RequirementDeleteView.as_view(),
        name="requirement_delete",
    ),
    path("fellows/<int:pk>/", views.FellowAuditView.as_view(), name="degree_audit"),
    path(
        "fellows/<int:pk>/courses/new/",
        views.EnrollmentFormView.as_view(),
        name="enrollment_create",
    ),
    path(
        "fellows/<int:pk>/courses/<int:enrollment>/",
        views.EnrollmentFormView.as_view(),
        name="enrollment_edit",
    ),
    path(
        "fellows/<int:pk>/courses/<int:enrollment>/delete/",
        views.EnrollmentDeleteView.as_view(),
        name="enrollment_delete",
    ),
    path("mentees/", views.MenteesView.as_view(), name="mentees"),
    path("cohort/", views.CohortView.as_view(), name="cohort"),
    path(
        "cohort/export.<str:format>",
        views.CohortExportView.as_view(),
        name="cohort_export",
    ),
]
