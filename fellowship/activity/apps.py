from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "fellowship.activity"
    verbose_name = "Activity log"
