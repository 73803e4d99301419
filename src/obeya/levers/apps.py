from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeversConfig(AppConfig):
    name = "obeya.levers"
    verbose_name = _("Levers")
