from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("import/", views.PublicationImportView.as_view(), name="import"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.StatusView.as_view(), name="status"),
    path("<int:pk>/merge/", views.MergeView.as_view(), name="merge"),
]
