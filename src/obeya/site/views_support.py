"""What the views of every project app share: the page context and the form-to-service step.

A view validates a form, calls one service and says so; a service refuses a change with a
ValidationError naming the field, which goes back onto the form next to that field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


def project_context(access: Any, **extra: Any) -> dict[str, Any]:
    """The context every project page starts from: the user's access and the project."""
    return {"access": access, "project": access.project, **extra}


def form_errors_from(exc: ValidationError, form: Any) -> None:
    """Attach a service's validation errors to the form that fed it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_saved(request: Any, form: Any, service: Any, message: str, **kwargs: Any) -> Any:
    """Call `service` with the form's cleaned data when the request posts a valid form.

    Returns what the service returned (True when it returns nothing) once saved, with
    `message` shown to the user; None when nothing was saved (not a POST, an invalid form, or
    a service refusal, whose errors are then on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = service(user=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as exc:
        form_errors_from(exc, form)
        return None
    messages.success(request, message)
    return True if saved is None else saved
