from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fellowship.accounts"
    verbose_name = "Accounts"
