// The phone form: say which photos were taken, since the file input itself is hidden behind
// the big camera button.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (input.type !== "file") return;
  var field = input.closest(".photo-field");
  var out = field && field.querySelector(".chosen");
  if (!out) return;
  var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
  out.textContent = names.length ? out.dataset.some + " " + names.join(", ") : out.dataset.none;
});
