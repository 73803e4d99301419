from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The Django project itself: base templates, vendored static files, the API root."""

    name = "obeya.site"
    label = "obeya_site"
