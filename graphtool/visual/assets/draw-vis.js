/* graphtool's vis-network drawing, for small and medium networks: the nodes and
 * links of the shared model as vis DataSets, shown through DataViews, so a filter
 * change touches only the items that changed. Items entering or leaving the view
 * fade (node opacity, link colour opacity) over a few frames when few enough
 * change at once; neighbourhood highlighting dims every other item. Labels are not
 * vis-network's: graphtool.js draws them on its own canvas after every frame.
 */
(function () {
  "use strict";

  var DIM_NODE = { background: "#e6e6e6", border: "#d0d0d0" };
  var DIM_EDGE = "rgba(200,200,200,0.35)";
  var FADE_MAX = 3000;  // more changes than this at once are shown without a fade
  var DIM_MAX = 5000;   // above this many nodes the neighbourhood is selected, not dimmed

  window.GraphtoolDraw = function (ui) {
    var model = ui.model, N = model.N, M = model.M, meta = model.meta, FADE = ui.fadeMs;
    var inView = new Uint8Array(N).fill(1), edgeInView = new Uint8Array(M).fill(1);
    var edgeColour = meta.types.map(function (t) { return { color: t.color, highlight: "#222222", hover: "#444444", opacity: 0.75 }; });

    var nodeItems = new Array(N);
    for (var n = 0; n < N; n++) {
      nodeItems[n] = { id: n, group: meta.groups[model.group[n]].key, size: model.size[n], x: model.x[n], y: model.y[n] };
    }
    var edgeItems = new Array(M);
    for (var e = 0; e < M; e++) {
      var t = meta.types[model.type[e]];
      edgeItems[e] = {
        id: e, from: model.src[e], to: model.dst[e], width: model.width[e],
        color: edgeColour[model.type[e]], dashes: t.dashes || false
      };
    }
    var nodes = new vis.DataSet(nodeItems);
    var edges = new vis.DataSet(edgeItems);
    var nodeView = new vis.DataView(nodes, { filter: function (x) { return inView[x.id] === 1; } });
    var edgeView = new vis.DataView(edges, { filter: function (x) { return edgeInView[x.id] === 1; } });
    var network = new vis.Network(ui.container, { nodes: nodeView, edges: edgeView }, model.options);
    network.fit({ animation: false });

    network.on("afterDrawing", function () { ui.onFrame(); });
    network.on("hoverNode", function (p) { ui.onHover("node", p.node); });
    network.on("hoverEdge", function (p) { ui.onHover("edge", p.edge); });
    network.on("blurNode", function () { ui.onHover("none", -1); });
    network.on("blurEdge", function () { ui.onHover("none", -1); });
    network.on("dragStart", ui.onMove);
    network.on("zoom", ui.onMove);
    network.on("click", function (p) {
      if (p.nodes.length) ui.onClick("node", p.nodes[0]);
      else if (p.edges.length) ui.onClick("edge", p.edges[0]);
      else ui.onClick("stage", -1);
    });

    /* --------------------------------------------------------------- fades */

    var fading = null;  // {nodes: [...], edges: [...], start}
    var ticking = false;
    function settle() {
      if (!fading) return;
      var f = fading;
      fading = null;
      f.nodes.forEach(function (x) { inView[x] = model.nodeOn[x]; });
      f.edges.forEach(function (x) { edgeInView[x] = model.edgeOn[x]; });
      nodes.update(f.nodes.map(function (x) { return { id: x, opacity: 1 }; }));
      edges.update(f.edges.map(function (x) { return { id: x, color: colourOf(x, 1) }; }));
      nodeView.refresh();
      edgeView.refresh();
    }
    function colourOf(x, k) {
      var c = dimmedEdges && !dimKeep[x] ? { color: DIM_EDGE, highlight: DIM_EDGE } : edgeColour[model.type[x]];
      return k >= 1 ? c : Object.assign({}, c, { opacity: 0.75 * k });
    }
    function frame() {
      ticking = false;
      if (!fading) return;
      var k = Math.min(1, (performance.now() - fading.start) / FADE);
      if (k >= 1) { settle(); return; }
      nodes.update(fading.nodes.map(function (x) { return { id: x, opacity: model.nodeOn[x] ? k : 1 - k }; }));
      edges.update(fading.edges.map(function (x) { return { id: x, color: colourOf(x, model.edgeOn[x] ? k : 1 - k) }; }));
      tick();
    }
    function tick() {
      if (!ticking) { ticking = true; requestAnimationFrame(frame); }
    }

    /* ----------------------------------------------------------- highlight */

    var dimmedNodes = null, dimmedEdges = null, dimKeep = null;
    function undim() {
      if (dimmedNodes) {
        nodes.update(dimmedNodes.map(function (x) { return { id: x, color: null }; }));
        dimmedNodes = null;
      }
      if (dimmedEdges) {
        edges.update(dimmedEdges.map(function (x) { return { id: x, color: edgeColour[model.type[x]] }; }));
        dimmedEdges = null;
      }
      dimKeep = null;
    }

    var api = {
      network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
      setVisible: function (changedNodes, changedEdges, animate) {
        settle();
        var fade = animate && changedNodes.length + changedEdges.length <= FADE_MAX;
        var cn = Array.from(changedNodes), ce = Array.from(changedEdges);
        if (!fade) {
          cn.forEach(function (x) { inView[x] = model.nodeOn[x]; });
          ce.forEach(function (x) { edgeInView[x] = model.edgeOn[x]; });
          nodeView.refresh();
          edgeView.refresh();
          return;
        }
        // Entering items join at opacity 0; leaving ones stay until they have faded.
        nodes.update(cn.filter(function (x) { return model.nodeOn[x]; }).map(function (x) { return { id: x, opacity: 0 }; }));
        edges.update(ce.filter(function (x) { return model.edgeOn[x]; }).map(function (x) { return { id: x, color: colourOf(x, 0) }; }));
        cn.forEach(function (x) { inView[x] = 1; });
        ce.forEach(function (x) { edgeInView[x] = 1; });
        nodeView.refresh();
        edgeView.refresh();
        fading = { nodes: cn, edges: ce, start: performance.now() };
        tick();
      },
      highlight: function (keepNode, keepEdge, centre) {
        undim();
        network.unselectAll();
        if (!keepNode) return;
        if (N > DIM_MAX) {
          var sel = [];
          for (var x = 0; x < N; x++) if (keepNode[x]) sel.push(x);
          network.selectNodes(sel, true);
          return;
        }
        var nu = [], ids = [];
        for (x = 0; x < N; x++) if (!keepNode[x]) { nu.push({ id: x, color: DIM_NODE }); ids.push(x); }
        nodes.update(nu);
        dimmedNodes = ids;
        dimKeep = keepEdge;
        if (M <= 3 * DIM_MAX) {
          var eu = [], eids = [];
          for (x = 0; x < M; x++) if (!keepEdge[x]) { eu.push({ id: x, color: { color: DIM_EDGE, highlight: DIM_EDGE } }); eids.push(x); }
          edges.update(eu);
          dimmedEdges = eids;
        }
        network.selectNodes([centre], false);
      },
      focus: function (n) {
        network.focus(n, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
      },
      fit: function () { network.unselectAll(); network.fit({ animation: false }); },
      redraw: function () { network.redraw(); },
      sync: function () {
        var canvas = ui.container.querySelector(".vis-network canvas");
        if (canvas) canvas.getContext("2d").getImageData(0, 0, 1, 1);
      },
      view: function () {
        var scale = network.getScale(), vp = network.getViewPosition();
        var w = ui.container.clientWidth, h = ui.container.clientHeight, body = network.body.nodes;
        return {
          pos: function (x, out) {
            var item = body[x];
            if (x === undefined || x < 0 || !item) return false;
            out[0] = (item.x - vp.x) * scale + w / 2;
            out[1] = (item.y - vp.y) * scale + h / 2;
            out[2] = model.size[x] * scale;
            return true;
          }
        };
      },
      stats: function () { return {}; },
      fading: function () { return fading ? fading.nodes.length + fading.edges.length : 0; }
    };
    return api;
  };
})();
