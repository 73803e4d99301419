"""The printed board's charts: each tile's sparkline rendered to SVG on the server with
vl-convert, so a printed or saved page shows them without running any script."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from obeya.boards.selectors import Board, Tile


def tile_svgs(board: Board) -> list[tuple[Tile, SafeString | None]]:
    """Each tile with the SVG of its sparkline (None for a tile without two values)."""
    import vl_convert

    out: list[tuple[Tile, SafeString | None]] = []
    for tile in board.tiles:
        svg = None
        if tile.sparkline is not None:
            # vl-convert writes the SVG from our own spec and escapes every text in it.
            svg = mark_safe(vl_convert.vegalite_to_svg(tile.sparkline))  # noqa: S308
        out.append((tile, svg))
    return out
