// Value stream drawings: a button shows a drawing at its full size (scrolling sideways)
// instead of fitted to the column, for maps too wide to read fitted.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".vsm-zoom-toggle");
    if (!button) {
      return;
    }
    var scope = button.closest("[data-zoom-scope]");
    if (scope) {
      var zoomed = scope.classList.toggle("vsm-zoomed");
      button.setAttribute("aria-pressed", zoomed ? "true" : "false");
    }
  });
})();
