// The Gantt chart of the action plan. The chart is drawn by the server (SVG) and reads without
// script; this file adds the moves, all posted to the bar's reschedule endpoint, which checks
// the user's right on that action:
// - a mouse, finger or pen drags a bar (pointer events, so a tablet works) to move the action
//   by whole days, or drags its right end to change the due date only;
// - the keyboard: on a focused bar, ← and → move the action by one day; with Shift, its due
//   date only.
// The server answers with the chart to swap in (critical path recomputed), 400 with the chart
// and the reason when the move is refused by the plan's rules, or 403; a refused or failed
// move puts the bar back where it was, with a message.
(function () {
  "use strict";
  var host = document.getElementById("gantt-host");
  if (!host) return;

  var grouping = document.getElementById("gantt-group");
  if (grouping) {
    grouping.addEventListener("change", function () { grouping.form.submit(); });
  }
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function say(text, refused) {
    var out = host.querySelector(".gantt-message");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("refused", !!refused);
  }

  function swapChart(html, focusId) {
    var chart = document.getElementById("gantt-chart");
    chart.outerHTML = html;
    var fresh = document.getElementById("gantt-chart");
    if (window.htmx) window.htmx.process(fresh);
    var bar = focusId && document.getElementById(focusId);
    if (bar) bar.focus();
  }

  function post(bar, days, mode, restore, keepFocus) {
    var body = new FormData();
    body.append("days", String(days));
    body.append("mode", mode);
    body.append("group", host.dataset.group || "axis");
    bar.classList.add("saving");
    return fetch(bar.dataset.rescheduleUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (response.ok || response.status === 400) {
            swapChart(html, keepFocus ? bar.id : null);
          } else {
            restore();
            say(response.status === 403 ? host.dataset.refused : host.dataset.failed, true);
          }
        });
      })
      .catch(function () {
        restore();
        say(host.dataset.failed, true);
      });
  }

  // Pointer: drag a bar (move) or its right end (resize), snapping to whole days.
  var drag = null; // {bar, mode, x0, id, days, dayPx, body, width0}
  function dayPx(bar) {
    var svg = bar.ownerSVGElement;
    var ctm = svg.getScreenCTM();
    return Number(svg.dataset.dayPx || 14) * (ctm ? ctm.a : 1);
  }
  host.addEventListener("pointerdown", function (event) {
    var bar = event.target.closest && event.target.closest(".gantt-bar.editable");
    if (!bar || event.button > 0) return;
    event.preventDefault();
    var body = bar.querySelector(".bar-body");
    drag = {
      bar: bar,
      mode: event.target.classList.contains("bar-resize") ? "resize" : "move",
      x0: event.clientX,
      id: event.pointerId,
      days: 0,
      dayPx: dayPx(bar),
      body: body,
      width0: body && body.getAttribute("width"),
    };
    bar.classList.add("dragging");
    try {
      bar.setPointerCapture(event.pointerId);
    } catch (error) {
      // Synthetic events carry no active pointer: the moves still reach the host.
    }
  });
  function restoreDrag(state) {
    return function () {
      state.bar.removeAttribute("transform");
      if (state.body && state.width0 !== null) state.body.setAttribute("width", state.width0);
    };
  }
  host.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    event.preventDefault();
    var days = Math.round((event.clientX - drag.x0) / drag.dayPx);
    if (days === drag.days) return;
    drag.days = days;
    var unit = drag.dayPx / ((drag.bar.ownerSVGElement.getScreenCTM() || { a: 1 }).a || 1);
    if (drag.mode === "move") {
      drag.bar.setAttribute("transform", "translate(" + days * unit + " 0)");
    } else if (drag.body && drag.width0 !== null) {
      var width = Math.max(unit, Number(drag.width0) + days * unit);
      drag.body.setAttribute("width", String(width));
    }
  });
  function finish(event, cancelled) {
    if (!drag || event.pointerId !== drag.id) return;
    var state = drag;
    drag = null;
    state.bar.classList.remove("dragging");
    if (cancelled || state.days === 0) {
      restoreDrag(state)();
      return;
    }
    post(state.bar, state.days, state.mode, restoreDrag(state), false);
  }
  host.addEventListener("pointerup", function (event) { finish(event, false); });
  host.addEventListener("pointercancel", function (event) { finish(event, true); });

  // Keyboard: arrows on a focused bar.
  host.addEventListener("keydown", function (event) {
    var bar = event.target.closest && event.target.closest(".gantt-bar.editable");
    if (!bar || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    var days = event.key === "ArrowRight" ? 1 : -1;
    post(bar, days, event.shiftKey ? "resize" : "move", function () {}, true);
  });
})();
