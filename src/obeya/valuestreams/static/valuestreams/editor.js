// The value stream editor: after each live preview (HTMX), show the parser's mistakes next to
// the fields the user has already touched; untouched fields of a new map stay quiet.
(function () {
  "use strict";
  var touched = new Set();

  function markServerErrors() {
    document.querySelectorAll("#vsm-form [data-field]").forEach(function (box) {
      var slot = box.querySelector(":scope > .field-errors");
      if (slot && slot.children.length) {
        touched.add(box.getAttribute("data-field"));
      }
    });
  }

  function isTouched(name) {
    if (touched.has(name) || /^(flow|info)-\d+$/.test(name)) {
      return true; // a mistake in the order of the items shows at once
    }
    // An item (flow-3) counts as touched once one of its fields (flow-3-...) is.
    var prefix = name + "-";
    for (var t of touched) {
      if (t.indexOf(prefix) === 0) {
        return true;
      }
    }
    return false;
  }

  function showErrors() {
    var node = document.getElementById("vsm-field-errors");
    if (!node) {
      return;
    }
    var errors = JSON.parse(node.textContent);
    document.querySelectorAll("#vsm-form [data-field]").forEach(function (box) {
      var name = box.getAttribute("data-field");
      var slot = box.querySelector(":scope > .field-errors");
      if (!slot) {
        return;
      }
      var messages = isTouched(name) ? errors[name] || [] : [];
      slot.replaceChildren.apply(
        slot,
        messages.map(function (text) {
          var p = document.createElement("p");
          p.className = "error";
          p.textContent = text;
          return p;
        })
      );
      box.classList.toggle("has-error", messages.length > 0);
      var input = box.querySelector(":scope > input, :scope > select, :scope > textarea");
      if (input) {
        if (messages.length) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
    });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.form && field.form.id === "vsm-form" && field.name) {
      touched.add(field.name);
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "vsm-editor") {
      touched.clear(); // the items were renumbered
    }
  });
  // While the map has a mistake the server draws nothing: keep the last good drawing, faded.
  var lastDrawing = null;

  function keepDrawing() {
    var preview = document.getElementById("vsm-preview");
    if (!preview) {
      return;
    }
    var drawing = preview.querySelector(":scope > .vsm-drawing");
    if (drawing) {
      lastDrawing = drawing.cloneNode(true);
      return;
    }
    var waiting = preview.querySelector(":scope > .vsm-waiting");
    if (lastDrawing && waiting) {
      var stale = document.createElement("div");
      stale.className = "vsm-stale";
      var label = document.createElement("p");
      label.className = "vsm-stale-label muted";
      label.textContent = preview.getAttribute("data-stale-label") || "";
      stale.appendChild(label);
      stale.appendChild(lastDrawing.cloneNode(true));
      waiting.replaceWith(stale);
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "vsm-preview") {
      showErrors();
    } else {
      markServerErrors();
    }
    keepDrawing();
  });
  markServerErrors();
  keepDrawing();
})();
