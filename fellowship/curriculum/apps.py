from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "fellowship.curriculum"
    verbose_name = "Curriculum"
