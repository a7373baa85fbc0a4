from django.urls import path

from . import lockouts, views

app_name = "web"

urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("home/", views.home_for_user, name="home_for_user"),
    path("p/<slug:program>/sign-in-lockouts/", lockouts.LockoutListView.as_view(), name="lockouts"),
    path(
        "p/<slug:program>/sign-in-lockouts/lift/",
        lockouts.LockoutLiftView.as_view(),
        name="lockout_lift",
    ),
]
