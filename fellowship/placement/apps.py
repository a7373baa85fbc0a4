from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "fellowship.placement"
    verbose_name = "Placement"
