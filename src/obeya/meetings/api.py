"""JSON API of obeya.meetings (mounted under /api/projects)."""

from ninja import Router

router = Router()
