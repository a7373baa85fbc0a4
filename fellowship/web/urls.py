from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("home/", views.home_for_user, name="home_for_user"),
]
