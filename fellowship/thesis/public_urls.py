"""Public (no login): defense announcements and theses the director made public."""

from django.urls import path

from . import views

app_name = "thesis_public"

urlpatterns = [
    path("defenses/", views.public_defenses, name="defenses"),
    path("defenses/theses/<int:pk>/", views.public_document, name="document"),
]
