// Polls a lab run's status.json and updates the progress page; opens the report when the run is done.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status");
  var state = box.getAttribute("data-state");
  function show(s) {
    var stage = document.getElementById("run-stage");
    var rows = document.getElementById("run-rows");
    var bar = document.getElementById("run-bar");
    if (stage) { stage.textContent = s.stage_text || s.stage; }
    if (rows && s.rows_total) { rows.textContent = s.rows_done.toLocaleString() + " / " + s.rows_total.toLocaleString(); }
    if (bar && s.rows_total) { bar.value = s.rows_done; bar.max = s.rows_total; }
  }
  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        if (s.state !== state) { window.location.reload(); return; }
        show(s);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
