"""JSON API of the improvement teams (mounted under /api/projects)."""

from ninja import Router

router = Router()
