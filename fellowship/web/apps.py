from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fellowship.web"
    verbose_name = "Web"
