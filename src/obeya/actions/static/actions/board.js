// The Kanban board of the action plan. A card moves to another column in three ways, all
// posting the new status to the card's move endpoint, which checks the user's rights:
// - a mouse drags the card (HTML5 drag and drop);
// - a finger or pen drags the card's grip (pointer events: touch screens fire no HTML5 drag
//   events, so tablets would otherwise be left out);
// - the keyboard or a browser without script uses the card's "Move to" form (HTMX swaps the
//   board; without script the form posts and the page reloads).
// The server answers with the board to swap in (new columns and counts) or with 403; a card
// whose move is refused or fails goes back where it was, with a message.
(function () {
  "use strict";
  var host = document.getElementById("action-board-host");
  if (!host) return;

  var dragged = null; // {card, parent, next} while a card is being dragged

  function say(text, refused) {
    var out = host.querySelector(".board-message");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("refused", !!refused);
  }

  function highlight(column) {
    host.querySelectorAll(".board-column.drop-target").forEach(function (c) {
      if (c !== column) c.classList.remove("drop-target");
    });
    if (column) column.classList.add("drop-target");
  }

  function swapBoard(html) {
    var board = document.getElementById("action-board");
    board.outerHTML = html;
    if (window.htmx) window.htmx.process(document.getElementById("action-board"));
  }

  function messageFrom(status, html) {
    if (status === 403) return host.dataset.refused;
    var doc = new DOMParser().parseFromString(html, "text/html");
    var out = doc.querySelector(".board-message");
    return (out && out.textContent.trim()) || host.dataset.failed;
  }

  function lift(card) {
    return { card: card, parent: card.parentNode, next: card.nextSibling };
  }

  function putBack(origin) {
    origin.parent.insertBefore(origin.card, origin.next);
  }

  function move(origin, column) {
    var card = origin.card;
    var status = column && column.dataset.status;
    if (!status || origin.parent.closest(".board-column") === column) return;
    column.querySelector(".board-cards").appendChild(card); // shown at once, confirmed below
    var csrf = card.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("status", status);
    fetch(card.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "", "HX-Request": "true" },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (response.ok) {
            swapBoard(html);
          } else {
            putBack(origin);
            say(messageFrom(response.status, html), true);
          }
        });
      })
      .catch(function () {
        putBack(origin);
        say(host.dataset.failed, true);
      });
  }

  // Mouse: HTML5 drag and drop.
  host.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card.movable");
    if (!card) return;
    dragged = lift(card);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.action);
    card.classList.add("dragging");
  });
  host.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var column = event.target.closest(".board-column");
    highlight(column);
    if (column) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    }
  });
  host.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var origin = dragged;
    dragged = null;
    origin.card.classList.remove("dragging");
    highlight(null);
    move(origin, event.target.closest(".board-column"));
  });
  host.addEventListener("dragend", function () {
    if (dragged) dragged.card.classList.remove("dragging");
    dragged = null;
    highlight(null);
  });

  // Finger or pen: pointer events on the grip, the card following the pointer.
  var touch = null; // {origin, dx, dy, id}
  function columnAt(x, y) {
    var under = document.elementFromPoint(x, y);
    return under && under.closest(".board-column");
  }
  function place(card, x, y) {
    card.style.left = x - touch.dx + "px";
    card.style.top = y - touch.dy + "px";
  }
  function drop(event, cancelled) {
    if (!touch || event.pointerId !== touch.id) return;
    var card = touch.origin.card;
    var column = cancelled ? null : columnAt(event.clientX, event.clientY);
    card.classList.remove("lifted");
    card.style.left = card.style.top = card.style.width = "";
    highlight(null);
    var origin = touch.origin;
    touch = null;
    if (column) move(origin, column);
  }
  host.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "mouse") return;
    var grip = event.target.closest(".board-grip");
    var card = grip && grip.closest(".board-card.movable");
    if (!card) return;
    event.preventDefault();
    var box = card.getBoundingClientRect();
    touch = {
      origin: lift(card),
      dx: event.clientX - box.left,
      dy: event.clientY - box.top,
      id: event.pointerId,
    };
    card.style.width = box.width + "px";
    card.classList.add("lifted");
    place(card, event.clientX, event.clientY);
    try {
      grip.setPointerCapture(event.pointerId); // keep the moves coming if the finger slips off
    } catch (error) {
      // No active pointer with this id (synthetic events): the moves still reach the board.
    }
  });
  host.addEventListener("pointermove", function (event) {
    if (!touch || event.pointerId !== touch.id) return;
    event.preventDefault();
    place(touch.origin.card, event.clientX, event.clientY);
    highlight(columnAt(event.clientX, event.clientY));
  });
  host.addEventListener("pointerup", function (event) { drop(event, false); });
  host.addEventListener("pointercancel", function (event) { drop(event, true); });

  // Keyboard: the "Move to" forms post through HTMX; keep the focus on the moved card's list
  // after the board is swapped, and say why when a move is refused.
  var focusAfterSwap = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.classList && form.classList.contains("board-move")) {
      focusAfterSwap = form.querySelector("select").id;
    }
  });
  // The form that asked is gone with the old board, so listen for the new content instead.
  document.body.addEventListener("htmx:load", function () {
    var select = focusAfterSwap && document.getElementById(focusAfterSwap);
    focusAfterSwap = null;
    if (!select || !host.contains(select)) return;
    var folded = select.closest("details");
    if (folded) folded.open = true; // a card moved to "Cancelled" stays within reach
    select.focus();
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (!host.contains(event.detail.elt)) return;
    var xhr = event.detail.xhr;
    say(messageFrom(xhr.status, xhr.responseText), true);
  });
})();
