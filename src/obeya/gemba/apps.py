from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GembaConfig(AppConfig):
    name = "obeya.gemba"
    verbose_name = _("Field observations")
