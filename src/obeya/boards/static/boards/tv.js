// TV mode of a visual board: the tiles refresh through HTMX polling (paused while the tab is
// hidden, by the trigger's filter); this script refreshes at once when the tab shows again and,
// when asked, moves to the next board after `data-rotate-s` seconds of visible time.
(function () {
  var body = document.body;
  var rotateS = parseInt(body.dataset.rotateS || "0", 10);
  var nextUrl = body.dataset.nextUrl;
  var visibleS = 0;
  document.addEventListener("visibilitychange", function () {
    var tiles = document.getElementById("board-tiles");
    if (document.visibilityState === "visible" && tiles && window.htmx) {
      htmx.trigger(tiles, "boards:refresh");
    }
  });
  if (rotateS > 0 && nextUrl) {
    setInterval(function () {
      if (document.visibilityState !== "visible") return;
      visibleS += 1;
      if (visibleS >= rotateS) window.location.assign(nextUrl);
    }, 1000);
  }
})();
