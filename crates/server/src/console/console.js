// gatecheck console: while the hit queue is open, asks every few seconds whether hits newer
// than the newest shown have arrived, and says so (a polite live region) with a link to
// show them. The page works without this script.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var newest = live.getAttribute("data-newest") || "0";
  function ask() {
    fetch("/console/hits/newer?after=" + encodeURIComponent(newest), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.count) { return; }
        live.textContent = "";
        var text = document.createElement("span");
        text.textContent = live.getAttribute("data-new-hits") + " (" + answer.count + ") ";
        var link = document.createElement("a");
        link.href = window.location.pathname + window.location.search;
        link.textContent = live.getAttribute("data-show");
        live.appendChild(text);
        live.appendChild(link);
      })
      .catch(function () {});
  }
  window.setInterval(ask, 5000);
})();
