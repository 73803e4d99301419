// Render every Vega-Lite chart on the page: <div class="vl-chart" data-spec-id="ID"> with the
// spec in <script type="application/json" id="ID">. Runs again after HTMX swaps content.
(function () {
  function render(root) {
    (root || document).querySelectorAll(".vl-chart[data-spec-id]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.specId);
      if (!source || typeof vegaEmbed === "undefined") return;
      el.dataset.rendered = "1";
      vegaEmbed(el, JSON.parse(source.textContent), {
        actions: { export: true, source: false, compiled: false, editor: false },
        renderer: "svg",
      }).catch(function (err) {
        el.textContent = String(err);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(); });
  document.addEventListener("htmx:afterSettle", function (e) { render(e.target); });
})();
