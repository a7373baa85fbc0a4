from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "fellowship.programs"
    verbose_name = "Programs"
