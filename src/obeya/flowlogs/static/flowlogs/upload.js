// Refuse an event log larger than the server accepts before sending it: the form carries the
// limit (data-max-bytes) and the message (data-too-big); the server checks again.
(function () {
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || input.type !== "file" || !form.dataset.maxBytes) return;
    var tooBig = input.files.length && input.files[0].size > Number(form.dataset.maxBytes);
    var message = form.querySelector(".fl-too-big");
    message.textContent = tooBig ? form.dataset.tooBig : "";
    message.hidden = !tooBig;
    form.querySelector("button[type=submit]").disabled = tooBig;
  });
})();
