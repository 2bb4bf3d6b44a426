/* graphtool's WebGL drawing, for large networks: sigma.js (camera, mouse and touch,
 * canvases, programs) over a graphology graph of the nodes.
 *
 * Two programs of graphtool's own, written to sigma's program interface:
 * - ShapeProgram draws each node as one point sprite shaped in the fragment shader
 *   (dot, diamond, square, triangle, star, triangle down, hexagon: vis-network's shapes,
 *   with a darker border), sized in graph units like vis-network (never under
 *   1.5 px), fading in and out and greyed when another neighbourhood is picked.
 * - LinkLayer draws the links from graphtool's own typed arrays (the links are not
 *   copied into graphology): quads (instances of one on a GPU, written out where WebGL
 *   runs in software) with vis-network's widths, colours and dashes. It draws at most
 *   LINK_BUDGET links per frame (fewer in software, see below): all links inside the view
 *   when they fit, else the strongest (weight, then the centrality of their ends);
 *   zooming in shows the rest. The drawn set is rebuilt only when the view, the
 *   filters or the highlight change, so a frame costs the GPU and little else.
 * Fades run on the GPU: each item carries (alpha from, alpha to, start time) and a
 * uniform clock, so a filter change rewrites only the items that changed. Hit
 * testing (hover, click) is done here on a grid of node positions, not by sigma's
 * picking pass, which would draw every node twice per frame.
 */
