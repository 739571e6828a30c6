// gatecheck console: while the hit queue is open, asks every few seconds whether hits newer
// than the newest shown have arrived; when they have, the queue (as filtered) is read again
// and put in place, and a polite live region says how many arrived. The page works
// without this script (reloading shows the same).
(function () {
  "use strict";
  var live = document.getElementById("live");
  var results = document.getElementById("queue-results");
  if (!live || !results) { return; }
  var newest = results.getAttribute("data-newest") || "0";
  var busy = false;
  function refresh(count) {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("queue-results");
        if (!fresh) { return; }
        results.replaceChildren.apply(results, Array.prototype.slice.call(fresh.childNodes));
        var freshNewest = fresh.getAttribute("data-newest") || newest;
        results.setAttribute("data-newest", freshNewest);
        live.textContent = live.getAttribute("data-new-hits") + " " + count;
      });
  }
  function ask() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch("/console/hits/newer?after=" + encodeURIComponent(newest), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.count) { return null; }
        var count = answer.count;
        newest = String(answer.newest || newest);
        return refresh(count);
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  window.setInterval(ask, 5000);
})();
