// Draw the sparklines of a board's tiles: <div class="board-spark" data-spec-id="ID"> with the
// Vega-Lite spec in <script type="application/json" id="ID">. No action menu on a tile (the
// KPI page has the full chart); runs again when HTMX swaps the tiles in.
(function () {
  function draw(root) {
    (root || document).querySelectorAll(".board-spark[data-spec-id]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.specId);
      if (!source || typeof vegaEmbed === "undefined") return;
      el.dataset.rendered = "1";
      vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function (err) { el.textContent = String(err); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
