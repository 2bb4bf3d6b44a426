/* graphtool extract's review page: filter, accept or reject candidates, download the
   accepted ones as accepted.zip (an accepted/ folder in graphtool's import format).
   Everything happens in the page; nothing is sent anywhere. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graphtool-review-data").textContent);
  var MAX_SHOWN = 300;
  var byId = {};
  data.entities.forEach(function (e) { byId[e.id] = e; });

  // Every candidate: the facts, then one card per new entity.
  var items = data.facts.map(function (f) { return { kind: "fact", id: f.id, fact: f, type: f.type,
    confidence: f.confidence, entities: f.entities }; });
  Object.keys(data.newRows).sort().forEach(function (id) {
    var e = byId[id] || { id: id, name: id, confidence: 0.5, cue: "" };
    items.push({ kind: "entity", id: "entity:" + id, entity: e, row: data.newRows[id], type: "new entity",
      confidence: e.confidence, entities: [id] });
  });
  var itemById = {};
  items.forEach(function (it) { itemById[it.id] = it; });

  // Which fact owns each new event row (relations of other facts may point to it).
  var eventOwner = {}, eventRow = {};
  data.facts.forEach(function (f) {
    f.rows.forEach(function (r) {
      if (r.file === "events") { eventOwner[r.cells.id] = f.id; eventRow[r.cells.id] = r; }
    });
  });

  function hash(text) {
    var h = 5381;
    for (var i = 0; i < text.length; i++) { h = ((h * 33) ^ text.charCodeAt(i)) >>> 0; }
    return h.toString(36);
  }
  var storeKey = "graphtool-review:" + hash(items.map(function (it) { return it.id; }).join("|"));
  var decisions = {};
  try { decisions = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { decisions = {}; }
  if (data.accepted) { items.forEach(function (it) { if (!decisions[it.id]) decisions[it.id] = "accepted"; }); }
  function save() { try { window.localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode */ } }

  // -- filters -------------------------------------------------------------------------
  var types = {}, shownTypes = {};
  items.forEach(function (it) { types[it.type] = (types[it.type] || 0) + 1; shownTypes[it.type] = true; });
  var shownDecisions = { undecided: true, accepted: true, rejected: true };
  var query = "", lowest = 0;

  function checkbox(parent, label, count, checked, onchange) {
    var row = document.createElement("label");
    row.className = "legend-item";
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onchange(box.checked); render(); });
    var text = document.createElement("span"); text.className = "legend-text"; text.textContent = label;
    var n = document.createElement("span"); n.className = "count"; n.textContent = count;
    row.appendChild(box); row.appendChild(text); row.appendChild(n);
    parent.appendChild(row);
    return n;
  }
  var typeBox = document.getElementById("types");
  Object.keys(types).sort().forEach(function (t) {
    checkbox(typeBox, t, types[t], true, function (on) { shownTypes[t] = on; });
  });
  var decisionCounts = {};
  ["undecided", "accepted", "rejected"].forEach(function (d) {
    decisionCounts[d] = checkbox(document.getElementById("decisions"), d, "", true,
      function (on) { shownDecisions[d] = on; });
  });
  document.getElementById("high").textContent = Number(data.high).toFixed(2);
  var slider = document.getElementById("confidence");
  slider.addEventListener("input", function () {
    lowest = Number(slider.value);
    document.getElementById("confidence-value").textContent = lowest.toFixed(2);
    render();
  });
  document.getElementById("entity").addEventListener("input", function (ev) {
    query = ev.target.value.trim().toLowerCase(); render();
  });

  function decisionOf(id) { return decisions[id] || "undecided"; }
  function nameOf(id) { var e = byId[id]; return e ? e.name : id; }
  function shown(it) {
    if (!shownTypes[it.type] || !shownDecisions[decisionOf(it.id)] || it.confidence < lowest - 1e-9) return false;
    if (!query) return true;
    return it.entities.some(function (id) {
      return id.toLowerCase().indexOf(query) >= 0 || nameOf(id).toLowerCase().indexOf(query) >= 0;
    });
  }

  // -- the list ------------------------------------------------------------------------
  function describe(r) {
    var c = r.cells;
    if (r.file === "relations") {
      return nameOf(c.from) + " " + c.type + " " + nameOf(c.to) + (c.role ? " [" + c.role + "]" : "") +
        (c.since ? " since " + c.since : "") + "  (" + c.confidence + ", " + c.cue + ")";
    }
    return "new " + r.file.replace(/s$/, "") + ": " + c.name + " (" + (c.kind || "") +
      (c.date ? ", " + c.date : "") + ")";
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function card(it) {
    var box = el("article", "card " + decisionOf(it.id));
    box.dataset.id = it.id;
    var top = el("div", "top");
    top.appendChild(el("span", "badge" + (it.kind === "entity" ? " new" : ""), it.type));
    top.appendChild(el("span", "conf", Number(it.confidence).toFixed(2)));
    if (it.kind === "fact") {
      top.appendChild(el("span", "where", it.fact.source + ", " + it.fact.locator + " \u2014 cue: " + it.fact.cue));
    } else {
      top.appendChild(el("span", "where", it.entity.first + " \u2014 " + it.entity.mentions + " mention(s), " +
        (it.entity.cue || "")));
    }
    var actions = el("span", "actions");
    [["accepted", "Accept"], ["rejected", "Reject"]].forEach(function (pair) {
      var b = el("button", decisionOf(it.id) === pair[0] ? "on" : "", pair[1]);
      b.type = "button";
      b.addEventListener("click", function () {
        decide(it.id, decisionOf(it.id) === pair[0] ? "undecided" : pair[0]); render();
      });
      actions.appendChild(b);
    });
    top.appendChild(actions);
    box.appendChild(top);
    if (it.kind === "fact") {
      box.appendChild(el("p", "sentence", it.fact.sentence));
      var rows = el("ul", "rows");
      it.fact.rows.forEach(function (r) { rows.appendChild(el("li", "", describe(r))); });
      box.appendChild(rows);
    } else {
      var e = it.entity;
      box.appendChild(el("p", "sentence", e.name + " \u2014 " + e.label + ", " + (e.kind || "kind unknown") +
        " (guessed)" + (it.row.cells.aliases ? "; also " + it.row.cells.aliases : "")));
    }
    return box;
  }
  function render() {
    var list = document.getElementById("list");
    list.textContent = "";
    var n = 0, total = 0;
    items.forEach(function (it) {
      if (!shown(it)) return;
      total++;
      if (n < MAX_SHOWN) { list.appendChild(card(it)); n++; }
    });
    if (total > n) list.appendChild(el("p", "more", (total - n) + " more: narrow the filters to see them."));
    if (!total) list.appendChild(el("p", "more", "No candidate matches the filters."));
    var counts = { undecided: 0, accepted: 0, rejected: 0 };
    items.forEach(function (it) { counts[decisionOf(it.id)]++; });
    Object.keys(counts).forEach(function (d) { decisionCounts[d].textContent = counts[d]; });
    var result = accepted();
    document.getElementById("status").textContent = total + " shown; " + counts.accepted + " accepted, " +
      counts.rejected + " rejected." + (result.dropped ? " " + result.dropped +
      " accepted fact(s) need a rejected entity and are left out." : "");
  }
  function decide(id, d) {
    if (d === "undecided") delete decisions[id]; else decisions[id] = d;
    save();
  }
  function decideShown(d) {
    items.forEach(function (it) { if (shown(it)) decide(it.id, d); });
    render();
  }
  document.getElementById("accept-shown").addEventListener("click", function () { decideShown("accepted"); });
  document.getElementById("reject-shown").addEventListener("click", function () { decideShown("rejected"); });
  document.getElementById("clear-shown").addEventListener("click", function () { decideShown("undecided"); });

  // -- the accepted dataset ------------------------------------------------------------------
  function accepted() {
    var rows = { sources: data.sources.slice() }, dropped = 0, nodes = {};
    function add(file, cells) { (rows[file] = rows[file] || []).push(cells); }
    function needNode(id) {
      // A node the accepted rows need that extract proposed: false if it was rejected.
      if (data.newRows[id]) {
        if (decisionOf("entity:" + id) === "rejected") return false;
        if (!nodes[id]) { nodes[id] = true; add(data.newRows[id].file, data.newRows[id].cells); }
      } else if (eventRow[id]) {
        if (decisionOf(eventOwner[id]) === "rejected") return false;
        if (!nodes[id]) { nodes[id] = true; add("events", eventRow[id].cells); }
      }
      return true;
    }
    items.forEach(function (it) {
      if (decisionOf(it.id) !== "accepted") return;
      if (it.kind === "entity") { needNode(it.entity.id); return; }
      var ends = [];
      it.fact.rows.forEach(function (r) {
        if (r.file === "relations") ends.push(r.cells.from, r.cells.to); else ends.push(r.cells.id);
      });
      var ok = ends.every(function (id) { return data.newRows[id] ? decisionOf("entity:" + id) !== "rejected" : true; });
      if (!ok) { dropped++; return; }
      ends.forEach(needNode);
      it.fact.rows.forEach(function (r) { if (r.file === "relations") add("relations", r.cells); });
    });
    return { rows: rows, dropped: dropped };
  }
  function csvCell(v) {
    v = v === undefined || v === null ? "" : String(v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function files() {
    var rows = accepted().rows, out = {};
    Object.keys(rows).forEach(function (file) {
      var cols = data.columns[file];
      if (!rows[file].length) return;
      var lines = [cols.join(",")];
      rows[file].forEach(function (r) { lines.push(cols.map(function (c) { return csvCell(r[c]); }).join(",")); });
      out["accepted/" + file + ".csv"] = lines.join("\r\n") + "\r\n";
    });
    return out;
  }

  // -- a zip file, stored (no compression): local headers, central directory, end record ---
  var CRC = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function zip(entries) {
    var enc = new TextEncoder(), parts = [], central = [], offset = 0;
    function u16(v) { return [v & 0xff, (v >>> 8) & 0xff]; }
    function u32(v) { return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]; }
    Object.keys(entries).sort().forEach(function (name) {
      var nameBytes = enc.encode(name), body = enc.encode(entries[name]), crc = crc32(body);
      // version 20, flag 0x0800 (UTF-8 names), stored, time 00:00, date 1980-01-01
      var common = [].concat(u16(20), u16(0x0800), u16(0), u16(0), u16(33), u32(crc), u32(body.length),
        u32(body.length), u16(nameBytes.length));
      var local = new Uint8Array([].concat(u32(0x04034b50), common, u16(0)));
      parts.push(local, nameBytes, body);
      central.push(new Uint8Array([].concat(u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u16(0),
        u32(0), u32(offset))), nameBytes);
      offset += local.length + nameBytes.length + body.length;
    });
    var size = central.reduce(function (s, p) { return s + p.length; }, 0);
    var count = Object.keys(entries).length;
    var end = new Uint8Array([].concat(u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(size),
      u32(offset), u16(0)));
    var all = parts.concat(central, [end]), total = all.reduce(function (s, p) { return s + p.length; }, 0);
    var out = new Uint8Array(total), at = 0;
    all.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  document.getElementById("download").addEventListener("click", function () {
    var blob = new Blob([zip(files())], { type: "application/zip" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "accepted.zip";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  render();
  window.graphtoolReview = {
    ready: true,
    decide: function (id, d) { decide(id, d); render(); },
    acceptShown: function () { decideShown("accepted"); },
    setFilter: function (opts) {
      if (opts.entity !== undefined) { query = String(opts.entity).toLowerCase(); }
      if (opts.confidence !== undefined) { lowest = Number(opts.confidence); }
      render();
    },
    shownIds: function () { return items.filter(shown).map(function (it) { return it.id; }); },
    files: files,
    zipBase64: function () {
      var bytes = zip(files()), s = "";
      for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
      return btoa(s);
    }
  };
})();
