from django.apps import AppConfig


class ThesisConfig(AppConfig):
    name = "fellowship.thesis"
    verbose_name = "Thesis"
