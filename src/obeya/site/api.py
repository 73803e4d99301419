"""The JSON API root: token authentication, error handlers, one router per app.

Clients send `Authorization: Bearer <token>`, a personal token created on the profile page.
The OpenAPI document is at /api/openapi.json and its browsable docs at /api/docs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI
from ninja.security import HttpBearer

from obeya import __version__
from obeya.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Obeya API",
    version=__version__,
    description="Projects, people and actions of the Obeya Lean workspace. "
    "Authenticate with a personal token: `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "You may not make this change."}, status=403)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": errors}, status=422)


api.add_router("/projects", "obeya.projects.api.router")
api.add_router("/people", "obeya.organisation.api.router")
api.add_router("/projects", "obeya.actions.api.router")
api.add_router("/projects", "obeya.decisions.api.router")
api.add_router("/projects", "obeya.levers.api.router")
api.add_router("/projects", "obeya.teams.api.router")
api.add_router("/projects", "obeya.meetings.api.router")
api.add_router("/projects", "obeya.trainings.api.router")
api.add_router("/projects", "obeya.obstacles.api.router")
api.add_router("/projects", "obeya.steering.api.router")
api.add_router("/projects", "obeya.kpis.api.router")
api.add_router("/projects", "obeya.problems.api.router")
api.add_router("/projects", "obeya.boards.api.router")