(function () {
  "use strict";

  // Links drawn per frame at most. Where the browser draws WebGL in software (no GPU:
  // SwiftShader, llvmpipe; virtual machines, remote desktops) every pixel of a link is
  // paid for by the CPU (about 20 ns each on the machine in bench/README.md), and a
  // frame of 60,000 long links takes over a second: there the links are also held to
  // SOFTWARE_SCREENS times the drawing's own area in pixels of link a frame (about
  // 20 ms a frame for a 1,100 x 840 drawing, however long the links are), the strongest
  // in view as always. More would mostly paint links over links: in a full view of a
  // large network the strongest links already cover the picture. Zooming in shows the
  // rest, and the counts under the title say how many are drawn.
  var GPU_LINK_BUDGET = 60000, SOFTWARE_LINK_BUDGET = 8000, SOFTWARE_SCREENS = 1;
  function softwareWebGL() {
    try {
      var gl = document.createElement("canvas").getContext("webgl");
      if (!gl) return false;
      var info = gl.getExtension("WEBGL_debug_renderer_info");
      var name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      var lose = gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext();
      return /swiftshader|llvmpipe|softpipe|software/i.test(name);
    } catch (err) {
      return false;
    }
  }
  var SOFTWARE = softwareWebGL();
  var LINK_BUDGET = SOFTWARE ? SOFTWARE_LINK_BUDGET : GPU_LINK_BUDGET;
  // Antialiasing margin each side of a link, in pixels: half a pixel in software, where
  // a 1 px link's quad is then 2 px wide rather than 3 (a third fewer pixels to fill).
  var LINK_MARGIN = SOFTWARE ? 0.5 : 1.0;
  var MIN_NODE_PX = 1.5;
  var SHAPES = { dot: 0, diamond: 1, square: 2, triangle: 3, star: 4, triangleDown: 5, hexagon: 6 };
  var DIM_FILL = [0.902, 0.902, 0.902], DIM_BORDER = [0.816, 0.816, 0.816];
  var DIM_LINK = [0.78, 0.78, 0.78, 0.35];
  var clock0 = performance.now();
  function now() { return performance.now() - clock0; }
  function rgb(hex) {
    return [parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255];
  }

  window.GraphtoolDraw = function (ui) {
    var model = ui.model, N = model.N, M = model.M, FADE = ui.fadeMs;
    var R = Sigma.rendering;
    var FLOAT = WebGLRenderingContext.FLOAT;

    // Per node and link: fade state (alpha from, alpha to, start in ms on `now`).
    var nFrom = new Float32Array(N).fill(1), nTo = new Float32Array(N).fill(1), nStart = new Float32Array(N).fill(-1e9);
    var eFrom = new Float32Array(M).fill(1), eTo = new Float32Array(M).fill(1), eStart = new Float32Array(M).fill(-1e9);
    var keepNode = null, keepEdge = null, dim = 0;
    var fadingUntil = 0;

    var fills = model.meta.groups.map(function (g) { return rgb(g.colour); });
    var borders = fills.map(function (c) { return [c[0] * 0.7, c[1] * 0.7, c[2] * 0.7]; });
    var shapes = model.meta.groups.map(function (g) { return SHAPES[g.shape] || 0; });
    var linkColour = model.meta.types.map(function (t) { return rgb(t.color); });
    var linkDash = model.meta.types.map(function (t) { return t.dashes ? [t.dashes[0], t.dashes[1]] : [0, 0]; });

    var pxPerUnit = 1;  // graph units to CSS pixels, for the frame being drawn
    function scaleOf(params, renderer) {
      var m = params.matrix;
      return Math.hypot(m[0], m[1]) / renderer.normalizationFunction.ratio * params.width / 2;
    }

    /* ------------------------------------------------------------ nodes */

    var NODE_VS = [
      "attribute vec2 a_position;", "attribute float a_index;",
      "attribute float a_size;", "attribute vec3 a_fill;", "attribute vec3 a_border;", "attribute float a_shape;",
      "attribute vec3 a_fade;", "attribute float a_keep;",
      "uniform mat3 u_matrix;", "uniform float u_scale;", "uniform float u_pixelRatio;",
      "uniform float u_now;", "uniform float u_fade;", "uniform float u_dim;", "uniform float u_minPx;",
      "uniform float u_pass;",
      "varying vec4 v_fill;", "varying vec4 v_border;", "varying float v_shape;", "varying float v_radius;",
      "void main() {",
      "  float alpha = mix(a_fade.x, a_fade.y, clamp((u_now - a_fade.z) / u_fade, 0.0, 1.0));",
      "  float r = max(a_size * u_scale, u_minPx);",
      "  gl_Position = vec4((u_matrix * vec3(a_position, 1.0)).xy, 0.0, 1.0);",
      // While a neighbourhood is highlighted, two passes: the others, then it on top.
      "  bool skip = u_dim > 0.5 && ((u_pass < 0.5) == (a_keep > 0.5));",
      "  if (alpha < 0.004 || skip) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);",
      // A dot fits in 2r, the other shapes in 2.4r, with half a device pixel each side
      // for the antialiased rim (the coverage falls to 0 half a pixel out): no more
      // pixels to fill than the shape needs, the most of a node's cost in software.
      "  gl_PointSize = (a_shape < 0.5 ? 2.0 : 2.4) * r * u_pixelRatio + 1.0;",
      "  v_radius = r * u_pixelRatio;",
      "  vec3 f = a_fill, b = a_border;",
      "  if (u_dim > 0.5 && a_keep < 0.5) { f = vec3(" + DIM_FILL.join(",") + "); b = vec3(" + DIM_BORDER.join(",") + "); }",
      "  v_fill = vec4(f, alpha); v_border = vec4(b, alpha); v_shape = a_shape;",
      "}"
    ].join("\n");
    // The signed distance to each shape's edge, in device pixels, by SHAPES number.
    var SHAPE_DISTANCE = [
      "length(p) - r", "(abs(p.x) + abs(p.y) - r) * 0.7071", "max(abs(p.x), abs(p.y)) - r",
      "tri(p + vec2(0.0, r * 0.1), r * 1.1)", "star(p, r * 1.1)",
      "tri(vec2(p.x, -p.y) + vec2(0.0, r * 0.1), r * 1.1)", "hex(p, r * 0.9)"
    ];
    // Only the shapes this network's groups use: in software every branch of the
    // shader costs each pixel, taken or not (a network of dots needs none).
    function shapeDistance() {
      var used = shapes.filter(function (k, ix) { return shapes.indexOf(k) === ix; }).sort(function (a, b) { return a - b; });
      if (!used.length) used = [0];
      return used.map(function (k, ix) {
        var set = "d = " + SHAPE_DISTANCE[k] + ";";
        return ix === used.length - 1 ? "  " + set : "  if (v_shape < " + k + ".5) " + set + " else";
      }).join("\n");
    }
    var NODE_FS = [
      "precision mediump float;",
      "varying vec4 v_fill;", "varying vec4 v_border;", "varying float v_shape;", "varying float v_radius;",
      "float tri(vec2 p, float r) {",  // equilateral triangle, pointing up, circumradius r
      "  const float k = 1.7320508;",
      "  p.x = abs(p.x) - r * 0.866; p.y = p.y + r * 0.5;",
      "  if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;",
      "  p.x -= clamp(p.x, -1.732 * r, 0.0);",
      "  return -length(p) * sign(p.y);",
      "}",
      "float star(vec2 p, float r) {",  // five points, outer radius r
      "  const vec2 k1 = vec2(0.809016994, -0.587785252);",
      "  const vec2 k2 = vec2(-k1.x, k1.y);",
      "  float rf = 0.45;",
      "  p.x = abs(p.x);",
      "  p -= 2.0 * max(dot(k1, p), 0.0) * k1;",
      "  p -= 2.0 * max(dot(k2, p), 0.0) * k2;",
      "  p.x = abs(p.x);",
      "  p.y -= r;",
      "  vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0.0, 1.0);",
      "  float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);",
      "  return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);",
      "}",
      "float hex(vec2 p, float r) {",  // regular hexagon, flat top and bottom, inradius r
      "  const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);",
      "  p = abs(p);",
      "  p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;",
      "  p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);",
      "  return length(p) * sign(p.y);",
      "}",
      "void main() {",
      "  vec2 p = (gl_PointCoord - vec2(0.5)) * ((v_shape < 0.5 ? 2.0 : 2.4) * v_radius + 1.0);",
      "  p.y = -p.y;",
      "  float r = v_radius, d;",
      shapeDistance(),
      "  float a = clamp(0.5 - d, 0.0, 1.0);",
      "  if (a <= 0.0) discard;",
      "  vec4 c = d > -1.0 ? v_border : v_fill;",
      "  float alpha = c.a * a;",
      "  gl_FragColor = vec4(c.rgb * alpha, alpha);",
      "}"
    ].join("\n");

    // No picking buffer: one pass per frame (graphtool finds nodes under the mouse
    // itself, see nodeAt). The nodes' data goes to the GPU when it has changed, not
    // every frame as sigma's programs do (1.2 MB a frame at 20,000 nodes).
    class ShapeProgram extends R.NodeProgram {
      constructor(gl, pickingBuffer, renderer) { super(gl, null, renderer); this.changed = true; }
      reallocate(capacity) { this.changed = true; return super.reallocate(capacity); }
      process(nodeIndex, offset, data) { this.changed = true; return super.process(nodeIndex, offset, data); }
      bindProgram(program) {
        var gl = program.gl, self = this, offset = 0;
        gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
        this.ATTRIBUTES.forEach(function (attr) { offset += self.bindAttribute(attr, program, offset); });
        if (this.changed) { gl.bufferData(gl.ARRAY_BUFFER, this.array, gl.DYNAMIC_DRAW); this.changed = false; }
        gl.bindBuffer(gl.ARRAY_BUFFER, null);
      }
    }
    ShapeProgram.prototype.getDefinition = function () {
      return {
        VERTICES: 1,
        VERTEX_SHADER_SOURCE: NODE_VS,
        FRAGMENT_SHADER_SOURCE: NODE_FS,
        METHOD: WebGLRenderingContext.POINTS,
        UNIFORMS: ["u_matrix", "u_scale", "u_pixelRatio", "u_now", "u_fade", "u_dim", "u_minPx", "u_pass"],
        ATTRIBUTES: [
          { name: "a_position", size: 2, type: FLOAT }, { name: "a_index", size: 1, type: FLOAT },
          { name: "a_size", size: 1, type: FLOAT }, { name: "a_fill", size: 3, type: FLOAT },
          { name: "a_border", size: 3, type: FLOAT }, { name: "a_shape", size: 1, type: FLOAT },
          { name: "a_fade", size: 3, type: FLOAT }, { name: "a_keep", size: 1, type: FLOAT }
        ]
      };
    };
    ShapeProgram.prototype.processVisibleItem = function (fingerprint, at, data) {
      var a = this.array, n = data.i, g = model.group[n], f = fills[g], b = borders[g];
      a[at++] = data.x; a[at++] = data.y; a[at++] = n; a[at++] = model.size[n];
      a[at++] = f[0]; a[at++] = f[1]; a[at++] = f[2];
      a[at++] = b[0]; a[at++] = b[1]; a[at++] = b[2];
      a[at++] = shapes[g];
      a[at++] = nFrom[n]; a[at++] = nTo[n]; a[at++] = nStart[n];
      a[at++] = keepNode && keepNode[n] ? 1 : 0;
    };
    ShapeProgram.prototype.setUniforms = function (params, info) {
      var gl = info.gl, u = info.uniformLocations;
      pxPerUnit = scaleOf(params, this.renderer);
      gl.uniformMatrix3fv(u.u_matrix, false, params.matrix);
      gl.uniform1f(u.u_scale, pxPerUnit);
      gl.uniform1f(u.u_pixelRatio, params.pixelRatio);
      gl.uniform1f(u.u_now, now());
      gl.uniform1f(u.u_fade, FADE);
      gl.uniform1f(u.u_dim, dim);
      gl.uniform1f(u.u_minPx, MIN_NODE_PX);
      gl.uniform1f(u.u_pass, 0);
    };
    ShapeProgram.prototype.render = function (params) {
      if (this.hasNothingToRender()) return;
      var p = this.normalProgram;
      p.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
      this.bindProgram(p);
      this.renderProgram(params, p);
      if (dim) {
        p.gl.uniform1f(p.uniformLocations.u_pass, 1);
        this.drawWebGL(this.METHOD, p);
      }
      this.unbindProgram(p);
    };

    /* ------------------------------------------------------------ links */

    var LINK_VS = [
      "attribute vec2 a_src;", "attribute vec2 a_dst;", "attribute float a_width;", "attribute vec4 a_color;",
      "attribute vec2 a_dash;", "attribute vec3 a_fade;", "attribute float a_keep;", "attribute vec2 a_corner;",
      "uniform mat3 u_matrix;", "uniform vec2 u_resolution;", "uniform float u_scale;",
      "uniform float u_now;", "uniform float u_fade;", "uniform float u_dim;",
      "varying vec4 v_color;", "varying float v_along;", "varying vec2 v_dash;", "varying float v_side;", "varying float v_half;",
      "void main() {",
      "  float alpha = mix(a_fade.x, a_fade.y, clamp((u_now - a_fade.z) / u_fade, 0.0, 1.0));",
      "  vec2 half_res = 0.5 * u_resolution;",
      "  vec2 s = (u_matrix * vec3(a_src, 1.0)).xy * half_res;",
      "  vec2 t = (u_matrix * vec3(a_dst, 1.0)).xy * half_res;",
      "  vec2 d = t - s; float len = length(d);",
      "  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);",
      "  vec2 nrm = vec2(-dir.y, dir.x);",
      "  float w = a_width * u_scale;",
      "  float thin = clamp(w, 0.25, 1.0);",  // links thinner than a pixel are drawn fainter
      "  w = max(w, 1.0);",
      "  float side = a_corner.y * (0.5 * w + " + LINK_MARGIN.toFixed(1) + ");",
      "  vec2 pos = mix(s, t, a_corner.x) + nrm * side;",
      "  gl_Position = vec4(pos / half_res, 0.0, 1.0);",
      "  if (alpha < 0.004) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);",
      "  v_along = a_corner.x * len; v_dash = a_dash; v_side = side; v_half = 0.5 * w;",
      "  vec4 c = a_color;",
      "  if (u_dim > 0.5 && a_keep < 0.5) c = vec4(" + DIM_LINK.join(",") + ");",
      "  v_color = vec4(c.rgb, c.a * alpha * thin);",
      "}"
    ].join("\n");
    var LINK_FS = [
      "#ifdef GL_FRAGMENT_PRECISION_HIGH", "precision highp float;", "#else", "precision mediump float;", "#endif",
      "varying vec4 v_color;", "varying float v_along;", "varying vec2 v_dash;", "varying float v_side;", "varying float v_half;",
      "void main() {",
      "  if (v_dash.x > 0.0 && mod(v_along, v_dash.x + v_dash.y) > v_dash.x) discard;",
      "  float a = clamp(v_half + 0.5 - abs(v_side), 0.0, 1.0) * v_color.a;",
      "  if (a <= 0.0) discard;",
      "  gl_FragColor = vec4(v_color.rgb * a, a);",
      "}"
    ].join("\n");
    var STRIDE = 15;  // floats per drawn link, as the attributes below
    // Six vertices per link. On a GPU they are instances of one quad; in software the
    // quads are written out (each vertex its link's attributes and its corner), as
    // SwiftShader sets every instance up as a draw of its own (about 15 us a link:
    // most of a frame's cost at 8,000 links, more than the pixels).
    var CORNERS = [[0, 1], [0, -1], [1, 1], [1, 1], [0, -1], [1, -1]];
    var INSTANCED = !SOFTWARE;
    var VERTEX_STRIDE = INSTANCED ? STRIDE : (STRIDE + 2) * 6;  // floats per link in the buffer

    // The drawing order of links when they do not all fit: by weight, then by the
    // centrality of their more central end. Packed in one float (rank * M + link) so
    // a typed-array sort does it natively.
    var linkOrder = null;
    function orderLinks() {
      var weights = Array.from(new Set(model.weight)).sort(function (a, b) { return b - a; });
      var wRank = new Map();
      weights.forEach(function (w, ix) { wRank.set(w, Math.min(ix, 1000)); });
      var keys = new Float64Array(M);
      for (var e = 0; e < M; e++) {
        var r = Math.min(model.rank[model.src[e]], model.rank[model.dst[e]]);
        keys[e] = (wRank.get(model.weight[e]) * N + r) * M + e;
      }
      keys.sort();
      linkOrder = new Int32Array(M);
      for (e = 0; e < M; e++) linkOrder[e] = keys[e] % M;
    }

    var links = { dirty: true, count: 0, drawn: new Int32Array(0), view: null, total: 0, pixelBudget: null };
    class LinkLayer extends R.EdgeProgram {
      constructor(gl, pickingBuffer, renderer) { super(gl, null, renderer); this.array = new Float32Array(0); }
    }
    LinkLayer.prototype.getDefinition = function () {
      var attributes = [
        { name: "a_src", size: 2, type: FLOAT }, { name: "a_dst", size: 2, type: FLOAT },
        { name: "a_width", size: 1, type: FLOAT }, { name: "a_color", size: 4, type: FLOAT },
        { name: "a_dash", size: 2, type: FLOAT }, { name: "a_fade", size: 3, type: FLOAT },
        { name: "a_keep", size: 1, type: FLOAT }
      ];
      var definition = {
        VERTICES: 6,
        VERTEX_SHADER_SOURCE: LINK_VS,
        FRAGMENT_SHADER_SOURCE: LINK_FS,
        METHOD: WebGLRenderingContext.TRIANGLES,
        UNIFORMS: ["u_matrix", "u_resolution", "u_scale", "u_now", "u_fade", "u_dim"],
        ATTRIBUTES: attributes
      };
      if (INSTANCED) {
        definition.CONSTANT_ATTRIBUTES = [{ name: "a_corner", size: 2, type: FLOAT }];
        definition.CONSTANT_DATA = CORNERS;
      } else {
        attributes.push({ name: "a_corner", size: 2, type: FLOAT });
      }
      return definition;
    };
    LinkLayer.prototype.reallocate = function () { /* links are not graphology edges */ };
    LinkLayer.prototype.process = function () { /* idem */ };
    LinkLayer.prototype.hasNothingToRender = function () { return links.count === 0; };
    LinkLayer.prototype.setUniforms = function (params, info) {
      var gl = info.gl, u = info.uniformLocations;
      gl.uniformMatrix3fv(u.u_matrix, false, params.matrix);
      gl.uniform2f(u.u_resolution, params.width, params.height);
      gl.uniform1f(u.u_scale, scaleOf(params, this.renderer));
      gl.uniform1f(u.u_now, now());
      gl.uniform1f(u.u_fade, FADE);
      gl.uniform1f(u.u_dim, dim);
    };
    LinkLayer.prototype.bindProgram = function (program) {
      var gl = program.gl, self = this, offset = 0;
      if (!INSTANCED) {
        gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
        this.ATTRIBUTES.forEach(function (attr) { offset += self.bindAttribute(attr, program, offset); });
        if (links.uploaded !== links.version) {
          gl.bufferData(gl.ARRAY_BUFFER, this.array.subarray(0, links.count * VERTEX_STRIDE), gl.DYNAMIC_DRAW);
          links.uploaded = links.version;
        }
        gl.bindBuffer(gl.ARRAY_BUFFER, null);
        return;
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, program.constantBuffer);
      this.CONSTANT_ATTRIBUTES.forEach(function (attr) { offset += self.bindAttribute(attr, program, offset, false); });
      if (!program.constantLoaded) { gl.bufferData(gl.ARRAY_BUFFER, this.constantArray, gl.STATIC_DRAW); program.constantLoaded = true; }
      gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
      offset = 0;
      this.ATTRIBUTES.forEach(function (attr) { offset += self.bindAttribute(attr, program, offset, true); });
      if (links.uploaded !== links.version) { gl.bufferData(gl.ARRAY_BUFFER, this.array, gl.DYNAMIC_DRAW); links.uploaded = links.version; }
      gl.bindBuffer(gl.ARRAY_BUFFER, null);
    };
    LinkLayer.prototype.drawWebGL = function (method, info) {
      var gl = info.gl;
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      if (!INSTANCED) gl.drawArrays(method, 0, this.VERTICES * links.count);
      else if (gl.drawArraysInstanced) gl.drawArraysInstanced(method, 0, this.VERTICES, links.count);
      else gl.getExtension("ANGLE_instanced_arrays").drawArraysInstancedANGLE(method, 0, this.VERTICES, links.count);
    };
    LinkLayer.prototype.render = function (params) {
      var view = viewBox(params);
      if (links.dirty || !sameView(view, links.view)) buildLinks(this, view, params);
      if (!links.count) return;
      var p = this.normalProgram;
      p.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
      this.bindProgram(p);
      this.renderProgram(params, p);
      this.unbindProgram(p);
    };

    // The part of the graph in view, in sigma's normalised coordinates.
    function viewBox(params) {
      var inv = params.invMatrix;
      var xs = [], ys = [];
      [[-1, -1], [1, -1], [-1, 1], [1, 1]].forEach(function (c) {
        xs.push(inv[0] * c[0] + inv[3] * c[1] + inv[6]);
        ys.push(inv[1] * c[0] + inv[4] * c[1] + inv[7]);
      });
      return [Math.min.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, xs), Math.max.apply(null, ys)];
    }
    function sameView(a, b) {
      if (!b) return false;
      var span = Math.max(b[2] - b[0], b[3] - b[1]);
      for (var q = 0; q < 4; q++) if (Math.abs(a[q] - b[q]) > span * 0.02) return false;
      return true;
    }

    var nx = null, ny = null;  // node positions in sigma's normalised coordinates
    var extent = [0, 0, 0, 0];  // and the box around them
    function normalised(sigma) {
      nx = new Float32Array(N); ny = new Float32Array(N);
      extent = [Infinity, Infinity, -Infinity, -Infinity];
      for (var q = 0; q < N; q++) {
        var dd = sigma.getNodeDisplayData(keys[q]);
        nx[q] = dd.x; ny[q] = dd.y;
        if (dd.x < extent[0]) extent[0] = dd.x; if (dd.x > extent[2]) extent[2] = dd.x;
        if (dd.y < extent[1]) extent[1] = dd.y; if (dd.y > extent[3]) extent[3] = dd.y;
      }
    }
    function buildLinks(program, view, params) {
      if (!linkOrder) orderLinks();
      if (!nx) normalised(program.renderer);
      var t = now(), a = program.array;
      if (a.length < Math.min(M, LINK_BUDGET) * VERTEX_STRIDE) a = program.array = new Float32Array(Math.min(M, LINK_BUDGET) * VERTEX_STRIDE);
      var drawn = links.drawn.length >= Math.min(M, LINK_BUDGET) ? links.drawn : (links.drawn = new Int32Array(Math.min(M, LINK_BUDGET)));
      // A margin around the view, so small moves keep the set.
      var mx = (view[2] - view[0]) * 0.1, my = (view[3] - view[1]) * 0.1;
      var x0 = view[0] - mx, y0 = view[1] - my, x1 = view[2] + mx, y1 = view[3] + my;
      var count = 0, inView = 0;
      // Pixels a link fills, roughly: its length on screen (at most the view's
      // diagonal) times its drawn width with the antialiasing margins.
      var pxPerNorm = params.width / Math.max(view[2] - view[0], 1e-12), scale = scaleOf(params, program.renderer);
      var diagonal = Math.hypot(params.width, params.height), pixels = 0;
      var budget = links.pixelBudget = SOFTWARE ? SOFTWARE_SCREENS * params.width * params.height : Infinity;
      var area = function (e) {
        var s = model.src[e], d = model.dst[e];
        var len = Math.min(Math.hypot(nx[d] - nx[s], ny[d] - ny[s]) * pxPerNorm, diagonal);
        return len * (Math.max(model.width[e] * scale, 1) + 2 * LINK_MARGIN);
      };
      var put = function (e) {
        var s = model.src[e], d = model.dst[e], ty = model.type[e], c = linkColour[ty], dash = linkDash[ty], at = count * VERTEX_STRIDE;
        var keep = keepEdge && keepEdge[e] ? 1 : 0;
        for (var v = 0; v < (INSTANCED ? 1 : 6); v++) {
          a[at++] = nx[s]; a[at++] = ny[s]; a[at++] = nx[d]; a[at++] = ny[d];
          a[at++] = model.width[e];
          a[at++] = c[0]; a[at++] = c[1]; a[at++] = c[2]; a[at++] = 0.75;
          a[at++] = dash[0]; a[at++] = dash[1];
          a[at++] = eFrom[e]; a[at++] = eTo[e]; a[at++] = eStart[e];
          a[at++] = keep;
          if (!INSTANCED) { a[at++] = CORNERS[v][0]; a[at++] = CORNERS[v][1]; }
        }
        drawn[count++] = e;
      };
      var shownAt = function (e) {
        return eTo[e] > 0 || t - eStart[e] < FADE;
      };
      // The highlighted neighbourhood's links always, and last (on top).
      var kept = [];
      if (keepEdge) {
        for (var e = 0; e < M && kept.length < LINK_BUDGET; e++) if (keepEdge[e] && shownAt(e)) kept.push(e);
      }
      var room = LINK_BUDGET - kept.length, full = false;
      if (budget < Infinity) kept.forEach(function (k) { pixels += area(k); });
      // Every link is tested each time the set is rebuilt (a filter, a move out of the
      // margin): written out with the arrays in locals, this loop is most of the rebuild.
      // With every node in view (the first view of a large network), no link is out.
      var src = model.src, dst = model.dst, order = linkOrder;
      var everything = x0 <= extent[0] && y0 <= extent[1] && x1 >= extent[2] && y1 >= extent[3];
      for (var o = 0; o < M; o++) {
        e = order[o];
        if (!(eTo[e] > 0 || t - eStart[e] < FADE)) continue;
        if (!everything) {
          var sx = nx[src[e]], dx = nx[dst[e]], sy = ny[src[e]], dy = ny[dst[e]];
          if ((sx < x0 && dx < x0) || (sx > x1 && dx > x1) || (sy < y0 && dy < y0) || (sy > y1 && dy > y1)) continue;
        }
        inView++;
        if (full || count >= room || (keepEdge && keepEdge[e])) continue;
        if (budget < Infinity) {
          pixels += area(e);
          // The first link always; then as many as the pixel budget allows.
          if (pixels > budget && count > 0) { full = true; continue; }
        }
        put(e);
      }
      kept.forEach(put);
      links.count = count;
      links.total = inView;
      if (ui.onLinks) ui.onLinks(count, inView);
      links.view = view;
      links.dirty = false;
      links.version = (links.version || 0) + 1;
    }

    /* ------------------------------------------------------------ sigma */

    // The framed area: the node positions plus the largest node, as vis-network
    // fits the drawing (sigma would fit the centres only and cut the rim nodes).
    var bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity, big = 0;
    for (var q = 0; q < N; q++) {
      bx0 = Math.min(bx0, model.x[q]); bx1 = Math.max(bx1, model.x[q]);
      by0 = Math.min(by0, -model.y[q]); by1 = Math.max(by1, -model.y[q]);
      big = Math.max(big, model.size[q]);
    }
    var graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: true });
    var keys = new Array(N);
    for (var n = 0; n < N; n++) {
      keys[n] = String(n);
      graph.addNode(keys[n], { x: model.x[n], y: -model.y[n], size: model.size[n], i: n });
    }
    // Made on an empty graph, so the framed area and the listeners are in place
    // before the one full processing and first frame (setGraph below).
    var renderer = new Sigma(new graphology.Graph(), ui.container, {
      renderLabels: false,
      renderEdgeLabels: false,
      enableEdgeEvents: false,
      hideEdgesOnMove: M > LINK_BUDGET / 4,
      hideLabelsOnMove: false,
      defaultNodeType: "shape",
      defaultEdgeType: "links",
      nodeProgramClasses: { shape: ShapeProgram },
      nodeHoverProgramClasses: { shape: ShapeProgram },
      edgeProgramClasses: { links: LinkLayer },
      itemSizesReference: "positions",
      zoomToSizeRatioFunction: function (ratio) { return ratio; },
      stagePadding: 30,
      minCameraRatio: 0.0005,
      maxCameraRatio: 20,
      zIndex: false
    });
    if (N) renderer.setCustomBBox({ x: [bx0 - big, bx1 + big], y: [by0 - big, by1 + big] });
    renderer.on("afterProcess", function () { nx = null; links.dirty = true; });

    // Keep drawing while anything fades.
    var animating = false;
    function animate() {
      if (animating) return;
      animating = true;
      var tick = function () {
        // Scheduled, so a frame sigma has scheduled already (a refresh) is not drawn twice.
        renderer.scheduleRender();
        if (now() < fadingUntil + 20) requestAnimationFrame(tick);
        else animating = false;
      };
      requestAnimationFrame(tick);
    }

    renderer.on("afterRender", function () { ui.onFrame(); });
    renderer.setGraph(graph);
    // That first frame was drawn before graphtool.js had the drawing: report it.
    requestAnimationFrame(function () { ui.onFrame(); });

    /* ------------------------------------------------------ hit testing */

    var CELL = 0, cellOf = null, cellStart = null, cellItems = null, gx0 = 0, gy0 = 0, gw = 1, gh = 1;
    (function buildGrid() {
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var q = 0; q < N; q++) {
        var x = model.x[q], y = model.y[q];
        if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
      }
      if (!N) return;
      CELL = Math.max(20, Math.sqrt(((maxX - minX) * (maxY - minY) + 1) / Math.max(N, 1)) * 2);
      gx0 = minX; gy0 = minY;
      gw = Math.floor((maxX - minX) / CELL) + 1; gh = Math.floor((maxY - minY) / CELL) + 1;
      cellOf = new Int32Array(N);
      var counts = new Int32Array(gw * gh + 1);
      for (q = 0; q < N; q++) {
        var c = Math.floor((model.x[q] - gx0) / CELL) + gw * Math.floor((model.y[q] - gy0) / CELL);
        cellOf[q] = c; counts[c + 1]++;
      }
      for (q = 0; q < gw * gh; q++) counts[q + 1] += counts[q];
      cellStart = counts;
      cellItems = new Int32Array(N);
      var at = counts.slice(0, gw * gh);
      for (q = 0; q < N; q++) cellItems[at[cellOf[q]]++] = q;
    })();

    function nodeAt(px, py) {
      if (!N) return -1;
      var g = renderer.viewportToGraph({ x: px, y: py });
      var x = g.x, y = -g.y;
      var reach = (40 + MIN_NODE_PX / Math.max(pxPerUnit, 1e-9));
      var best = -1, bestRank = Infinity;
      var cx0 = Math.max(0, Math.floor((x - reach - gx0) / CELL)), cx1 = Math.min(gw - 1, Math.floor((x + reach - gx0) / CELL));
      var cy0 = Math.max(0, Math.floor((y - reach - gy0) / CELL)), cy1 = Math.min(gh - 1, Math.floor((y + reach - gy0) / CELL));
      if (cx1 - cx0 > 60 || cy1 - cy0 > 60) { cx1 = Math.min(cx1, cx0 + 60); cy1 = Math.min(cy1, cy0 + 60); }
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) {
        var c = cx + gw * cy;
        for (var q = cellStart[c]; q < cellStart[c + 1]; q++) {
          var n = cellItems[q];
          if (!model.nodeOn[n]) continue;
          var r = Math.max(model.size[n] * pxPerUnit, MIN_NODE_PX) + 2;
          var dx = (model.x[n] - x) * pxPerUnit, dy = (model.y[n] - y) * pxPerUnit;
          if (dx * dx + dy * dy <= r * r && model.rank[n] < bestRank) { best = n; bestRank = model.rank[n]; }
        }
      }
      return best;
    }

    function edgeAt(px, py) {
      var v = api.view(), p = [0, 0, 0], q = [0, 0, 0], best = -1, bestD = 5;
      for (var k = 0; k < links.count; k++) {
        var e = links.drawn[k];
        if (!model.edgeOn[e]) continue;
        v.pos(model.src[e], p); v.pos(model.dst[e], q);
        var dx = q[0] - p[0], dy = q[1] - p[1], len2 = dx * dx + dy * dy;
        var t = len2 ? Math.max(0, Math.min(1, ((px - p[0]) * dx + (py - p[1]) * dy) / len2)) : 0;
        var ex = p[0] + t * dx - px, ey = p[1] + t * dy - py, dd = Math.sqrt(ex * ex + ey * ey);
        var half = Math.max(model.width[e] * pxPerUnit, 1) / 2;
        if (dd - half < bestD) { bestD = dd - half; best = e; }
      }
      return best;
    }

    var down = null, hoverKind = null, hoverIx = -1, pending = null;
    var box = function (ev) { var b = ui.container.getBoundingClientRect(); return [ev.clientX - b.left, ev.clientY - b.top]; };
    ui.container.addEventListener("mousedown", function (ev) { down = box(ev); });
    ui.container.addEventListener("mouseup", function (ev) {
      var at = box(ev);
      if (down && Math.abs(at[0] - down[0]) + Math.abs(at[1] - down[1]) < 5) {
        var n = nodeAt(at[0], at[1]);
        if (n >= 0) ui.onClick("node", n);
        else {
          var e = edgeAt(at[0], at[1]);
          ui.onClick(e >= 0 ? "edge" : "stage", e);
        }
      }
      down = null;
    });
    ui.container.addEventListener("mousemove", function (ev) {
      if (down && ev.buttons) { ui.onMove(); return; }
      pending = box(ev);
      requestAnimationFrame(function () {
        if (!pending) return;
        var at = pending; pending = null;
        var n = nodeAt(at[0], at[1]), kind = "none", ix = -1;
        if (n >= 0) { kind = "node"; ix = n; }
        else {
          var e = edgeAt(at[0], at[1]);
          if (e >= 0) { kind = "edge"; ix = e; }
        }
        if (kind !== hoverKind || ix !== hoverIx) {
          hoverKind = kind; hoverIx = ix;
          ui.onHover(kind, ix);
        }
      });
    });
    ui.container.addEventListener("mouseleave", function () { hoverKind = "none"; hoverIx = -1; ui.onHover("none", -1); });
    ui.container.addEventListener("wheel", function () { ui.onMove(); }, { passive: true });

    /* --------------------------------------------------------------- api */

    var api = {
      renderer: renderer, graph: graph, links: links,
      setVisible: function (nodes, edges, animateIt) {
        var t = now();
        var fade = animateIt && nodes.length + edges.length <= 400000;
        for (var q = 0; q < nodes.length; q++) {
          var n = nodes[q], cur = fade ? alphaAt(nFrom[n], nTo[n], nStart[n], t) : 0;
          nFrom[n] = fade ? cur : model.nodeOn[n];
          nTo[n] = model.nodeOn[n];
          nStart[n] = t;
        }
        for (q = 0; q < edges.length; q++) {
          var e = edges[q], c2 = fade ? alphaAt(eFrom[e], eTo[e], eStart[e], t) : 0;
          eFrom[e] = fade ? c2 : model.edgeOn[e];
          eTo[e] = model.edgeOn[e];
          eStart[e] = t;
        }
        links.dirty = true;
        refreshNodes(nodes);
        if (fade) { fadingUntil = t + FADE; animate(); }
      },
      highlight: function (kn, ke, centre) {
        var changed = [];
        for (var n = 0; n < N; n++) {
          var was = keepNode ? keepNode[n] : 0, is = kn ? kn[n] : 0;
          if (was !== is) changed.push(n);
        }
        keepNode = kn; keepEdge = ke; dim = kn ? 1 : 0;
        links.dirty = true;
        refreshNodes(changed);
      },
      focus: function (n) {
        var dd = renderer.getNodeDisplayData(keys[n]);
        if (!dd) return;
        var cam = renderer.getCamera(), state = cam.getState();
        // Close enough that a graph unit is at least a pixel, never further out.
        var ratio = Math.min(state.ratio, state.ratio * pxPerUnit);
        cam.animate({ x: dd.x, y: dd.y, ratio: ratio }, { duration: 400, easing: "quadraticInOut" });
      },
      fit: function () { renderer.getCamera().animatedReset({ duration: 0 }); },
      redraw: function () { renderer.scheduleRender(); },
      sync: function () {
        var ctxs = renderer.webGLContexts, px = new Uint8Array(4);
        Object.keys(ctxs).forEach(function (name) {
          var gl = ctxs[name];
          gl.bindFramebuffer(gl.FRAMEBUFFER, null);
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        });
      },
      view: function () {
        if (!renderer.matrix) return null;
        var o = renderer.graphToViewport({ x: 0, y: 0 }), ex = renderer.graphToViewport({ x: 1, y: 0 }), ey = renderer.graphToViewport({ x: 0, y: 1 });
        var ax = ex.x - o.x, ay = ex.y - o.y, bx = ey.x - o.x, by = ey.y - o.y;
        var k = Math.hypot(ax, ay);
        return {
          pos: function (n, out) {
            if (n === undefined || n < 0) return false;
            var x = model.x[n], y = -model.y[n];
            out[0] = o.x + ax * x + bx * y;
            out[1] = o.y + ay * x + by * y;
            out[2] = Math.max(model.size[n] * k, MIN_NODE_PX);
            return true;
          }
        };
      },
      stats: function () {
        return { linksDrawn: links.count, linksInView: links.total, budget: LINK_BUDGET, pixelBudget: links.pixelBudget, software: SOFTWARE };
      },
      // How many nodes and links are fading in or out right now.
      fading: function () {
        var t = now(), c = 0;
        for (var q = 0; q < N; q++) if (nFrom[q] !== nTo[q] && t - nStart[q] < FADE) c++;
        for (q = 0; q < M; q++) if (eFrom[q] !== eTo[q] && t - eStart[q] < FADE) c++;
        return c;
      }
    };

    function alphaAt(from, to, start, t) {
      var k = Math.max(0, Math.min(1, (t - start) / FADE));
      return from + (to - from) * k;
    }
    // The nodes' program data again, drawn at the next animation frame (scheduled, never
    // drawn at once: a change and the fade that follows it then cost one frame, not two).
    // Only the nodes that changed, however many: positions never change here, so a full
    // refresh (every node processed again, the graph's extent and the links' positions
    // recomputed) would be wasted.
    function refreshNodes(list) {
      var ks = new Array(list.length);
      for (var q = 0; q < list.length; q++) ks[q] = keys[list[q]];
      renderer.refresh({ partialGraph: { nodes: ks }, skipIndexation: true, schedule: true });
    }

    return api;
  };
})();
