"""Small request helpers shared by every page."""

from __future__ import annotations


class HtmxMiddleware:
    """Set `request.htmx` when the request comes from HTMX, so a view can answer a partial."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.htmx = request.headers.get("HX-Request") == "true"
        response = self.get_response(request)
        if request.htmx:
            response.headers.setdefault("Vary", "HX-Request")
        return response
