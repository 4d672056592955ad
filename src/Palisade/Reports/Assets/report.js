// Palisade report: the graph, matrix, focus and exposure views, drawn from the JSON in #palisade-data.
// Every text from the input is set with textContent or setAttribute, never parsed as markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('palisade-data').textContent);
  var SVGNS = document.getElementById('graph').namespaceURI;
  var MAX_ROWS = 400;
  var byId = {};
  var nsMembers = {};
  var namespaces = [];
  var externals = [];
  var workloads = [];
  var incoming = {};
  var outgoing = {};
  var pairEdge = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    incoming[n.id] = [];
    outgoing[n.id] = [];
    if (n.ns === null) {
      externals.push(n);
    } else {
      workloads.push(n);
      if (!nsMembers[n.ns]) { nsMembers[n.ns] = []; namespaces.push(n.ns); }
      nsMembers[n.ns].push(n);
    }
  });
  namespaces.sort();
  data.edges.forEach(function (e) {
    outgoing[e.from].push(e);
    incoming[e.to].push(e);
    pairEdge[e.from + '\u0000' + e.to] = e;
  });

  // ---- small DOM helpers -------------------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.textContent = text; }
    return x;
  }
  function sv(tag, attrs, text) {
    var x = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { x.textContent = text; }
    return x;
  }
  function focusLink(id, text) {
    var a = el('a', 'focus', text || id);
    a.setAttribute('href', '#');
    a.setAttribute('data-focus', id);
    return a;
  }
  function nameOf(id) { return byId[id] ? (byId[id].ns === null ? byId[id].name : id) : id; }
  function isolation(n) {
    if (n.ns === null) { return 'outside the cluster'; }
    if (n.in && n.out) { return 'isolated both ways'; }
    if (n.in) { return 'isolated for ingress'; }
    if (n.out) { return 'isolated for egress'; }
    return 'not isolated';
  }
  // The rule lines of an edge's explanations: who allows it.
  function rulesOf(e) {
    if (e.kind === 'open') { return ['open by default: no policy isolates either side']; }
    if (e.rules && e.rules.length) { return e.rules; }
    if (e.kind === 'undetermined') {
      var said = {}, why = [];
      (e.why || []).forEach(function (x) {
        x.text.split('\n').forEach(function (line) {
          var t = line.trim();
          if (t.indexOf('undetermined') >= 0 && !said[t]) { said[t] = true; why.push(t); }
        });
      });
      return why.length ? why : ['undetermined: the input does not decide it (see the explanation)'];
    }
    var seen = {}, out = [];
    (e.why || []).forEach(function (x) {
      if (!x.allowed) { return; }
      x.text.split('\n').forEach(function (line) {
        var t = line.trim();
        if (t.indexOf('allowed by') >= 0 && !seen[t]) { seen[t] = true; out.push(t); }
      });
    });
    return out.length ? out : ['allowed (see the explanation)'];
  }
  // The tier that decided a set of connections: the first of admin, NetworkPolicy, baseline, default among them.
  var TIERS = ['admin', 'networkpolicy', 'baseline', 'default'];
  var TIER_TEXT = { admin: 'decided by an admin-tier policy', networkpolicy: 'through a NetworkPolicy rule', baseline: 'decided by a baseline-tier policy', 'default': 'open by default (no policy of any tier applies)' };
  function tierOf(edges) {
    var best = 3;
    edges.forEach(function (e) { var t = TIERS.indexOf(e.tier || (e.kind === 'open' ? 'default' : 'networkpolicy')); if (t >= 0 && t < best) { best = t; } });
    return TIERS[best];
  }
  function markerOf(tier) { return tier === 'networkpolicy' ? 'rule' : tier === 'default' ? 'open' : tier; }
  function portList(edges) {
    var seen = {}, list = [];
    edges.forEach(function (e) {
      e.ports.split(', ').forEach(function (p) { if (!seen[p]) { seen[p] = true; list.push(p); } });
    });
    return list.sort();
  }
  function shortPorts(list, max) {
    return list.length <= max ? list.join(', ') : list.slice(0, max).join(', ') + ' +' + (list.length - max);
  }
  // Explains a list of connections (an arrow of the graph, a cell of the matrix) into a panel.
  function isAllowed(e) { return e.kind !== 'undetermined'; }
  function verdictOf(x) { return x.verdict || (x.allowed ? 'allowed' : 'denied'); }
  function explainInto(panel, title, edges, emptyText) {
    panel.textContent = '';
    panel.appendChild(el('h3', null, title));
    if (!edges.length) {
      panel.appendChild(el('p', 'denied-text', emptyText));
      return;
    }
    var allowed = edges.filter(isAllowed), unknown = edges.filter(function (e) { return !isAllowed(e); });
    if (allowed.length) { panel.appendChild(el('p', 'allowed-ports', allowed.length + ' allowed connection(s) on ' + portList(allowed).join(', ') + ', ' + TIER_TEXT[tierOf(allowed)])); }
    if (unknown.length) {
      panel.appendChild(el('p', 'undetermined-ports', unknown.length + ' undetermined connection(s) on ' + portList(unknown).join(', ') +
        ': the input does not decide them (not allowed for certain, not denied)'));
    }
    edges.slice(0, MAX_ROWS).forEach(function (e, i) {
      var d = el('details', 'connection');
      if (i === 0) { d.open = true; }
      d.appendChild(el('summary', null, nameOf(e.from) + ' \u2192 ' + nameOf(e.to) + ': ' + e.ports +
        (isAllowed(e) ? ' (' + TIER_TEXT[tierOf([e])] + ')' : ' (undetermined)')));
      if (!e.why) {
        // At cluster scale only each arrow's first connections carry the full text: name the rules, point to explain.
        rulesOf(e).forEach(function (r) { d.appendChild(el('pre', null, r)); });
        var first = e.ports.split(', ')[0];
        d.appendChild(el('p', 'hint', 'Full explanation not embedded at this size: palisade explain PATH --from ' +
          nameOf(e.from) + ' --to ' + nameOf(e.to) + ' --port ' + first));
      }
      (e.why || []).forEach(function (x) {
        var div = el('div', 'port-verdict ' + verdictOf(x));
        div.appendChild(el('h4', null, x.port + ': ' + verdictOf(x)));
        div.appendChild(el('pre', null, x.text));
        d.appendChild(div);
      });
      panel.appendChild(d);
    });
    if (edges.length > MAX_ROWS) { panel.appendChild(el('p', 'hint', 'and ' + (edges.length - MAX_ROWS) + ' more')); }
  }

  // ---- tabs -------------------------------------------------------------------------------------------------------
  var current = null;
  function showView(name) {
    current = name;
    document.querySelectorAll('#tabs button').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-view') === name);
      b.setAttribute('aria-selected', b.getAttribute('data-view') === name ? 'true' : 'false');
    });
    document.querySelectorAll('main .view').forEach(function (v) { v.classList.toggle('active', v.id === 'view-' + name); });
    if (name === 'matrix') { drawMatrix(); }
  }
  document.querySelectorAll('#tabs button').forEach(function (b) {
    b.addEventListener('click', function () { showView(b.getAttribute('data-view')); });
  });

  // ---- graph view (laid out by dagre) ------------------------------------------------------------------------------
  var svg = document.getElementById('graph');
  var expanded = {};
  var showOpenLabels = false;
  var selectedArrow = null;
  var view = { x: 0, y: 0, w: 100, h: 100 };
  var bounds = { x: 0, y: 0, w: 100, h: 100 };
  var ctx = document.createElement('canvas').getContext('2d');
  var FONT_NAME = 'bold 13px "DejaVu Sans", sans-serif';
  var FONT_SUB = '11px "DejaVu Sans", sans-serif';
  function measure(text, font) { ctx.font = font; return Math.ceil(ctx.measureText(text).width); }
  function clip(s, max) { return s.length <= max ? s : s.slice(0, max - 1) + '\u2026'; }
  function visible(id) {
    var n = byId[id];
    return n.ns === null || expanded[n.ns] ? id : 'ns:' + n.ns;
  }
  function box(g, id, item) {
    item.name = clip(item.name, 40);
    item.width = Math.max(measure(item.name, FONT_NAME), measure(item.sub, FONT_SUB)) + 22;
    item.height = 40;
    g.setNode(id, item);
  }
  // Lays the graph out top-down and left-right and keeps the one that fits the panel at the larger scale (a hub with
  // many spokes is one wide row top-down, one tall column left-right).
  function layout() {
    var r = svg.getBoundingClientRect();
    var best = null, bestScale = -1;
    ['TB', 'LR'].forEach(function (dir) {
      var g = layoutIn(dir), gg = g.graph();
      var s = Math.min((r.width || 900) / Math.max(gg.width, 1), (r.height || 600) / Math.max(gg.height, 1));
      if (s > bestScale * 1.05) { best = g; bestScale = s; }
    });
    return best;
  }
  function layoutIn(rankdir) {
    var g = new dagre.graphlib.Graph({ compound: true });
    g.setGraph({ rankdir: rankdir, nodesep: 18, ranksep: 36, edgesep: 6, ranker: 'tight-tree', marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(function () { return {}; });
    var inside = {};
    data.edges.forEach(function (e) {
      var a = byId[e.from], b = byId[e.to];
      if (a.ns !== null && a.ns === b.ns) { inside[a.ns] = (inside[a.ns] || 0) + 1; }
    });
    namespaces.forEach(function (ns) {
      var members = nsMembers[ns];
      if (expanded[ns]) {
        var cluster = 'cluster:' + ns;
        g.setNode(cluster, { type: 'cluster', ns: ns });
        box(g, 'header:' + ns, { type: 'header', ns: ns, name: '\u25BE ' + ns, sub: members.length + ' workload(s) \u00B7 click to fold' });
        g.setParent('header:' + ns, cluster);
        members.forEach(function (n) {
          box(g, n.id, { type: 'workload', id: n.id, name: n.name, sub: n.kind + ' \u00B7 ' + isolation(n), node: n });
          g.setParent(n.id, cluster);
        });
      } else {
        box(g, 'ns:' + ns, { type: 'namespace', ns: ns, name: ns, sub: members.length + ' workload(s) \u00B7 ' + (inside[ns] || 0) + ' inside' });
      }
    });
    // A LoadBalancer box: its address as the title, its Service below (the full name is in the tooltip and the panels).
    externals.forEach(function (n) {
      var lb = n.kind === 'LoadBalancer' && n.name.indexOf(' (') > 0;
      box(g, n.id, { type: 'external', id: n.id, name: lb ? n.name.slice(0, n.name.indexOf(' (')) : n.name,
        sub: lb ? 'Service ' + n.id.slice(3) : 'outside the cluster', node: n });
    });
    var arrows = {};
    var keys = [];
    data.edges.forEach(function (e) {
      var a = visible(e.from), b = visible(e.to);
      if (a === b) { return; }
      var k = a + '\u0000' + b;
      if (!arrows[k]) { arrows[k] = { key: k, from: a, to: b, edges: [] }; keys.push(k); }
      arrows[k].edges.push(e);
    });
    keys.sort().forEach(function (k) {
      var x = arrows[k];
      x.rule = x.edges.some(function (e) { return e.kind === 'rule'; });
      // An arrow is undetermined only when none of its connections is allowed for certain; its tier is that of its
      // allowed connections.
      x.kind = x.rule ? 'rule' : x.edges.some(isAllowed) ? 'open' : 'undetermined';
      x.tier = x.kind === 'undetermined' ? null : tierOf(x.edges.filter(isAllowed));
      // Open-by-default arrows are many and say little each: unlabelled unless asked (their tooltip and the panel tell).
      x.label = x.kind === 'undetermined' ? '? ' + x.edges.length + ' \u00B7 ' + shortPorts(portList(x.edges), 2)
        : x.rule || showOpenLabels ? x.edges.length + ' \u00B7 ' + shortPorts(portList(x.edges), 2) : '';
      g.setEdge(x.from, x.to, x.label ? { width: measure(x.label, FONT_SUB) + 8, height: 15, labelpos: 'c', arrow: x } : { arrow: x });
    });
    dagre.layout(g);
    return g;
  }
  function f(v) { return Math.round(v * 10) / 10; }
  function renderGraph() {
    var g = layout();
    svg.textContent = '';
    var defs = sv('defs');
    [['rule', '#1f6feb'], ['open', '#9aa4b2'], ['admin', '#8250df'], ['baseline', '#1a7f37'], ['undetermined', '#bf8700'], ['selected', '#d9480f']].forEach(function (m) {
      var marker = sv('marker', { id: 'arrow-' + m[0], viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
      marker.appendChild(sv('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: m[1] }));
      defs.appendChild(marker);
    });
    svg.appendChild(defs);
    var root = sv('g', { id: 'graph-root' });
    svg.appendChild(root);
    g.nodes().forEach(function (id) {
      var d = g.node(id);
      if (d.type !== 'cluster') { return; }
      var c = sv('g', { 'class': 'cluster', 'data-ns': d.ns });
      c.appendChild(sv('rect', { x: f(d.x - d.width / 2), y: f(d.y - d.height / 2), width: f(d.width), height: f(d.height), rx: 10 }));
      root.appendChild(c);
    });
    g.edges().forEach(function (ed) {
      var d = g.edge(ed), x = d.arrow;
      var kind = x.kind;
      var marker = x.tier ? markerOf(x.tier) : 'undetermined';
      var group = sv('g', { 'class': 'edge ' + kind + (x.tier ? ' tier-' + x.tier : '') + (x.tier && !x.edges.every(isAllowed) ? ' has-undetermined' : '') + (selectedArrow === x.key ? ' selected' : ''), 'data-from': x.from, 'data-to': x.to, 'data-count': String(x.edges.length), 'data-marker': marker, tabindex: '0' });
      var title = sv('title', null, nameOf(x.from).replace(/^ns:/, '') + ' \u2192 ' + nameOf(x.to).replace(/^ns:/, '') + ': ' + x.edges.length + ' connection(s) on ' + portList(x.edges).join(', ') + ', ' + (x.tier ? TIER_TEXT[x.tier] : 'undetermined (the input does not decide them)'));
      group.appendChild(title);
      var path = 'M ' + d.points.map(function (p) { return f(p.x) + ' ' + f(p.y); }).join(' L ');
      group.appendChild(sv('path', { 'class': 'hit', d: path }));
      var width = x.rule ? f(1.5 + Math.min(3, Math.log(x.edges.length) / Math.LN2)) : 1;
      group.appendChild(sv('path', { 'class': 'line', d: path, 'stroke-width': width, 'marker-end': 'url(#arrow-' + (selectedArrow === x.key ? 'selected' : marker) + ')' }));
      if (x.label) {
        group.appendChild(sv('text', { 'class': 'label', x: f(d.x), y: f(d.y + 4), 'text-anchor': 'middle' }, x.label));
      }
      group.addEventListener('click', function (ev) {
        if (dragged) { return; }
        ev.stopPropagation();
        selectedArrow = x.key;
        root.querySelectorAll('.edge').forEach(function (other) {
          var on = other === group;
          other.classList.toggle('selected', on);
          other.querySelector('.line').setAttribute('marker-end', 'url(#arrow-' + (on ? 'selected' : other.getAttribute('data-marker')) + ')');
        });
        explainInto(document.getElementById('graph-explanation'), title.textContent, x.edges, '');
      });
      root.appendChild(group);
    });
    g.nodes().forEach(function (id) {
      var d = g.node(id);
      if (d.type === 'cluster') { return; }
      var classes = 'node ' + d.type;
      if (d.node && d.node.in) { classes += ' isolated-ingress'; }
      if (d.node && d.node.out) { classes += ' isolated-egress'; }
      var n = sv('g', { 'class': classes, 'data-id': d.type === 'namespace' ? 'ns:' + d.ns : (d.type === 'header' ? 'header:' + d.ns : d.id), tabindex: '0' });
      if (d.ns) { n.setAttribute('data-ns', d.ns); }
      n.appendChild(sv('title', null, d.type === 'namespace' ? 'namespace ' + d.ns + ': click to expand' : (d.type === 'header' ? 'namespace ' + d.ns + ': click to fold' : nameOf(d.id) + ': click to focus')));
      n.appendChild(sv('rect', { x: f(d.x - d.width / 2), y: f(d.y - d.height / 2), width: f(d.width), height: f(d.height), rx: 6 }));
      n.appendChild(sv('text', { 'class': 'name', x: f(d.x), y: f(d.y - 3), 'text-anchor': 'middle' }, d.name));
      n.appendChild(sv('text', { 'class': 'sub', x: f(d.x), y: f(d.y + 13), 'text-anchor': 'middle' }, d.sub));
      n.addEventListener('click', function (ev) {
        if (dragged) { return; }
        ev.stopPropagation();
        if (d.type === 'namespace') { expanded[d.ns] = true; renderGraph(); } else if (d.type === 'header') { delete expanded[d.ns]; renderGraph(); } else { focusOn(d.id); }
      });
      root.appendChild(n);
    });
    var gg = g.graph();
    svg.setAttribute('data-rankdir', gg.rankdir);
    // The drawn extent (edge routes may leave dagre's box a little), with a margin; dagre's box when not displayed.
    var b = root.getBBox();
    bounds = b.width > 0 ? { x: b.x - 8, y: b.y - 8, w: b.width + 16, h: b.height + 16 } : { x: 0, y: 0, w: Math.max(gg.width || 0, 50), h: Math.max(gg.height || 0, 50) };
    fit();
    svg.setAttribute('data-nodes', String(root.querySelectorAll('.node').length));
  }
  function applyView() { svg.setAttribute('viewBox', f(view.x) + ' ' + f(view.y) + ' ' + f(view.w) + ' ' + f(view.h)); }
  function fit() { view = { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h }; svg.setAttribute('preserveAspectRatio', 'xMidYMid meet'); applyView(); }
  function scale() {
    var r = svg.getBoundingClientRect();
    return r.width && r.height ? Math.max(view.w / r.width, view.h / r.height) : 1;
  }
  function zoom(factor, clientX, clientY) {
    var r = svg.getBoundingClientRect(), s = scale();
    // The point under the cursor stays put: svg coordinates of the cursor before and after are equal.
    var cx = clientX === undefined ? r.left + r.width / 2 : clientX, cy = clientY === undefined ? r.top + r.height / 2 : clientY;
    var px = view.x + (view.w - r.width * s) / 2 + (cx - r.left) * s, py = view.y + (view.h - r.height * s) / 2 + (cy - r.top) * s;
    view.w *= factor; view.h *= factor;
    view.x = px - (px - view.x) * factor; view.y = py - (py - view.y) * factor;
    applyView();
  }
  svg.addEventListener('wheel', function (ev) { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, ev.clientX, ev.clientY); }, { passive: false });
  var drag = null, dragged = false;
  svg.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, s: scale() }; dragged = false; });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) { return; }
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) { dragged = true; }
    if (dragged) { view.x = drag.vx - dx * drag.s; view.y = drag.vy - dy * drag.s; applyView(); }
  });
  window.addEventListener('mouseup', function () { drag = null; setTimeout(function () { dragged = false; }, 0); });
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 1.3); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(1.3); });
  document.getElementById('zoom-fit').addEventListener('click', fit);
  document.getElementById('graph-expand-all').addEventListener('click', function () { namespaces.forEach(function (ns) { expanded[ns] = true; }); renderGraph(); });
  document.getElementById('graph-fold-all').addEventListener('click', function () { expanded = {}; renderGraph(); });
  document.getElementById('graph-open-labels').addEventListener('change', function (ev) { showOpenLabels = ev.target.checked; renderGraph(); });

  // ---- matrix view (a canvas: one rectangle per allowed cell, so size grows with connections, not pairs) ----------
  var level = 'namespaces';
  var canvas = document.getElementById('matrix');
  var tip = document.getElementById('matrix-tip');
  var grid = null;
  var COLORS = { networkpolicy: [31, 111, 235], 'default': [154, 164, 178], admin: [130, 80, 223], baseline: [26, 127, 55], undetermined: [191, 135, 0] };
  function entities() {
    if (level === 'namespaces') {
      return namespaces.map(function (ns) { return { id: 'ns:' + ns, label: ns, members: nsMembers[ns].map(function (n) { return n.id; }) }; })
        .concat(externals.map(function (n) { return { id: n.id, label: n.name, members: [n.id], external: true }; }));
    }
    return workloads.map(function (n) { return { id: n.id, label: n.id, members: [n.id] }; })
      .concat(externals.map(function (n) { return { id: n.id, label: n.name, members: [n.id], external: true }; }));
  }
  function buildGrid() {
    var list = entities(), index = {}, cells = {};
    list.forEach(function (x, i) { x.members.forEach(function (m) { index[m] = i; }); });
    data.edges.forEach(function (e) {
      var k = index[e.from] * list.length + index[e.to];
      var c = cells[k] || (cells[k] = { edges: [], rule: false, allowed: 0 });
      c.edges.push(e);
      if (e.kind === 'rule') { c.rule = true; }
      if (isAllowed(e)) { c.allowed++; }
    });
    return { list: list, cells: cells };
  }
  function pairsOf(a, b) {
    if (a.external && b.external) { return 0; }
    return a.members.length * b.members.length - (a === b ? a.members.length : 0);
  }
  function drawMatrix() {
    grid = buildGrid();
    var wrap = document.getElementById('matrix-wrap');
    var list = grid.list, n = list.length;
    var avail = Math.min(wrap.clientWidth, wrap.clientHeight) - 8;
    var labels = true;
    ctx.font = FONT_SUB;
    var margin = Math.min(200, Math.max.apply(null, list.map(function (x) { return measure(clip(x.label, 30), FONT_SUB); })) + 10);
    var cell = Math.floor((avail - margin) / n);
    if (cell < 11) { labels = false; margin = 0; cell = Math.max(1, Math.floor(avail / n)); }
    cell = Math.min(cell, 36);
    grid.cell = cell; grid.margin = margin;
    canvas.width = margin + n * cell + 1;
    canvas.height = margin + n * cell + 1;
    var c = canvas.getContext('2d');
    c.fillStyle = '#fff';
    c.fillRect(0, 0, canvas.width, canvas.height);
    // Cells that are not probed: a one-member entity with itself, and outside to outside.
    c.fillStyle = '#eaeef2';
    var outside = [];
    list.forEach(function (a, i) {
      if (a.external) { outside.push(i); }
      if (pairsOf(a, a) === 0) { c.fillRect(margin + i * cell, margin + i * cell, cell, cell); }
    });
    outside.forEach(function (i) { outside.forEach(function (j) { c.fillRect(margin + j * cell, margin + i * cell, cell, cell); }); });
    Object.keys(grid.cells).forEach(function (k) {
      var i = Math.floor(k / n), j = k % n, x = grid.cells[k];
      // Colour by the tier of the allowed connections; a cell with none allowed for certain but some undetermined has its own colour.
      var share = x.allowed ? x.allowed / Math.max(1, pairsOf(list[i], list[j])) : 1;
      var rgb = x.allowed ? COLORS[tierOf(x.edges.filter(isAllowed))] : COLORS.undetermined;
      c.fillStyle = 'rgba(' + rgb.join(',') + ',' + (0.3 + 0.7 * Math.min(1, share)) + ')';
      c.fillRect(margin + j * cell, margin + i * cell, cell, cell);
    });
    if (cell >= 4) {
      c.strokeStyle = '#d0d7de';
      c.lineWidth = 1;
      c.beginPath();
      for (var k = 0; k <= n; k++) {
        c.moveTo(margin + k * cell + 0.5, margin); c.lineTo(margin + k * cell + 0.5, margin + n * cell);
        c.moveTo(margin, margin + k * cell + 0.5); c.lineTo(margin + n * cell, margin + k * cell + 0.5);
      }
      c.stroke();
    }
    if (labels) {
      c.fillStyle = '#1f2328';
      c.font = FONT_SUB;
      c.textBaseline = 'middle';
      list.forEach(function (x, i) {
        var t = clip(x.label, 30);
        c.textAlign = 'right';
        c.fillText(t, margin - 5, margin + i * cell + cell / 2);
        c.save();
        c.translate(margin + i * cell + cell / 2, margin - 5);
        c.rotate(-Math.PI / 2);
        c.textAlign = 'left';
        c.fillText(t, 0, 0);
        c.restore();
      });
    }
    canvas.setAttribute('data-level', level);
    canvas.setAttribute('data-size', String(n));
    document.getElementById('matrix-namespaces').classList.toggle('active', level === 'namespaces');
    document.getElementById('matrix-workloads').classList.toggle('active', level === 'workloads');
  }
  function cellAt(ev) {
    if (!grid) { return null; }
    var r = canvas.getBoundingClientRect();
    var j = Math.floor((ev.clientX - r.left - grid.margin) / grid.cell), i = Math.floor((ev.clientY - r.top - grid.margin) / grid.cell);
    var n = grid.list.length;
    if (i < 0 || j < 0 || i >= n || j >= n) { return null; }
    var x = grid.cells[i * n + j];
    return { from: grid.list[i], to: grid.list[j], edges: x ? x.edges : [], pairs: pairsOf(grid.list[i], grid.list[j]) };
  }
  function cellText(c) {
    var head = c.from.label + ' \u2192 ' + c.to.label;
    if (c.pairs === 0) { return head + '\nnot probed'; }
    if (!c.edges.length) { return head + '\ndenied on every probed port'; }
    var allowed = c.edges.filter(isAllowed), unknown = c.edges.filter(function (e) { return !isAllowed(e); });
    var undeterminedText = unknown.length ? '\nundetermined on ' + portList(unknown).join(', ') + ' (the input does not decide)' : '';
    if (!allowed.length) { return head + undeterminedText; }
    return head + '\nallowed on ' + portList(allowed).join(', ') + '\n' + allowed.length + ' of ' + c.pairs + ' pair(s) allowed, ' +
      TIER_TEXT[tierOf(allowed)] + undeterminedText;
  }
  canvas.addEventListener('mousemove', function (ev) {
    var c = cellAt(ev);
    if (!c) { tip.hidden = true; return; }
    tip.textContent = cellText(c);
    tip.hidden = false;
    var wrap = document.getElementById('matrix-wrap').getBoundingClientRect();
    var x = ev.clientX - wrap.left + 14, y = ev.clientY - wrap.top + 14;
    if (x + 300 > wrap.width) { x = Math.max(0, x - 330); }
    if (y + 70 > wrap.height) { y = Math.max(0, y - 90); }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('click', function (ev) {
    var c = cellAt(ev);
    if (!c) { return; }
    explainInto(document.getElementById('matrix-explanation'), c.from.label + ' \u2192 ' + c.to.label, c.edges,
      c.pairs === 0 ? 'Not probed (the same workload, or outside to outside).' : 'Denied on every probed port: no allowed connection between these.');
  });
  document.getElementById('matrix-namespaces').addEventListener('click', function () { level = 'namespaces'; drawMatrix(); });
  document.getElementById('matrix-workloads').addEventListener('click', function () { level = 'workloads'; drawMatrix(); });
  window.addEventListener('resize', function () { if (current === 'matrix') { drawMatrix(); } });

  // ---- focus view ---------------------------------------------------------------------------------------------------
  var search = document.getElementById('focus-search');
  var names = document.getElementById('focus-names');
  workloads.concat(externals).forEach(function (n) {
    var o = document.createElement('option');
    o.value = n.id;
    o.label = n.ns === null ? n.name : n.kind;
    names.appendChild(o);
  });
  function focusTable(edges, otherEnd) {
    if (!edges.length) { return el('p', 'hint', 'nobody (on the probed ports)'); }
    var table = el('table', 'list');
    var head = el('tr');
    ['workload', 'ports', 'allowed by'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    edges.slice(0, MAX_ROWS).forEach(function (e) {
      var tr = el('tr', e.kind + (isAllowed(e) ? ' tier-' + tierOf([e]) : ''));
      var who = el('td');
      who.appendChild(focusLink(otherEnd(e), nameOf(otherEnd(e))));
      tr.appendChild(who);
      tr.appendChild(el('td', 'ports', e.ports));
      var how = el('td', 'how');
      rulesOf(e).forEach(function (line) { how.appendChild(el('div', null, line)); });
      tr.appendChild(how);
      table.appendChild(tr);
    });
    if (edges.length > MAX_ROWS) { var more = el('tr'); more.appendChild(el('td', 'hint', 'and ' + (edges.length - MAX_ROWS) + ' more')); table.appendChild(more); }
    return table;
  }
  function renderFocus(id) {
    var status = document.getElementById('focus-status'), fin = document.getElementById('focus-in'), fout = document.getElementById('focus-out');
    fin.textContent = ''; fout.textContent = '';
    var n = byId[id];
    if (!n) { status.textContent = 'no workload named ' + id; return; }
    status.textContent = nameOf(id) + ': ' + (n.ns === null ? 'outside the cluster' : n.kind + ', ' + isolation(n)) + ' \u00B7 ' + incoming[id].length + ' in, ' + outgoing[id].length + ' out';
    document.getElementById('view-focus').setAttribute('data-focus', id);
    fin.appendChild(focusTable(incoming[id], function (e) { return e.from; }));
    fout.appendChild(focusTable(outgoing[id], function (e) { return e.to; }));
  }
  function focusOn(id) { search.value = id; showView('focus'); renderFocus(id); }
  function resolve(text) {
    var t = text.trim();
    if (byId[t]) { return [t]; }
    var low = t.toLowerCase();
    return workloads.concat(externals).map(function (n) { return n.id; }).filter(function (id) { return low && (id.toLowerCase().indexOf(low) >= 0 || nameOf(id).toLowerCase().indexOf(low) >= 0); });
  }
  function searchNow() {
    var found = resolve(search.value);
    if (found.length === 1) { renderFocus(found[0]); return; }
    document.getElementById('focus-status').textContent = found.length ? found.length + ' matches: ' + found.slice(0, 8).join(', ') + (found.length > 8 ? ', \u2026' : '') : 'no workload matches ' + search.value;
  }
  search.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); searchNow(); } });
  search.addEventListener('change', searchNow);
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a.focus') : null;
    if (a) { ev.preventDefault(); focusOn(a.getAttribute('data-focus')); }
  });

  // ---- exposure view ------------------------------------------------------------------------------------------------
  function section(parent, title, count, hint) {
    var h = el('h2', null, title + ' ');
    h.appendChild(el('span', 'count', '(' + count + ')'));
    parent.appendChild(h);
    if (hint) { parent.appendChild(el('p', 'hint', hint)); }
  }
  function edgeRows(parent, edges, side) {
    if (!edges.length) { parent.appendChild(el('p', 'pass-summary', 'None.')); return; }
    var table = el('table', 'list');
    edges.slice(0, MAX_ROWS).forEach(function (e) {
      var tr = el('tr', e.kind + (isAllowed(e) ? ' tier-' + tierOf([e]) : ''));
      var td = el('td');
      td.appendChild(focusLink(side(e)));
      tr.appendChild(td);
      tr.appendChild(el('td', null, nameOf(e.from === side(e) ? e.to : e.from)));
      tr.appendChild(el('td', 'ports', e.ports));
      tr.appendChild(el('td', 'how', rulesOf(e).join('; ')));
      table.appendChild(tr);
    });
    parent.appendChild(table);
    if (edges.length > MAX_ROWS) { parent.appendChild(el('p', 'hint', 'and ' + (edges.length - MAX_ROWS) + ' more')); }
  }
  function renderExposure() {
    var root = document.getElementById('exposure');
    var open = workloads.filter(function (n) { return !n.in && !n.out; });
    section(root, 'Not isolated in either direction', open.length, 'No policy selects these workloads: anything may reach them and they may reach anything.');
    if (open.length) {
      var p = el('p', 'links');
      open.slice(0, MAX_ROWS).forEach(function (n, i) { if (i) { p.appendChild(document.createTextNode(' \u00B7 ')); } p.appendChild(focusLink(n.id)); });
      root.appendChild(p);
    } else { root.appendChild(el('p', 'pass-summary', 'None.')); }
    var reachable = data.edges.filter(function (e) { return byId[e.from].ns === null; });
    section(root, 'Reachable from outside the cluster', reachable.length, 'From the Internet (203.0.113.10), the LAN / private ranges, or through a LoadBalancer address (its clients), on the probed ports.');
    edgeRows(root, reachable, function (e) { return e.to; });
    var egress = data.edges.filter(function (e) { return e.to === 'outside'; });
    section(root, 'Egress open to the Internet', egress.length, 'Workloads that may open connections to 203.0.113.10 (80/TCP, 443/TCP and --port).');
    edgeRows(root, egress, function (e) { return e.from; });
    section(root, 'Failed expectations', data.failed.length, null);
    if (!data.failed.length) { root.appendChild(el('p', 'pass-summary', 'None.')); }
    data.failed.forEach(function (x) {
      var p = el('p', 'fail');
      p.appendChild(el('strong', null, x.name + ': '));
      p.appendChild(byId[x.from] ? focusLink(x.from) : document.createTextNode(x.from));
      p.appendChild(document.createTextNode(' \u2192 '));
      p.appendChild(byId[x.to] ? focusLink(x.to) : document.createTextNode(x.to));
      p.appendChild(document.createTextNode(' ' + x.port + ': expected ' + x.expected + ', got ' + x.got));
      root.appendChild(p);
    });
    section(root, 'Lint errors', data.lintErrors.length, null);
    if (!data.lintErrors.length) { root.appendChild(el('p', 'pass-summary', 'None.')); }
    data.lintErrors.forEach(function (x) { root.appendChild(el('p', 'fail', x.code + ' ' + x.where + ': ' + x.message)); });
  }

  // ---- start ---------------------------------------------------------------------------------------------------------
  window.palisade = {
    // Where a matrix cell is on screen (client coordinates of its centre), for tests that point the mouse at it.
    matrixCell: function (fromId, toId) {
      if (!grid) { return null; }
      var i = -1, j = -1;
      grid.list.forEach(function (x, k) { if (x.id === fromId) { i = k; } if (x.id === toId) { j = k; } });
      if (i < 0 || j < 0) { return null; }
      var r = canvas.getBoundingClientRect();
      return { x: r.left + grid.margin + (j + 0.5) * grid.cell, y: r.top + grid.margin + (i + 0.5) * grid.cell };
    }
  };
  renderExposure();
  showView('graph');
  renderGraph();
  document.body.setAttribute('data-ready', 'true');
})();
