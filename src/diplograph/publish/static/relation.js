// The relation page's timeline: vis-timeline (vendored, assets/vis-timeline.min.js) drawn from the page's
// JSON island, with the kinds to show and a range of years that filter it. Every name from the data is
// put in a <bdi> with textContent, never as markup; links go only to the site's own pages.
"use strict";

(function () {
  const box = document.getElementById("timeline");
  const island = document.getElementById("timeline-data");
  const form = document.getElementById("timeline-controls");
  const details = document.getElementById("timeline-details");
  if (!box || !island || !window.vis) return;
  const data = JSON.parse(island.textContent);

  function text(value) {
    const bdi = document.createElement("bdi");
    bdi.textContent = value;
    return bdi;
  }

  const all = data.items.map(function (item) {
    const drawn = {
      id: item.id,
      group: item.group,
      start: item.start,
      content: text(item.label),
      className: item["class"],
      type: item.end ? "range" : "box",
    };
    if (item.end) drawn.end = item.end;
    return drawn;
  });
  const byId = new Map(data.items.map(function (item) { return [item.id, item]; }));
  const groups = new window.vis.DataSet(data.groups.map(function (group) {
    return { id: group.id, content: text(group.label) };
  }));
  const items = new window.vis.DataSet(all);
  const years = all.map(function (item) { return Number(item.start.slice(0, 4)); });
  const first = Math.min.apply(null, years), last = Math.max.apply(null, years);
  const timeline = new window.vis.Timeline(box, items, groups, {
    stack: true,
    zoomKey: "ctrlKey",
    maxHeight: 520,
    start: (first - 1) + "-07-01",
    end: (last + 1) + "-07-01",
    tooltip: { followMouse: false },
    xss: { disabled: false },
  });
  window.diplographTimeline = timeline;

  function chosen() {
    const kinds = new Set();
    for (const box of form.querySelectorAll("input[name=kind]")) if (box.checked) kinds.add(box.value);
    const from = Number(form.elements.from.value) || first;
    const to = Number(form.elements.to.value) || last;
    return { kinds: kinds, from: Math.min(from, to), to: Math.max(from, to) };
  }

  // Only the items of the chosen kinds and years are drawn; the window follows the years chosen.
  function redraw() {
    const wanted = chosen();
    const kept = all.filter(function (item) {
      const year = Number(item.start.slice(0, 4));
      return wanted.kinds.has(item.group) && year >= wanted.from && year <= wanted.to;
    });
    items.clear();
    items.add(kept);
    groups.forEach(function (group) { groups.update({ id: group.id, visible: wanted.kinds.has(group.id) }); });
    timeline.setWindow(wanted.from + "-01-01", (wanted.to + 1) + "-01-01", { animation: false });
    box.dataset.drawn = String(kept.length);
  }

  function show(id) {
    const item = byId.get(id);
    details.replaceChildren();
    if (!item) return;
    const name = document.createElement("strong");
    name.appendChild(text(item.label));
    details.appendChild(name);
    const when = document.createElement("span");
    when.className = "date";
    when.textContent = " " + item.start + (item.end ? " – " + item.end : "");
    details.appendChild(when);
    for (const extra of [item.level, item.detail]) {
      if (!extra) continue;
      details.appendChild(document.createTextNode(" · "));
      details.appendChild(text(extra));
    }
    if (item.href && !/^[a-z][a-z0-9+.-]*:/i.test(item.href)) {  // a relative link: one of the site's pages
      details.appendChild(document.createTextNode(" · "));
      const a = document.createElement("a");
      a.href = item.href;
      a.textContent = details.dataset.open;
      details.appendChild(a);
    }
  }

  timeline.on("select", function (event) { if (event.items.length) show(event.items[0]); });
  form.addEventListener("change", redraw);
  form.addEventListener("submit", function (event) { event.preventDefault(); redraw(); });
  box.dataset.drawn = String(all.length);
})();
