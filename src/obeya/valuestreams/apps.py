from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueStreamsConfig(AppConfig):
    name = "obeya.valuestreams"
    verbose_name = _("Value stream maps")
