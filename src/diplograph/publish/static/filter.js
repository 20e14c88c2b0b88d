// The meetings of a year: narrow the table by state and format in the page (no request is made).
"use strict";

(function () {
  const state = document.getElementById("filter-state");
  const format = document.getElementById("filter-format");
  const count = document.getElementById("filter-count");
  const rows = document.querySelectorAll("#meeting-list tbody tr");
  if (!state || !format) return;
  function apply() {
    let shown = 0;
    for (const row of rows) {
      const keep = (!state.value || row.dataset.states.split(" ").includes(state.value)) &&
        (!format.value || row.dataset.format === format.value);
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    count.textContent = String(shown);
  }
  state.addEventListener("change", apply);
  format.addEventListener("change", apply);
})();
