"""JSON API of obeya.boards (mounted under /api/projects)."""

from ninja import Router

router = Router()
