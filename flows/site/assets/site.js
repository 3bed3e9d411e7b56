/* zhibiao review site: charts (plotly.js, drawn when scrolled into view), table filters, and on a
   document's page the details of each highlighted indicator (hover, focus, click) and the metric/region filter.
   Nothing is fetched: every page carries its data as JSON in <script type="application/json">. */
(function () {
  "use strict";

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // --- charts ---------------------------------------------------------------------------------
  function draw(fig) {
    if (fig.dataset.drawn || typeof Plotly === "undefined") return;
    var key = fig.dataset.chart, spec = json("chart-" + key), div = document.getElementById("plot-" + key);
    if (!spec || !div) return;
    fig.dataset.drawn = "1";
    Plotly.newPlot(div, spec.data, spec.layout, {
      displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"]
    }).then(function () { fig.dataset.ready = "1"; });
    div.on("plotly_click", function (ev) {
      var p = ev.points && ev.points[0], href = p && p.customdata && p.customdata[1];
      if (href) window.location.href = href;
    });
  }

  function charts() {
    var figs = document.querySelectorAll("figure.chart[data-chart]");
    if (!figs.length) return;
    if (!("IntersectionObserver" in window)) { figs.forEach(draw); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); } });
    }, { rootMargin: "300px" });
    figs.forEach(function (f) { seen.observe(f); });
  }

  // --- table filters --------------------------------------------------------------------------
  function tableFilter(inputId, tableId) {
    var input = document.getElementById(inputId), table = document.getElementById(tableId);
    if (!input || !table) return;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  }

  // --- a document's indicators -----------------------------------------------------------------
  var LABELS = [
    ["kind", "kind"], ["metric", "metric"], ["region", "region"], ["period", "period"],
    ["written", "value as written"], ["normalised", "normalised"], ["qualifier", "qualifier"],
    ["direction", "direction"], ["basis", "basis"], ["target", "target"]
  ];
  var CANON = [
    ["metric_id", "catalogue metric"], ["region_code", "region code"], ["period_kind", "period kind"],
    ["dates", "dates"], ["measure", "measure"], ["obs_value", "observation value"]
  ];
  var KIND = { level: "level", up: "growth up", down: "growth down", target: "target" };

  function fmt(v) {
    if (v === undefined || v === null) return "";
    if (typeof v === "number") return String(Math.round(v * 1e6) / 1e6);
    return String(v);
  }

  function fields(r) {
    var out = {
      kind: KIND[r.kind] || r.kind, metric: r.metric, region: r.region, period: r.period,
      written: fmt(r.value) + " " + (r.unit || ""),
      normalised: fmt(r.value_norm) + " " + (r.unit_norm || ""), qualifier: r.qualifier, direction: r.direction,
      basis: r.basis, target: r.is_target ? "yes" : "no"
    };
    var canon = null;
    if (r.measure !== undefined || r.metric_id !== undefined || r.region_code !== undefined) {
      canon = {
        metric_id: r.metric_id ? r.metric_name + " (" + r.metric_id + ")" : "not in the catalogue",
        region_code: r.region_code ? r.region_code + " " + (r.region_name || "") : (r.region_name || "none"),
        period_kind: r.period_kind, measure: r.measure,
        dates: r.period_start ? (r.period_start === r.period_end ? r.period_start : r.period_start + " – " + r.period_end) : "unknown",
        obs_value: r.obs_value !== undefined ? fmt(r.obs_value) + " " + (r.obs_unit || "") : ""
      };
    }
    return { main: out, canon: canon };
  }

  function cardHtml(r) {
    var f = fields(r), h = ['<h3>indicator <span class="id">' + esc(r.id) + "</span></h3><dl>"];
    LABELS.forEach(function (l) {
      h.push('<dt>' + l[1] + '</dt><dd data-field="' + l[0] + '">' + esc(f.main[l[0]] || "") + "</dd>");
    });
    if (f.canon) {
      h.push('<div class="sep"></div>');
      CANON.forEach(function (l) {
        h.push('<dt>' + l[1] + '</dt><dd data-field="' + l[0] + '">' + esc(f.canon[l[0]] || "") + "</dd>");
      });
    }
    h.push("</dl>");
    return h.join("");
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function documentPage() {
    var rows = json("rows-data");
    if (!rows) return;
    var byId = {}, card = document.getElementById("card"), pinned = null;
    rows.forEach(function (r) { byId[r.id] = r; });
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-indicator-id]"));

    function show(mark) {
      var r = byId[mark.dataset.indicatorId];
      if (!r) return;
      card.innerHTML = cardHtml(r);
      card.dataset.for = r.id;
      card.hidden = false;
      var rect = mark.getBoundingClientRect();
      var left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 12);
      card.style.left = Math.max(8, left) + "px";
      card.style.top = (window.scrollY + rect.bottom + 6) + "px";
    }
    function hide() { if (!pinned) { card.hidden = true; card.dataset.for = ""; } }
    function pin(mark) {
      if (pinned) pinned.classList.remove("pinned");
      if (pinned === mark) { pinned = null; hide(); return; }
      pinned = mark; mark.classList.add("pinned"); show(mark);
    }
    function markOf(ev) { return ev.target.closest ? ev.target.closest("mark[data-indicator-id]") : null; }

    document.addEventListener("mouseover", function (ev) { var m = markOf(ev); if (m && !pinned) show(m); });
    document.addEventListener("mouseout", function (ev) { var m = markOf(ev); if (m && !pinned) hide(); });
    document.addEventListener("focusin", function (ev) { var m = markOf(ev); if (m && !pinned) show(m); });
    document.addEventListener("click", function (ev) {
      var m = markOf(ev);
      if (m) { ev.preventDefault(); pin(m); return; }
      if (pinned && !card.contains(ev.target)) { pinned.classList.remove("pinned"); pinned = null; hide(); }
    });
    document.addEventListener("keydown", function (ev) {
      var m = markOf(ev);
      if (m && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); pin(m); }
      if (ev.key === "Escape" && pinned) { pinned.classList.remove("pinned"); pinned = null; hide(); }
    });

    // the table of rows, built here from the same JSON (the page carries each row once)
    var canon = rows.some(function (r) { return r.measure !== undefined; });
    var cols = [["metric", "metric"], ["region", "region"], ["period", "period"], ["written", "as written"],
                ["normalised", "normalised"], ["basis", "basis"], ["target", "target"]];
    var ccols = [["metric_id", "catalogue"], ["region_code", "region code"], ["dates", "dates"], ["measure", "measure"]];
    var table = document.getElementById("rows-table");
    var head = "<tr><th>kind</th>" + cols.concat(canon ? ccols : []).map(function (c) { return "<th>" + c[1] + "</th>"; }).join("") + "</tr>";
    table.tHead.innerHTML = head;
    var body = rows.map(function (r) {
      var f = fields(r), cells = cols.map(function (c) { return "<td>" + esc(f.main[c[0]] || "") + "</td>"; });
      if (canon) cells = cells.concat(ccols.map(function (c) { return "<td>" + esc((f.canon && f.canon[c[0]]) || "") + "</td>"; }));
      return '<tr data-row="' + esc(r.id) + '"><td><span class="zb k-' + r.kind + '">' + esc(KIND[r.kind]) + "</span></td>" + cells.join("") + "</tr>";
    });
    table.tBodies[0].innerHTML = body.join("");
    table.tBodies[0].addEventListener("click", function (ev) {
      var tr = ev.target.closest("tr[data-row]");
      if (!tr) return;
      var m = document.getElementById("i-" + tr.dataset.row);
      if (m) { m.scrollIntoView({ block: "center" }); m.focus({ preventScroll: true }); if (pinned !== m) pin(m); }
    });

    // the filter: one metric or one region, as written or as the catalogue names it
    var fm = document.getElementById("f-metric"), fr = document.getElementById("f-region"), count = document.getElementById("f-count");
    function options(select, written, canonical) {
      function add(label, values) {
        var keys = Object.keys(values).sort(function (a, b) { return values[b] - values[a] || (a < b ? -1 : 1); });
        if (!keys.length) return;
        var g = document.createElement("optgroup"); g.label = label;
        keys.forEach(function (k) { var o = document.createElement("option"); o.value = k; o.textContent = k.slice(2) + " (" + values[k] + ")"; g.appendChild(o); });
        select.appendChild(g);
      }
      var w = {}, c = {};
      rows.forEach(function (r) {
        var a = written(r), b = canonical(r);
        if (a) w["w:" + a] = (w["w:" + a] || 0) + 1;
        if (b) c["c:" + b] = (c["c:" + b] || 0) + 1;
      });
      add("as written", w); add("catalogue", c);
    }
    options(fm, function (r) { return r.metric; }, function (r) { return r.metric_name; });
    options(fr, function (r) { return r.region; }, function (r) { return r.region_name; });
    function hit(r, sel, written, canonical) {
      if (!sel) return true;
      return sel.slice(0, 2) === "w:" ? written(r) === sel.slice(2) : canonical(r) === sel.slice(2);
    }
    function apply() {
      var m = fm.value, g = fr.value, active = !!(m || g), n = 0;
      marks.forEach(function (mark) {
        var r = byId[mark.dataset.indicatorId] || {};
        var ok = hit(r, m, function (x) { return x.metric; }, function (x) { return x.metric_name; }) &&
                 hit(r, g, function (x) { return x.region; }, function (x) { return x.region_name; });
        mark.classList.toggle("dim", !ok);
        mark.classList.toggle("hit", ok && active);
        if (ok) n++;
      });
      document.querySelectorAll("article.art").forEach(function (art) {
        var any = false;
        art.querySelectorAll("p").forEach(function (p) {
          var has = p.querySelector("mark.hit") !== null;
          p.hidden = active && !has;
          any = any || has;
        });
        art.hidden = active && !any;
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var mark = document.getElementById("i-" + tr.dataset.row);
        tr.hidden = active && !(mark && mark.classList.contains("hit"));
      });
      count.textContent = active ? n + " of " + rows.length + " indicators" : "";
    }
    fm.addEventListener("change", apply);
    fr.addEventListener("change", apply);
  }

  function regionJump() {
    var s = document.getElementById("region-jump");
    if (s) s.addEventListener("change", function () { window.location.hash = s.value; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    tableFilter("batch-filter", "batches");
    tableFilter("doc-filter", "docs");
    tableFilter("metric-filter", "metrics");
    documentPage();
    regionJump();
  });
})();
