// gatecheck console. While the hit queue is open, asks every few seconds whether hits newer
// than the newest shown have arrived; when they have, the queue (as filtered) is read again
// and put in place, and a polite live region says how many arrived. These requests are the
// page's, not the officer's: they say so (x-gatecheck-background), and do not keep the
// session alive. When the session has ended the polling stops and the page says so, with
// a link to sign in again. The page works without this script (reloading shows the same).
(function () {
  "use strict";
  var live = document.getElementById("live");
  var results = document.getElementById("queue-results");
  if (!live || !results) { return; }
  var ended = document.getElementById("session-ended");
  var newest = results.getAttribute("data-newest") || "0";
  var busy = false;
  var timer = null;
  var background = { credentials: "same-origin", headers: { "x-gatecheck-background": "1" } };
  function sessionEnded() {
    window.clearInterval(timer);
    if (ended) { ended.hidden = false; }
  }
  function refresh(count) {
    return fetch(window.location.href, background)
      .then(function (response) {
        // a page asked without a session is sent to the sign-in page
        if (response.redirected && response.url.indexOf("/console/sign-in") !== -1) {
          sessionEnded();
          return null;
        }
        return response.ok ? response.text() : null;
      })
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
    fetch("/console/hits/newer?after=" + encodeURIComponent(newest), background)
      .then(function (response) {
        if (response.status === 401) {
          sessionEnded();
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer || !answer.count) { return null; }
        var count = answer.count;
        newest = String(answer.newest || newest);
        return refresh(count);
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  timer = window.setInterval(ask, 5000);
})();
// On a hit's page: single-key shortcuts for deciding (listed on the page, and turned off
// there by a check box the browser remembers, as WCAG 2.1.4 asks). Keys are read by their
// place on the keyboard (event.code), so that they work as well on an Arabic layout; they
// do nothing while the officer types in a field.
(function () {
  "use strict";
  var form = document.querySelector("form.decision");
  var toggle = document.getElementById("shortcuts-on");
  if (!form || !toggle) { return; }
  var remembered = "gatecheck-shortcuts";
  try { if (window.localStorage.getItem(remembered) === "off") { toggle.checked = false; } } catch (e) {}
  toggle.addEventListener("change", function () {
    try { window.localStorage.setItem(remembered, toggle.checked ? "on" : "off"); } catch (e) {}
  });
  function choose(code) {
    var radio = document.getElementById("decision-" + code);
    if (radio) { radio.checked = true; radio.focus(); }
  }
  function submit(id) {
    var button = document.getElementById(id);
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }
  document.addEventListener("keydown", function (event) {
    if (!toggle.checked || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    var typing = target && (target.isContentEditable || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"));
    if (typing) { return; }
    switch (event.code) {
      case "KeyC": choose("confirmed"); break;
      case "KeyF": choose("false-positive"); break;
      case "KeyE": choose("escalated"); break;
      case "KeyR": document.getElementById("reason").focus(); break;
      case "KeyS": submit("save"); break;
      case "KeyN": submit("save-next"); break;
      case "KeyQ": window.location.href = "/console/hits"; break;
      default: return;
    }
    event.preventDefault();
  });
})();
