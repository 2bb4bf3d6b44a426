/* graphtool page script, shared by both renderers.
 *
 * It reads the data block (columns: see graphtool/visual/pagedata.py), keeps which
 * nodes and links are shown in typed arrays, and runs everything around the
 * drawing: legend filters, the time window (slider, play/pause, width, years or
 * months), search by name or alias, tooltips and the details panel, neighbourhood
 * highlighting, and the labels (the most central nodes whose labels fit, drawn on
 * a canvas of their own). The drawing itself is done by window.GraphtoolDraw, set
 * by draw-vis.js (vis-network) or draw-webgl.js (sigma.js): it is told which items
 * changed and calls back on hover, click and after each frame.
 *
 * Everything is built with textContent, never innerHTML, so names cannot inject
 * markup. window.graphtool exposes the pieces for tests, benchmarks and the console.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graphtool-data").textContent);
  var meta = data.meta;
  var ND = data.nodes, ED = data.edges, VD = data.events;
  var N = ND.id.length, M = ED.src.length, K = VD.id.length;
  var NONE = -2147483648;  // no date
  var TIP_ROWS = 10;
  var FADE_MS = 350;

  /* ---------------------------------------------------------------- model */

  var src = Int32Array.from(ED.src), dst = Int32Array.from(ED.dst);
  var etype = Uint16Array.from(ED.type), ngroup = Uint16Array.from(ND.group);
  var degree = new Int32Array(N);
  for (var e = 0; e < M; e++) { degree[src[e]]++; degree[dst[e]]++; }
  // Adjacency (CSR): the links of node i are adjEdge[adjOff[i] .. adjOff[i + 1]].
  var adjOff = new Int32Array(N + 1), adjEdge = new Int32Array(2 * M);
  for (var i = 0; i < N; i++) adjOff[i + 1] = adjOff[i] + degree[i];
  var fill = adjOff.slice(0, N);
  for (e = 0; e < M; e++) { adjEdge[fill[src[e]]++] = e; adjEdge[fill[dst[e]]++] = e; }
  fill = null;
  // Events behind each link (CSR), their kinds and months.
  var evOff = new Int32Array(M + 1), evCount = 0;
  for (e = 0; e < M; e++) {
    var ev = ED.ev[e];
    evCount += ev === null ? 0 : typeof ev === "number" ? 1 : ev.length;
    evOff[e + 1] = evCount;
  }
  var evList = new Int32Array(evCount);
  for (e = 0; e < M; e++) {
    ev = ED.ev[e];
    if (ev === null) continue;
    if (typeof ev === "number") evList[evOff[e]] = ev;
    else for (var j = 0; j < ev.length; j++) evList[evOff[e] + j] = ev[j];
  }
  var evKind = Int16Array.from(VD.kind);
  var evT0 = new Int32Array(K), evT1 = new Int32Array(K);
  for (var k = 0; k < K; k++) {
    evT0[k] = VD.t0[k] === null ? NONE : VD.t0[k];
    evT1[k] = VD.t1[k] === null ? NONE : VD.t1[k];
  }
  var nodeT0 = new Int32Array(N).fill(NONE), nodeT1 = new Int32Array(N).fill(NONE);
  ND.time.forEach(function (t) { nodeT0[t[0]] = t[1]; nodeT1[t[0]] = t[2]; });
  var edgeT0 = new Int32Array(M).fill(NONE), edgeT1 = new Int32Array(M).fill(NONE);
  ED.time.forEach(function (t) { edgeT0[t[0]] = t[1]; edgeT1[t[0]] = t[2]; });
  var idIndex = new Map();
  for (i = 0; i < N; i++) idIndex.set(ND.id[i], i);
  var sparse = function (rows) { var m = new Map(); rows.forEach(function (r) { m.set(r[0], r[1]); }); return m; };
  var nodeInfo = sparse(ND.info), edgeRole = sparse(ED.role), edgeSince = sparse(ED.since);
  var edgeCite = sparse(ED.cite), eventRoles = sparse(VD.roles);
  var rank = new Int32Array(N);  // 0 = most central
  for (i = 0; i < N; i++) rank[ND.order[i]] = i;

  var nodeOn = new Uint8Array(N).fill(1), edgeOn = new Uint8Array(M).fill(1);
  var keepNode = null, keepEdge = null, centre = -1;  // neighbourhood highlight

  var model = {
    N: N, M: M, meta: meta, options: data.options || null,
    ids: ND.id, names: ND.name, x: Float32Array.from(ND.x), y: Float32Array.from(ND.y),
    size: Float32Array.from(ND.size), group: ngroup, src: src, dst: dst, type: etype,
    weight: Float64Array.from(ED.weight), degree: degree, rank: rank,
    nodeOn: nodeOn, edgeOn: edgeOn
  };
  model.width = new Float32Array(M);
  for (e = 0; e < M; e++) model.width[e] = Math.min(1 + 1.5 * Math.log2(Math.max(model.weight[e], 1)), 8);

  var api = {
    meta: meta, model: model, drawn: false, drawMs: null, renderer: meta.renderer,
    frames: 0, nodeOn: nodeOn, edgeOn: edgeOn
  };
  window.graphtool = api;

  /* ---------------------------------------------------------------- cards */

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = String(text);
    return x;
  }

  function fmt(v) {
    if (typeof v !== "number") return String(v);
    if (Number.isInteger(v)) return v.toLocaleString("en");
    var a = Math.abs(v);
    return a !== 0 && (a < 0.001 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  }

  function citations(flat) {
    var out = [];
    for (var c = 0; c + 1 < (flat || []).length; c += 2) out.push([meta.docs[flat[c]], flat[c + 1]]);
    return out;
  }

  function citeList(parent, cites, limit) {
    if (!cites.length) return;
    var ul = el("ul");
    var shown = limit ? cites.slice(0, limit) : cites;
    shown.forEach(function (c) { ul.appendChild(el("li", "cite", c[1] ? c[0] + " — " + c[1] : c[0])); });
    if (shown.length < cites.length) ul.appendChild(el("li", "cite", "… and " + (cites.length - shown.length) + " more"));
    parent.appendChild(ul);
  }

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, value));
  }

  function monthText(t) {
    if (t === NONE) return "";
    return Math.floor(t / 12) + "-" + String(t % 12 + 1).padStart(2, "0");
  }

  function nodeCard(n, full) {
    var g = meta.groups[ngroup[n]];
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", ND.name[n]));
    box.appendChild(el("div", "tip-sub", [g.label, g.kind].filter(Boolean).join(" · ")));
    var dl = el("dl");
    if (ND.aliases[n].length) row(dl, "aliases", ND.aliases[n].join("; "));
    var info = nodeInfo.get(n);
    if (info) Object.keys(info).forEach(function (f) { row(dl, f.replace("_", " "), info[f]); });
    meta.measures.forEach(function (m) {
      var v = ND.measures[m][n];
      if (v !== null && v !== undefined) row(dl, m, fmt(v));
    });
    row(dl, "links", degree[n]);
    box.appendChild(dl);
    var cites = citations(ND.cite[n]);
    if (cites.length) {
      box.appendChild(el("h3", null, "Citations"));
      citeList(box, cites, full ? 0 : TIP_ROWS);
    }
    return box;
  }

  function edgeCard(e, full) {
    var box = el("div", "tip");
    var a = src[e], b = dst[e];
    box.appendChild(el("div", "tip-title", ND.name[a] + " — " + ND.name[b]));
    var sub = meta.types[etype[e]].name.replace(/_/g, " ").toLowerCase();
    if (edgeRole.has(e)) sub += " (" + edgeRole.get(e) + ")";
    box.appendChild(el("div", "tip-sub", sub));
    var dl = el("dl");
    row(dl, "weight", fmt(model.weight[e]));
    if (edgeT0[e] !== NONE && !edgeSince.has(e)) {
      var y0 = Math.floor(edgeT0[e] / 12), y1 = Math.floor(edgeT1[e] / 12);
      row(dl, "year", y0 === y1 ? y0 : y0 + "–" + y1);
    }
    row(dl, "since", edgeSince.get(e));
    box.appendChild(dl);
    var count = evOff[e + 1] - evOff[e];
    if (count) {
      box.appendChild(el("h3", null, count === 1 ? "1 event" : count + " events"));
      var ul = el("ul");
      var shown = full ? count : Math.min(count, TIP_ROWS);
      for (var j = 0; j < shown; j++) {
        var k = evList[evOff[e] + j];
        var li = el("li", "event");
        var kind = evKind[k] >= 0 ? meta.eventKinds[evKind[k]] : "";
        var facts = [kind, VD.date[k], VD.place[k]].filter(Boolean).join(", ");
        li.appendChild(el("div", null, (VD.name[k] || VD.id[k]) + (facts ? " (" + facts + ")" : "")));
        var roles = eventRoles.get(k);
        if (roles) {
          var text = [a, b].filter(function (n) { return roles[ND.id[n]] && roles[ND.id[n]].length; })
            .map(function (n) { return ND.name[n] + ": " + roles[ND.id[n]].join(", "); });
          if (text.length) li.appendChild(el("div", "cite", text.join("; ")));
        }
        citeList(li, citations(VD.cite[k]), full ? 0 : 3);
        ul.appendChild(li);
      }
      if (shown < count) ul.appendChild(el("li", "cite", "… and " + (count - shown) + " more (click the link to see all)"));
      box.appendChild(ul);
    }
    var cites = citations(edgeCite.get(e));
    if (cites.length) {
      box.appendChild(el("h3", null, "Citations"));
      citeList(box, cites, full ? 0 : TIP_ROWS);
    }
    return box;
  }

  /* -------------------------------------------------------------- tooltip */

  var container = document.getElementById("network");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var mouse = { x: 0, y: 0 };
  var hovered = -1;
  container.addEventListener("mousemove", function (ev) {
    mouse.x = ev.clientX;
    mouse.y = ev.clientY;
    if (!tooltip.hidden) place();
  });
  function place() {
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var x = mouse.x + 14, y = mouse.y + 14;
    if (x + w > window.innerWidth - 4) x = Math.max(4, mouse.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, window.innerHeight - h - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function showTip(card) {
    tooltip.replaceChildren(card);
    tooltip.hidden = false;
    place();
  }
  function hideTip() { tooltip.hidden = true; }

  function showDetails(card) {
    if (!card) { details.hidden = true; details.replaceChildren(); return; }
    details.replaceChildren(card);
    details.hidden = false;
  }

  /* ------------------------------------------------------------ highlight */

  function clearHighlight() {
    if (centre < 0) return;
    centre = -1;
    keepNode = keepEdge = null;
    draw.highlight(null, null, -1);
  }

  function highlight(n) {
    keepNode = new Uint8Array(N);
    keepEdge = new Uint8Array(M);
    keepNode[n] = 1;
    for (var j = adjOff[n]; j < adjOff[n + 1]; j++) {
      var e = adjEdge[j];
      keepEdge[e] = 1;
      keepNode[src[e]] = 1;
      keepNode[dst[e]] = 1;
    }
    centre = n;
    draw.highlight(keepNode, keepEdge, n);
  }

  /* ---------------------------------------------------------------- time */

  var T = meta.time;
  var time = null;
  if (T) {
    time = {
      unit: "year", months: T.months, lo: T.years[0], hi: T.years[1],
      from: T.years[0], to: T.years[1], playing: null
    };
  }
  var inputFrom = document.getElementById("year-from"), inputTo = document.getElementById("year-to");
  var slider = document.getElementById("time-slider"), widthBox = document.getElementById("time-width");
  var playButton = document.getElementById("time-play"), unitBox = document.getElementById("time-unit");

  function periodText(p) {
    return time.unit === "year" ? String(p) : Math.floor(p / 12) + "-" + String(p % 12 + 1).padStart(2, "0");
  }
  function parsePeriod(text, fallback) {
    var m = /^\s*(\d{4})(?:-(\d{1,2}))?\s*$/.exec(String(text));
    if (!m) return fallback;
    var y = parseInt(m[1], 10);
    if (time.unit === "year") return y;
    return y * 12 + (m[2] ? parseInt(m[2], 10) - 1 : 0);
  }
  // The window in months, or null when it covers everything (no time filtering).
  function windowMonths() {
    if (!time || (time.from <= time.lo && time.to >= time.hi)) return null;
    return time.unit === "year" ? [time.from * 12, time.to * 12 + 11] : [time.from, time.to];
  }
  function showTime() {
    if (!time) return;
    var width = time.to - time.from + 1;
    inputFrom.value = periodText(time.from);
    inputTo.value = periodText(time.to);
    slider.min = time.lo;
    slider.max = Math.max(time.lo, time.hi - width + 1);
    slider.value = time.from;
    widthBox.max = time.hi - time.lo + 1;
    widthBox.value = width;
    document.getElementById("time-width-unit").textContent = time.unit === "year" ? (width === 1 ? "year" : "years") : (width === 1 ? "month" : "months");
  }
  function setWindow(from, to) {
    if (!time) return null;
    from = Math.max(time.lo, Math.min(from, time.hi));
    to = Math.max(from, Math.min(to, time.hi));
    time.from = from;
    time.to = to;
    showTime();
    return applyFilters();
  }
  function setUnit(unit) {
    if (!time || unit === time.unit) return;
    // The window in months, whichever unit it is in now (the whole range when full).
    var w = windowMonths() || [T.years[0] * 12, T.years[1] * 12 + 11];
    time.unit = unit;
    if (unit === "month") {
      time.lo = T.years[0] * 12; time.hi = T.years[1] * 12 + 11;
      inputFrom.type = inputTo.type = "month";
      setWindow(w[0], w[1]);
    } else {
      time.lo = T.years[0]; time.hi = T.years[1];
      inputFrom.type = inputTo.type = "number";
      setWindow(Math.floor(w[0] / 12), Math.floor(w[1] / 12));
    }
  }
  function step(by) {
    if (!time) return null;
    var width = time.to - time.from;
    var from = time.from + (by || 1);
    if (from + width > time.hi) from = time.hi - width;
    if (from < time.lo) from = time.lo;
    return setWindow(from, from + width);
  }
  function play() {
    if (!time || time.playing) return;
    if (time.from <= time.lo && time.to >= time.hi) {
      // The whole range leaves nothing to move through: start with a tenth of it.
      var span = time.hi - time.lo + 1;
      setWindow(time.lo, time.lo + Math.max(1, Math.ceil(span / 10)) - 1);
    } else if (time.to >= time.hi) {
      setWindow(time.lo, time.lo + time.to - time.from);
    }
    time.playing = setInterval(function () {
      if (time.to >= time.hi) { pause(); return; }
      step(1);
    }, time.unit === "year" ? 1000 : 450);
    playButton.textContent = "❚❚ Pause";
    playButton.setAttribute("aria-pressed", "true");
  }
  function pause() {
    if (!time || !time.playing) return;
    clearInterval(time.playing);
    time.playing = null;
    playButton.textContent = "▶ Play";
    playButton.setAttribute("aria-pressed", "false");
  }
  if (time) {
    inputFrom.addEventListener("change", function () { setWindow(parsePeriod(inputFrom.value, time.from), time.to); });
    inputTo.addEventListener("change", function () { setWindow(time.from, parsePeriod(inputTo.value, time.to)); });
    slider.addEventListener("input", function () {
      var from = parseInt(slider.value, 10);
      setWindow(from, from + time.to - time.from);
    });
    widthBox.addEventListener("change", function () {
      var width = Math.max(1, parseInt(widthBox.value, 10) || 1);
      var from = time.from;
      if (from + width - 1 > time.hi) from = Math.max(time.lo, time.hi - width + 1);
      setWindow(from, from + width - 1);
    });
    playButton.addEventListener("click", function () { if (time.playing) pause(); else play(); });
    if (unitBox) unitBox.addEventListener("change", function () { setUnit(unitBox.value); });
    showTime();
  }

  /* -------------------------------------------------------------- filters */

  var statusBox = document.getElementById("status");
  var countsBox = document.getElementById("counts");
  function status(text, warn) {
    statusBox.textContent = text || "";
    statusBox.style.color = warn ? "#a33" : "#666";
  }

  function checked(kind, names) {
    var on = new Uint8Array(names.length), all = true;
    var position = new Map();
    names.forEach(function (name, ix) { position.set(name, ix); });
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (b) {
      var ix = position.get(b.value);
      if (ix === undefined) return;
      if (b.checked) on[ix] = 1; else all = false;
    });
    return { on: on, all: all };
  }

  var shown = { nodes: N, edges: M };
  // applyFilters' working arrays, made once: at 100,000 nodes fresh ones each time were
  // megabytes of garbage per click (the drawing only reads the changed lists).
  var scratch = null;
  function applyFilters(animate) {
    var groups = checked("group", meta.groups.map(function (g) { return g.key; }));
    var types = checked("type", meta.types.map(function (t) { return t.name; }));
    var kinds = checked("eventKind", meta.eventKinds);
    var win = windowMonths(), w0 = win ? win[0] : 0, w1 = win ? win[1] : 0;
    var hideOrphans = document.getElementById("hide-orphans").checked;
    if (!scratch) scratch = { base: new Uint8Array(N), live: new Uint8Array(N), nodes: new Int32Array(N), edges: new Int32Array(M) };
    var base = scratch.base, live = scratch.live.fill(0), changedNodes = scratch.nodes, changedEdges = scratch.edges;
    var i, e, j;
    for (i = 0; i < N; i++) {
      base[i] = groups.on[ngroup[i]] && (!win || nodeT0[i] === NONE || (nodeT0[i] <= w1 && nodeT1[i] >= w0)) ? 1 : 0;
    }
    var anyEvent = kinds.all && !win;
    var cn = 0, ce = 0, ne = 0, nn = 0;
    for (e = 0; e < M; e++) {
      var ok = types.on[etype[e]] && base[src[e]] && base[dst[e]];
      if (ok) {
        if (evOff[e + 1] > evOff[e]) {
          if (!anyEvent) {
            ok = 0;
            for (j = evOff[e]; j < evOff[e + 1]; j++) {
              var k = evList[j];
              if ((evKind[k] < 0 || kinds.on[evKind[k]]) &&
                  (!win || evT0[k] === NONE || (evT0[k] <= w1 && evT1[k] >= w0))) { ok = 1; break; }
            }
          }
        } else if (win && edgeT0[e] !== NONE) {
          ok = edgeT0[e] <= w1 && edgeT1[e] >= w0 ? 1 : 0;
        }
      }
      ok = ok ? 1 : 0;
      if (ok) { live[src[e]] = 1; live[dst[e]] = 1; ne++; }
      if (ok !== edgeOn[e]) { edgeOn[e] = ok; changedEdges[ce++] = e; }
    }
    for (i = 0; i < N; i++) {
      var v = base[i] && (!hideOrphans || degree[i] === 0 || live[i]) ? 1 : 0;
      if (v) nn++;
      if (v !== nodeOn[i]) { nodeOn[i] = v; changedNodes[cn++] = i; }
    }
    shown = { nodes: nn, edges: ne };
    if (cn || ce) draw.setVisible(changedNodes.subarray(0, cn), changedEdges.subarray(0, ce), animate !== false);
    showCounts();
    if (centre >= 0 && !nodeOn[centre]) { clearHighlight(); showDetails(null); }
    return { nodes: nn, edges: ne };
  }
  api.applyFilters = applyFilters;

  // Set by the WebGL drawing when it draws only the strongest links in view.
  var linksDrawn = null;
  function countsText() {
    return shown.nodes.toLocaleString("en") + (shown.nodes === 1 ? " node · " : " nodes · ") +
      shown.edges.toLocaleString("en") + (shown.edges === 1 ? " link" : " links") + " in view" +
      (shown.nodes === N && shown.edges === M ? "" : " (of " + N.toLocaleString("en") + " and " + M.toLocaleString("en") + ")") +
      (linksDrawn ? " · showing the " + linksDrawn[0].toLocaleString("en") + " strongest links of " +
        linksDrawn[1].toLocaleString("en") + " on screen; zoom in for more" : "");
  }
  function showCounts() {
    countsBox.textContent = countsText();
    status("");
  }

  document.querySelectorAll("input[data-filter], #hide-orphans").forEach(function (b) {
    b.addEventListener("change", function () { applyFilters(); });
  });

  document.getElementById("reset").addEventListener("click", function () {
    pause();
    document.querySelectorAll("input[data-filter], #hide-orphans").forEach(function (b) { b.checked = true; });
    if (time) {
      if (unitBox) { unitBox.value = "year"; setUnit("year"); }
      time.from = time.lo; time.to = time.hi; showTime();
    }
    applyFilters();
    clearHighlight();
    showDetails(null);
    draw.fit();
  });

  /* --------------------------------------------------------------- search */

  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  var active = -1;
  var lowNames = null, lowAliases = null;

  function search(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return [];
    if (!lowNames) {
      lowNames = ND.name.map(function (s) { return s.toLowerCase(); });
      lowAliases = ND.aliases.map(function (list) { return list.map(function (s) { return s.toLowerCase(); }); });
    }
    var found = [];
    for (var n = 0; n < N; n++) {
      var name = lowNames[n], rk = -1, via = null;
      var at = name.indexOf(q);
      if (ND.id[n].toLowerCase() === q || name === q) rk = 0;
      else if (at === 0) rk = 1;
      else if (at > 0) rk = 2;
      if (rk < 0) {
        var al = lowAliases[n];
        for (var a = 0; a < al.length; a++) {
          var pos = al[a].indexOf(q);
          var r = al[a] === q ? 0 : pos === 0 ? 3 : pos > 0 ? 4 : -1;
          if (r >= 0 && (rk < 0 || r < rk)) { rk = r; via = ND.aliases[n][a]; }
        }
      }
      if (rk >= 0) found.push({ n: n, rank: rk, via: via });
    }
    found.sort(function (a, b) {
      var an = ND.name[a.n], bn = ND.name[b.n];
      return a.rank - b.rank || model.size[b.n] - model.size[a.n] || (an < bn ? -1 : an > bn ? 1 : 0);
    });
    return found.slice(0, 12);
  }
  api.search = function (q) { return search(q).map(function (r) { return ND.id[r.n]; }); };

  function showResults(list) {
    active = list.length ? 0 : -1;
    results.replaceChildren.apply(results, list.map(function (r, ix) {
      var li = el("li", ix === 0 ? "active" : null, ND.name[r.n]);
      li.setAttribute("role", "option");
      li.dataset.id = ND.id[r.n];
      if (r.via) li.appendChild(el("span", "alias", "  alias: " + r.via));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(r.n); });
      return li;
    }));
  }

  function choose(n) {
    results.replaceChildren();
    searchBox.value = ND.name[n];
    focusNode(n);
  }

  function focusNode(n) {
    if (n === undefined || n < 0) return false;
    if (!nodeOn[n]) {
      status(ND.name[n] + " is hidden by the filters or the time window; 'Reset view and filters' shows it.", true);
      return false;
    }
    status("");
    highlight(n);
    showDetails(nodeCard(n, true));
    draw.focus(n);
    return true;
  }
  api.focus = function (id) { return focusNode(idIndex.get(id)); };

  searchBox.addEventListener("input", function () { showResults(search(searchBox.value)); });
  searchBox.addEventListener("keydown", function (ev) {
    var items = results.children;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      if (active >= 0) items[active].className = "";
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[active].className = "active";
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (active >= 0 && items[active]) choose(idIndex.get(items[active].dataset.id));
      else status("No node matches '" + searchBox.value + "'.", true);
    } else if (ev.key === "Escape") {
      results.replaceChildren();
    }
  });
  searchBox.addEventListener("blur", function () { results.replaceChildren(); });

  /* --------------------------------------------------------------- labels */

  // Labels are placed after every frame: candidates in order of centrality, each
  // tried below, right, left and above its node, kept only where it overlaps no
  // label already placed nor a node already labelled (a grid of placed boxes keeps
  // the test cheap), until meta.labels are placed. The hovered node, and the
  // highlighted node and its neighbours, come first.
  var labelCanvas = document.getElementById("labels");
  var lctx = labelCanvas.getContext("2d");
  var FONT_PX = 12, FONT = "600 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var textWidth = new Float32Array(N).fill(-1);
  var labelBoxes = [];
  var MAX_TRIED = 6000;

  function drawLabels() {
    var w = container.clientWidth, h = container.clientHeight, dpr = window.devicePixelRatio || 1;
    if (labelCanvas.width !== Math.round(w * dpr) || labelCanvas.height !== Math.round(h * dpr)) {
      labelCanvas.width = Math.round(w * dpr);
      labelCanvas.height = Math.round(h * dpr);
      labelCanvas.style.width = w + "px";
      labelCanvas.style.height = h + "px";
    }
    lctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    lctx.clearRect(0, 0, w, h);
    labelBoxes = [];
    var limit = meta.labels;
    if (limit <= 0 && centre < 0 && hovered < 0) return;
    var view = draw && draw.view();
    if (!view) return;
    lctx.font = FONT;
    var cell = 64, grid = new Map();
    var collides = function (b) {
      var x0 = Math.floor(b[0] / cell), x1 = Math.floor((b[0] + b[2]) / cell);
      var y0 = Math.floor(b[1] / cell), y1 = Math.floor((b[1] + b[3]) / cell);
      for (var gx = x0; gx <= x1; gx++) for (var gy = y0; gy <= y1; gy++) {
        var list = grid.get(gx * 100003 + gy);
        if (!list) continue;
        for (var q = 0; q < list.length; q++) {
          var o = list[q];
          if (b[0] < o[0] + o[2] && o[0] < b[0] + b[2] && b[1] < o[1] + o[3] && o[1] < b[1] + b[3]) return true;
        }
      }
      return false;
    };
    var add = function (b) {
      var x0 = Math.floor(b[0] / cell), x1 = Math.floor((b[0] + b[2]) / cell);
      var y0 = Math.floor(b[1] / cell), y1 = Math.floor((b[1] + b[3]) / cell);
      for (var gx = x0; gx <= x1; gx++) for (var gy = y0; gy <= y1; gy++) {
        var key = gx * 100003 + gy, list = grid.get(key);
        if (!list) grid.set(key, list = []);
        list.push(b);
      }
    };
    var p = [0, 0, 0];
    var tryNode = function (n, force) {
      if (!view.pos(n, p)) return false;
      if (!force && (p[0] < 0 || p[0] > w || p[1] < 0 || p[1] > h)) return false;
      if (textWidth[n] < 0) textWidth[n] = lctx.measureText(ND.name[n]).width;
      var tw = textWidth[n] + 4, th = FONT_PX + 4, r = p[2];
      var spots = [
        [p[0] - tw / 2, p[1] + r + 1], [p[0] + r + 2, p[1] - th / 2],
        [p[0] - r - 2 - tw, p[1] - th / 2], [p[0] - tw / 2, p[1] - r - 1 - th]
      ];
      for (var s = 0; s < spots.length; s++) {
        var b = [spots[s][0], spots[s][1], tw, th, n];
        if (b[0] < 0 || b[1] < 0 || b[0] + tw > w || b[1] + th > h) { if (!force) continue; }
        if (!collides(b)) {
          add(b);
          labelBoxes.push(b);
          // A labelled node keeps later labels off itself, so each label stays by its node.
          if (r >= 3) add([p[0] - r, p[1] - r, 2 * r, 2 * r, -1]);
          return true;
        }
      }
      return false;
    };
    if (hovered >= 0 && nodeOn[hovered]) tryNode(hovered, true);
    if (centre >= 0) {
      tryNode(centre, true);
      var around = [];
      for (var j = adjOff[centre]; j < adjOff[centre + 1]; j++) {
        var e = adjEdge[j], m = src[e] === centre ? dst[e] : src[e];
        if (nodeOn[m]) around.push(m);
      }
      around.sort(function (a, b) { return rank[a] - rank[b]; });
      for (j = 0; j < around.length && labelBoxes.length < Math.max(limit, 12); j++) tryNode(around[j], false);
    } else {
      var tried = 0;
      for (var o = 0; o < N && labelBoxes.length < limit && tried < MAX_TRIED; o++) {
        var n = ND.order[o];
        if (!nodeOn[n] || n === hovered) continue;
        tried++;
        tryNode(n, false);
      }
    }
    lctx.lineJoin = "round";
    lctx.textBaseline = "middle";
    lctx.lineWidth = 3;
    lctx.strokeStyle = "rgba(255,255,255,0.92)";
    lctx.fillStyle = "#222";
    labelBoxes.forEach(function (b) {
      lctx.strokeText(ND.name[b[4]], b[0] + 2, b[1] + b[3] / 2);
      lctx.fillText(ND.name[b[4]], b[0] + 2, b[1] + b[3] / 2);
    });
  }
  api.labelBoxes = function () {
    return labelBoxes.map(function (b) { return { id: ND.id[b[4]], x: b[0], y: b[1], w: b[2], h: b[3] }; });
  };

  /* -------------------------------------------------------------- drawing */

  var frameWaiters = [];
  var draw = null;
  draw = window.GraphtoolDraw({
    container: container,
    model: model,
    fadeMs: FADE_MS,
    onHover: function (kind, ix) {
      if (kind === "node") {
        hovered = ix;
        showTip(nodeCard(ix, false));
      } else if (kind === "edge") {
        hovered = -1;
        showTip(edgeCard(ix, false));
      } else {
        hovered = -1;
        hideTip();
      }
      drawLabels();
    },
    onClick: function (kind, ix) {
      if (kind === "node") {
        highlight(ix);
        showDetails(nodeCard(ix, true));
      } else if (kind === "edge") {
        clearHighlight();
        showDetails(edgeCard(ix, true));
      } else {
        clearHighlight();
        showDetails(null);
      }
    },
    onMove: hideTip,
    onLinks: function (drawn, inView) {
      var next = drawn < inView ? [drawn, inView] : null;
      if (String(next) === String(linksDrawn)) return;
      linksDrawn = next;
      // Only the counts: a zoom must not clear what the status line says.
      if (draw) countsBox.textContent = countsText();
    },
    onFrame: function () {
      if (!draw) return;
      drawLabels();
      api.frames++;
      if (!api.drawn) {
        api.drawn = true;
        api.drawMs = performance.now();
        document.body.setAttribute("data-drawn", "1");
        // Inside a notebook's iframe, tell the notebook the page is up.
        if (window.parent !== window) {
          try { window.parent.postMessage({ graphtool: "drawn", frames: api.frames }, "*"); } catch (err) { /* ignored */ }
        }
      }
      var waiting = frameWaiters;
      frameWaiters = [];
      waiting.forEach(function (f) { f(); });
    }
  });
  api.draw = draw;
  showCounts();

  /* ------------------------------------------------ for tests and benches */

  api.visibleIds = function () {
    var out = [];
    for (var n = 0; n < N; n++) if (nodeOn[n]) out.push(ND.id[n]);
    return out.sort();
  };
  api.visibleEdges = function () { var c = 0; for (var e = 0; e < M; e++) c += edgeOn[e]; return c; };
  api.isDimmed = function (id) { var n = idIndex.get(id); return centre >= 0 && !keepNode[n]; };
  api.highlighted = function () { return centre >= 0 ? ND.id[centre] : null; };
  api.nodeScreen = function (id) {
    var v = draw.view(), p = [0, 0, 0], box = container.getBoundingClientRect();
    if (!v || !v.pos(idIndex.get(id), p)) return null;
    return { x: box.left + p[0], y: box.top + p[1], r: p[2] };
  };
  api.setWindow = function (from, to) { return setWindow(parsePeriod(from, time ? time.from : 0), parsePeriod(to, time ? time.to : 0)); };
  api.setUnit = setUnit;
  api.step = step;
  api.play = play;
  api.pause = pause;
  api.time = function () { return time && { unit: time.unit, from: time.from, to: time.to, lo: time.lo, hi: time.hi, playing: !!time.playing }; };
  api.monthText = monthText;
  // Resolve after the next frame the drawing reports, with the GPU work done.
  api.nextFrame = function () {
    return new Promise(function (resolve) {
      frameWaiters.push(function () { draw.sync(); resolve(); });
      draw.redraw();
    });
  };
  // Milliseconds from running action() until the frame that shows it is drawn
  // (with the GPU's work done). With canvas false (an answer that is all in the
  // panel, as search), until the next paint of the page instead.
  api.latency = function (action, canvas) {
    return new Promise(function (resolve) {
      var t0 = performance.now();
      if (canvas === false) {
        action();
        requestAnimationFrame(function () { setTimeout(function () { resolve(performance.now() - t0); }, 0); });
        return;
      }
      var waiter = function () { draw.sync(); resolve(performance.now() - t0); };
      frameWaiters.push(waiter);
      action();
      // Nothing drawn yet: ask for the frame (joins one the action has scheduled).
      if (frameWaiters.indexOf(waiter) >= 0) draw.redraw();
    });
  };
})();
