// Progressive enhancement: update a job's progress bar without reloading the page.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = document.getElementById("job-progress");
  var message = document.getElementById("job-message");
  var result = document.getElementById("job-result");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        // Never backwards: a job's estimate of its total may grow while it runs.
        var percent = Math.max(Number(bar.value) || 0, job.percent);
        bar.value = percent;
        bar.textContent = percent + "%";
        if (job.finished) {
          // Reload once for the final, server-rendered state (messages, links, result).
          window.location.reload();
          return;
        }
        message.textContent = job.text;  // the same sentence as the server-rendered page
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 800);
})();
