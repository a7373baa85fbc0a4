"""Public (no login): defense announcements and theses the director made public. Here in
web, the top layer, because the defenses page names only fellows who consented (news)."""

from django.urls import path

from fellowship.thesis.views import public_document

from . import public_views

app_name = "thesis_public"

urlpatterns = [
    path("defenses/", public_views.public_defenses, name="defenses"),
    path("defenses/theses/<uuid:public_id>/", public_document, name="document"),
]
