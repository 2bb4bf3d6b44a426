/* graphtool page script: draws the network with vis-network and adds what
 * vis-network does not offer itself: rich tooltips built from the embedded data
 * (vis 9 shows string titles as plain text), legend checkboxes and a year range as
 * DataView filters, search by name or alias, and neighbourhood highlighting.
 * Everything is built with textContent, never innerHTML, so names cannot inject
 * markup. window.graphtool exposes the pieces for tests and the console. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graphtool-data").textContent);
  var meta = data.meta;
  var edgeStyles = meta.edgeStyles || {};
  var events = data.events || {};
  var DIM_NODE = { background: "#e6e6e6", border: "#d0d0d0" };
  var DIM_EDGE = "rgba(200,200,200,0.35)";
  var TIP_ROWS = 10;

  var byId = Object.create(null);
  var degree = Object.create(null);
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    degree[n.id] = 0;
  });
  var edgeById = Object.create(null);
  data.edges.forEach(function (e) {
    var s = edgeStyles[e.type] || { color: "#999999", dashes: false };
    e.color = { color: s.color, highlight: "#222222", hover: "#444444" };
    e.dashes = s.dashes || false;
    edgeById[e.id] = e;
    degree[e.from] += 1;
    degree[e.to] += 1;
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var visibleNode = Object.create(null);
  var visibleEdge = Object.create(null);
  data.nodes.forEach(function (n) { visibleNode[n.id] = true; });
  data.edges.forEach(function (e) { visibleEdge[e.id] = true; });
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNode[n.id] === true; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdge[e.id] === true; } });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  var api = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    meta: meta, drawn: false, drawMs: null,
    visibleNode: visibleNode, visibleEdge: visibleEdge
  };
  window.graphtool = api;
  network.once("afterDrawing", function () {
    api.drawn = true;
    api.drawMs = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });
  network.fit({ animation: false });

  /* ---------------------------------------------------------------- cards */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmt(v) {
    if (typeof v !== "number") return String(v);
    if (Number.isInteger(v)) return v.toLocaleString("en");
    var a = Math.abs(v);
    return a !== 0 && (a < 0.001 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  }

  function citeList(parent, cites, limit) {
    if (!cites || !cites.length) return;
    var ul = el("ul");
    var shown = limit ? cites.slice(0, limit) : cites;
    shown.forEach(function (c) {
      ul.appendChild(el("li", "cite", c[1] ? c[0] + " — " + c[1] : c[0]));
    });
    if (shown.length < cites.length) ul.appendChild(el("li", "cite", "… and " + (cites.length - shown.length) + " more"));
    parent.appendChild(ul);
  }

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, value));
  }

  function nodeCard(n, full) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", n.name));
    box.appendChild(el("div", "tip-sub", [n.nodeLabel, n.kind].filter(Boolean).join(" · ")));
    var dl = el("dl");
    if (n.aliases) row(dl, "aliases", n.aliases.join("; "));
    if (n.info) Object.keys(n.info).forEach(function (k) { row(dl, k.replace("_", " "), n.info[k]); });
    if (n.measures) Object.keys(n.measures).forEach(function (k) { row(dl, k, fmt(n.measures[k])); });
    row(dl, "links", degree[n.id]);
    box.appendChild(dl);
    if (n.citations && n.citations.length) {
      box.appendChild(el("h3", null, "Citations"));
      citeList(box, n.citations, full ? 0 : TIP_ROWS);
    }
    return box;
  }

  function edgeCard(e, full) {
    var box = el("div", "tip");
    var a = byId[e.from], b = byId[e.to];
    box.appendChild(el("div", "tip-title", (a ? a.name : e.from) + " — " + (b ? b.name : e.to)));
    var sub = e.type.replace(/_/g, " ").toLowerCase();
    if (e.role) sub += " (" + e.role + ")";
    box.appendChild(el("div", "tip-sub", sub));
    var dl = el("dl");
    row(dl, "weight", fmt(e.weight));
    row(dl, "year", e.year);
    box.appendChild(dl);
    if (e.since) row(dl, "since", e.since);
    if (e.events && e.events.length) {
      box.appendChild(el("h3", null, e.events.length === 1 ? "1 event" : e.events.length + " events"));
      var ul = el("ul");
      var shown = full ? e.events : e.events.slice(0, TIP_ROWS);
      shown.forEach(function (ref) {
        var ev = events[ref] || { name: ref };
        var li = el("li", "event");
        var facts = [ev.kind, ev.date, ev.place].filter(Boolean).join(", ");
        li.appendChild(el("div", null, (ev.name || ref) + (facts ? " (" + facts + ")" : "")));
        if (ev.roles) {
          var roles = [e.from, e.to].filter(function (id) { return ev.roles[id] && ev.roles[id].length; })
            .map(function (id) { return (byId[id] ? byId[id].name : id) + ": " + ev.roles[id].join(", "); });
          if (roles.length) li.appendChild(el("div", "cite", roles.join("; ")));
        }
        citeList(li, ev.citations, full ? 0 : 3);
        ul.appendChild(li);
      });
      if (shown.length < e.events.length) ul.appendChild(el("li", "cite", "… and " + (e.events.length - shown.length) + " more (click the link to see all)"));
      box.appendChild(ul);
    }
    if (e.citations && e.citations.length) {
      box.appendChild(el("h3", null, "Citations"));
      citeList(box, e.citations, full ? 0 : TIP_ROWS);
    }
    return box;
  }

  /* -------------------------------------------------------------- tooltip */

  var tooltip = document.getElementById("tooltip");
  var mouse = { x: 0, y: 0 };
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
  network.on("hoverNode", function (p) { showTip(nodeCard(byId[p.node], false)); });
  network.on("hoverEdge", function (p) { showTip(edgeCard(edgeById[p.edge], false)); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  /* ------------------------------------------------------------ highlight */

  var details = document.getElementById("details");
  var dimmed = null;   // ids of nodes currently dimmed, or null
  var dimmedEdges = null;

  function showDetails(card) {
    if (!card) { details.hidden = true; details.replaceChildren(); return; }
    details.replaceChildren(card);
    details.hidden = false;
  }

  function clearHighlight() {
    if (dimmed) {
      nodes.update(dimmed.map(function (id) {
        var n = byId[id];
        return { id: id, color: null, label: n.label === undefined ? "" : n.label };
      }));
      dimmed = null;
    }
    if (dimmedEdges) {
      edges.update(dimmedEdges.map(function (id) { return { id: id, color: edgeById[id].color }; }));
      dimmedEdges = null;
    }
  }

  // Above this many nodes, recolouring every other node takes seconds: the
  // neighbourhood is shown by selecting it instead (vis draws selected nodes and
  // their links emphasised).
  var DIM_MAX = 5000;

  function highlight(id) {
    clearHighlight();
    if (data.nodes.length > DIM_MAX) {
      network.selectNodes([id].concat(network.getConnectedNodes(id)), true);
      return;
    }
    var keep = Object.create(null);
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { keep[m] = true; });
    var updates = [], ids = [];
    data.nodes.forEach(function (n) {
      if (keep[n.id]) {
        if (n.label === undefined) updates.push({ id: n.id, label: n.name });
        ids.push(n.id);
      } else {
        updates.push({ id: n.id, color: DIM_NODE, label: "" });
        ids.push(n.id);
      }
    });
    nodes.update(updates);
    dimmed = ids;
    if (data.edges.length <= 3 * DIM_MAX) {
      var eu = [], eids = [];
      data.edges.forEach(function (e) {
        if (e.from !== id && e.to !== id) { eu.push({ id: e.id, color: { color: DIM_EDGE, highlight: DIM_EDGE } }); eids.push(e.id); }
      });
      edges.update(eu);
      dimmedEdges = eids;
    }
  }

  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(nodeCard(byId[p.nodes[0]], true));
    } else if (p.edges.length) {
      clearHighlight();
      showDetails(edgeCard(edgeById[p.edges[0]], true));
    } else {
      clearHighlight();
      showDetails(null);
    }
  });

  /* -------------------------------------------------------------- filters */

  var statusBox = document.getElementById("status");
  function status(text, warn) {
    statusBox.textContent = text || "";
    statusBox.style.color = warn ? "#a33" : "#666";
  }

  function checked(kind) {
    var set = Object.create(null), all = true;
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (b) {
      if (b.checked) set[b.value] = true; else all = false;
    });
    return { set: set, all: all };
  }

  function yearBounds() {
    var y = meta.years;
    if (!y) return null;
    var from = parseInt(document.getElementById("year-from").value, 10);
    var to = parseInt(document.getElementById("year-to").value, 10);
    if (isNaN(from)) from = y[0];
    if (isNaN(to)) to = y[1];
    if (from <= y[0] && to >= y[1]) return null;
    return [from, to];
  }

  function applyFilters() {
    var groups = checked("group"), types = checked("type"), kinds = checked("eventKind");
    var years = yearBounds();
    var hideOrphans = document.getElementById("hide-orphans").checked;
    var inYears = function (y) { return !years || y === undefined || (y >= years[0] && y <= years[1]); };
    var base = Object.create(null);
    data.nodes.forEach(function (n) { base[n.id] = groups.set[n.group] === true && inYears(n.year); });
    var live = Object.create(null);
    var edgeOk = Object.create(null);
    data.edges.forEach(function (e) {
      var ok = types.set[e.type] === true && base[e.from] && base[e.to];
      if (ok) {
        if (e.events) {
          ok = (kinds.all && !years) || e.events.some(function (ref) {
            var ev = events[ref] || {};
            return (ev.kind === undefined || kinds.set[ev.kind] === true) && inYears(ev.year);
          });
        } else {
          ok = inYears(e.year);
        }
      }
      edgeOk[e.id] = ok;
      if (ok) { live[e.from] = true; live[e.to] = true; }
    });
    var shownNodes = 0, shownEdges = 0;
    data.nodes.forEach(function (n) {
      var v = base[n.id] && (!hideOrphans || degree[n.id] === 0 || live[n.id] === true);
      visibleNode[n.id] = v;
      if (v) shownNodes++;
    });
    data.edges.forEach(function (e) {
      visibleEdge[e.id] = edgeOk[e.id];
      if (edgeOk[e.id]) shownEdges++;
    });
    nodeView.refresh();
    edgeView.refresh();
    var total = shownNodes === data.nodes.length && shownEdges === data.edges.length;
    status(total ? "" : "Showing " + shownNodes.toLocaleString("en") + " of " + data.nodes.length.toLocaleString("en") +
      " nodes, " + shownEdges.toLocaleString("en") + " of " + data.edges.length.toLocaleString("en") + " links.");
    return { nodes: shownNodes, edges: shownEdges };
  }
  api.applyFilters = applyFilters;

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(applyFilters, 150);
  }
  document.querySelectorAll("input[data-filter], #hide-orphans").forEach(function (b) {
    b.addEventListener("change", applyFilters);
  });
  ["year-from", "year-to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) input.addEventListener("input", later);
  });

  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("input[data-filter], #hide-orphans").forEach(function (b) { b.checked = true; });
    if (meta.years) {
      document.getElementById("year-from").value = meta.years[0];
      document.getElementById("year-to").value = meta.years[1];
    }
    applyFilters();
    clearHighlight();
    showDetails(null);
    network.unselectAll();
    network.fit({ animation: false });
  });

  /* --------------------------------------------------------------- search */

  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  var active = -1;

  function search(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return [];
    var found = [];
    data.nodes.forEach(function (n) {
      var name = n.name.toLowerCase(), rank = -1, via = null;
      if (n.id.toLowerCase() === q || name === q) rank = 0;
      else if (name.indexOf(q) === 0) rank = 1;
      else if (name.indexOf(q) > 0) rank = 2;
      if (rank < 0 && n.aliases) {
        for (var i = 0; i < n.aliases.length; i++) {
          var a = n.aliases[i].toLowerCase();
          var r = a === q ? 0 : a.indexOf(q) === 0 ? 3 : a.indexOf(q) > 0 ? 4 : -1;
          if (r >= 0 && (rank < 0 || r < rank)) { rank = r; via = n.aliases[i]; }
        }
      }
      if (rank >= 0) found.push({ id: n.id, rank: rank, size: n.size, name: n.name, via: via });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    return found.slice(0, 12);
  }
  api.search = function (q) { return search(q).map(function (r) { return r.id; }); };

  function showResults(list) {
    active = list.length ? 0 : -1;
    results.replaceChildren.apply(results, list.map(function (r, i) {
      var li = el("li", i === 0 ? "active" : null, r.name);
      li.setAttribute("role", "option");
      li.dataset.id = r.id;
      if (r.via) li.appendChild(el("span", "alias", "  alias: " + r.via));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(r.id); });
      return li;
    }));
  }

  function choose(id) {
    results.replaceChildren();
    searchBox.value = byId[id].name;
    focusNode(id);
  }

  function focusNode(id) {
    var n = byId[id];
    if (!n) return false;
    if (!visibleNode[id]) {
      status(n.name + " is hidden by the filters; 'Reset view and filters' shows it.", true);
      return false;
    }
    status("");
    network.selectNodes([id]);
    highlight(id);
    showDetails(nodeCard(n, true));
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    return true;
  }
  api.focus = focusNode;

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
      if (active >= 0 && items[active]) choose(items[active].dataset.id);
      else status("No node matches '" + searchBox.value + "'.", true);
    } else if (ev.key === "Escape") {
      results.replaceChildren();
    }
  });
  searchBox.addEventListener("blur", function () { results.replaceChildren(); });
})();
