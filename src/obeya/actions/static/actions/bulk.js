// The action list's bulk edit: "select all" ticks every row the user may change, and only the
// value field of the chosen change is shown. The table is swapped by HTMX, so listen on document.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.classList && box.classList.contains("bulk-all")) {
      document.querySelectorAll("input.bulk-pick").forEach(function (pick) { pick.checked = box.checked; });
    }
    if (box.name === "bulk-operation" && box.form && box.form.id === "bulk-form") { showValueField(box.form); }
  });
  function showValueField(form) {
    var operation = form.elements["bulk-operation"].value;
    var valueField = operation === "shift" ? "days" : operation;
    form.querySelectorAll("[data-bulk-field]").forEach(function (field) {
      var name = field.getAttribute("data-bulk-field");
      field.style.display = name !== "operation" && name !== valueField ? "none" : "";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("bulk-form");
    if (form) { showValueField(form); }
  });
})();
