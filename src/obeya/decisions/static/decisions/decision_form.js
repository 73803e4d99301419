// The decision grid: as an option or a criterion is named, the score table's headers and the
// AHP pairs follow, so the facilitator scores "SMED × Cost" rather than "Option 1 × Criterion 2".
(function () {
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.id) return;
    document.querySelectorAll('[data-label-of="' + input.id + '"]').forEach(function (cell) {
      if (!cell.dataset.fallback) cell.dataset.fallback = cell.textContent;
      cell.textContent = input.value.trim() || cell.dataset.fallback;
    });
  });
})();
