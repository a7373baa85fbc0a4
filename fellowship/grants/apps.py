from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "fellowship.grants"
    verbose_name = "Grants"
