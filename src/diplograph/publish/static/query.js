// The SPARQL query page: load an example, run the query with fetch, show the answer as a table.
// Everything is written with textContent, never innerHTML, so no value from the data becomes markup.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const texts = document.getElementById("example-texts");
  const endpoint = form.getAttribute("action");

  function exampleText(name) {
    for (const pre of texts.content.querySelectorAll("pre")) {
      if (pre.dataset.name === name) return pre.textContent;
    }
    return null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri" && /^https?:\/\//.test(term.value)) {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  // IRIs under the base are served by this server: link to the local page.
  function localHref(iri) {
    const base = document.body.dataset.base;
    if (base && iri.startsWith(base)) return new URL(iri.slice(base.length), new URL(endpoint, location.href).href.replace(/sparql$/, "")).href;
    return iri;
  }

  function show(answer) {
    results.replaceChildren();
    if (typeof answer.boolean === "boolean") {
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = String(answer.boolean);
      results.appendChild(p);
      status.textContent = "";
      return;
    }
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const name of answer.head.vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of answer.results.bindings) {
      const row = body.insertRow();
      for (const name of answer.head.vars) row.appendChild(cell(binding[name]));
    }
    results.appendChild(table);
    status.textContent = answer.results.bindings.length + " " + (document.documentElement.lang === "fr" ? "lignes" : "rows");
  }

  function showText(text, className) {
    results.replaceChildren();
    const pre = document.createElement("pre");
    pre.className = className;
    pre.textContent = text;
    results.appendChild(pre);
    status.textContent = "";
  }

  async function run(event) {
    event.preventDefault();
    status.textContent = "…";
    const isGraph = /^\s*(PREFIX[^\n]*\n\s*|BASE[^\n]*\n\s*|#[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b/i.test(textarea.value);
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": isGraph ? "text/turtle" : "application/sparql-results+json",
      },
      body: textarea.value,
    });
    const text = await response.text();
    if (!response.ok) return showText(text, "error");
    if (isGraph) return showText(text, "turtle");
    show(JSON.parse(text));
  }

  // With YASGUI loaded (assets/yasgui.min.js, MIT), the editor replaces the plain form: syntax
  // highlighting, prefixes, autocompletion, sortable tables and charts, pointed at this endpoint.
  const box = document.getElementById("yasgui");
  if (window.Yasgui && box) {
    const prefixes = JSON.parse(box.dataset.prefixes || "{}");
    const header = Object.keys(prefixes).map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">"; }).join("\n");
    // The static site has no server to read ?query=: a shared link (or an example's address) opens and runs here.
    const asked = box.dataset.static ? new URLSearchParams(location.search).get("query") : null;
    const start = asked || textarea.value.trim() || header + "\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10";
    const yasgui = new window.Yasgui(box, {
      requestConfig: { endpoint: new URL(endpoint, location.href).href, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      yasqe: { value: start },
      yasr: { prefixes: prefixes },
    });
    window.diplographYasgui = yasgui;
    const tab = yasgui.getTab();
    tab.getYasqe().addPrefixes(prefixes);
    form.hidden = true;
    results.hidden = !results.textContent.trim();  // an answer the server wrote stays until the editor runs
    tab.getYasqe().on("query", function () { results.hidden = true; });
    const errorBox = document.getElementById("yasgui-error");
    tab.getYasqe().on("queryResponse", function (_, response) {
      const failed = response && (response.status >= 400 || response instanceof Error);
      errorBox.hidden = !failed;
      errorBox.textContent = failed ? String((response.response && response.response.text) || response.message || response.status) : "";
    });
    for (const link of document.querySelectorAll("a.example")) {
      link.addEventListener("click", function (event) {
        const text = exampleText(link.dataset.name);
        if (text === null) return;
        event.preventDefault();
        tab.setQuery(text);
        tab.query();
        box.scrollIntoView();
      });
    }
    if (asked) tab.query();
    return;
  }

  form.addEventListener("submit", run);
  for (const link of document.querySelectorAll("a.example")) {
    link.addEventListener("click", function (event) {
      const text = exampleText(link.dataset.name);
      if (text === null) return;
      event.preventDefault();
      textarea.value = text;
      form.requestSubmit();
    });
  }
})();
