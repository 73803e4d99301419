"""The visual boards of a project (docs/boards.md): the list, a board, its TV mode (`?tv=1`),
its tiles for the HTMX refresh, and its printable A3 version. Everyone with a role in the
project reads them; a TV shows them logged in with a viewer account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from obeya.boards import selectors
from obeya.boards.forms import TvForm
from obeya.boards.printing import tile_svgs
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import project_context


@login_required
def index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    boards = [selectors.board(access, ref) for ref in selectors.project_boards(access)]
    return render(request, "boards/board_index.html", project_context(access, boards=boards))


@login_required
def detail(request, project_id: int, board: str):
    access = get_project_for_user(request.user, project_id)
    ref = selectors.board_ref(access, board)
    context = project_context(access, board=selectors.board(access, ref))
    if "tv" not in request.GET:
        return render(request, "boards/board_detail.html", context)
    form = TvForm(request.GET)
    refresh_s, rotate_s = form.settings()
    _previous, following = selectors.neighbour_boards(access, ref)
    context.update(form=form, refresh_s=refresh_s, rotate_s=rotate_s, next_board=following)
    status = 400 if form.errors else 200
    return render(request, "boards/board_tv.html", context, status=status)


@login_required
def tiles(request, project_id: int, board: str):
    """The tiles and side panels alone: what the board and the TV poll."""
    access = get_project_for_user(request.user, project_id)
    ref = selectors.board_ref(access, board)
    context = project_context(access, board=selectors.board(access, ref), tv="tv" in request.GET)
    return render(request, "boards/_board_tiles.html", context)


@login_required
def print_board(request, project_id: int, board: str):
    """A3 landscape, the sparklines drawn on the server as SVG: printing needs no script."""
    access = get_project_for_user(request.user, project_id)
    the_board = selectors.board(access, selectors.board_ref(access, board))
    context = project_context(access, board=the_board, svgs=tile_svgs(the_board))
    return render(request, "boards/board_print.html", context)
