from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsView.as_view(), name="index"),
    path("download/<str:format>/", views.DownloadView.as_view(), name="download"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<slug:chart>/", views.DashboardRowsView.as_view(), name="dashboard_rows"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("rppr/", views.SummariesView.as_view(), name="summaries"),
    path("rppr/save/", views.SummarySaveView.as_view(), name="summary_save"),
    path(
        "rppr/download/<str:format>/",
        views.SummariesDownloadView.as_view(),
        name="summaries_download",
    ),
]
