// The treemap: lays out the embedded tree (squarified, Bruls, Huizing and van Wijk 2000) as
// SVG, colours it by the chosen measure, shows a tooltip per rectangle and zooms into a
// directory on click. Repository text only ever reaches the page through textContent.
(function () {
  'use strict';
  var doc = document.documentElement;
  // the SVG namespace, taken from the parser so that the page holds no address at all
  var probe = document.createElement('div');
  probe.innerHTML = '<svg></svg>';
  var SVG = probe.firstChild.namespaceURI;
  var HEIGHT = 560, HEADER = 16, PAD = 2;
  var NONE = '#d9d9d9', FRAME = '#a8b0b9';
  var data, nodes, current, mode = 'bus', drawn = 0;

  function main() {
    data = JSON.parse(document.getElementById('page').textContent);
    nodes = data.nodes;
    nodes.forEach(function (n) { n.kids = []; });
    nodes[0].path = '';
    nodes.forEach(function (n, i) {
      n.i = i;
      if (n.up === null) return;
      var up = nodes[n.up];
      up.kids.push(n);
      // parents come first; a quoted path comes whole
      if (n.path === undefined) n.path = n.kind === 'o' ? up.path : up.up === null ? n.name : up.path + '/' + n.name;
    });
    nodes.forEach(function (n) {
      n.kids.sort(function (a, b) { return (a.kind === 'o') - (b.kind === 'o') || b.lines - a.lines; });
    });
    current = nodes[0];
    // `report.html#age` opens with that colouring
    var radios = document.querySelectorAll('input[name=mode]');
    Array.prototype.forEach.call(radios, function (r) {
      if (location.hash === '#' + r.value) r.checked = true;
    });
    Array.prototype.forEach.call(radios, function (r) {
      if (r.checked) mode = r.value;
      r.addEventListener('change', function () { mode = r.value; draw(); });
    });
    var box = document.getElementById('treemap');
    box.addEventListener('mousemove', hover);
    box.addEventListener('mouseleave', function () { tip().hidden = true; });
    box.addEventListener('click', function (e) {
      var n = target(e);
      if (!n) return;
      if (n.kind === 'd' && n.kids.length && n !== current) zoom(n);
      else if (n.up !== null && nodes[n.up] !== current) zoom(nodes[n.up]);
    });
    var t;
    window.addEventListener('resize', function () { clearTimeout(t); t = setTimeout(draw, 150); });
    draw();
  }

  // --- text -------------------------------------------------------------------------------
  // the characters the other renderers show as \u{..}: controls, bidi and zero-width marks
  var HOSTILE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
  function vis(s) {
    return String(s).replace(HOSTILE, function (c) { return '\\u{' + c.charCodeAt(0).toString(16) + '}'; });
  }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, one, many) { return num(n) + ' ' + (n === 1 ? one : many); }
  function pct(x) { return Math.round(x * 100) + '%'; }
  function who(ix) { return vis(data.people[ix][1]); }
  function people(n) {
    var s = n.people.map(who).join(', ');
    return n.people_count > n.people.length ? s + ' +' + (n.people_count - n.people.length) : s;
  }
  function days(n) { return n.last_change ? Math.floor((Date.parse(data.reference_time) - Date.parse(n.last_change)) / 864e5) : null; }
  function span(d) {
    return d >= 730 && d % 365 === 0 ? (d / 365) + ' years' : d === 365 ? '1 year' : num(d) + ' days';
  }
  function title(n) {
    if (n.i === 0) return 'repository';
    if (n.kind === 'o') return (n.path ? vis(n.path) + '/' : '') + '…';
    return vis(n.path) + (n.kind === 'd' ? '/' : '');
  }

  // --- colours ----------------------------------------------------------------------------
  var BUS = [[0, '#a50026', '0'], [1, '#d73027', '1'], [2, '#fdae61', '2'], [3, '#fee090', '3'],
    [5, '#abd9e9', '4–5'], [9, '#74add1', '6–9'], [Infinity, '#4575b4', '10 or more']];
  var SHARE = [[0.9, '#7b3294', 'ds 90% or more'], [0.65, '#c2a5cf', 'mostly ds'], [0.35, '#f7f7f7', 'both'],
    [0.1, '#a6dba0', 'mostly se'], [-1, '#008837', 'se 90% or more']];
  function ages() {
    var a = data.active_days, s = data.stale_days;
    return [[a, '#ffffcc', 'changed in the last ' + span(a)], [s, '#fed976', 'up to ' + span(s)],
      [2 * s, '#fd8d3c', 'up to ' + span(2 * s)], [4 * s, '#e31a1c', 'up to ' + span(4 * s)],
      [Infinity, '#800026', 'older']];
  }
  // ds / (ds + se) of the changes to the file's area, or null
  function dsShare(n) {
    var a = n.area && data.areas[n.area];
    if (!a) return null;
    var ds = a.role_shares.ds || 0, se = a.role_shares.se || 0;
    return ds + se > 0 ? ds / (ds + se) : null;
  }
  function colour(n) {
    if (n.kind === 'o') return 'url(#hatch)';
    var i;
    if (mode === 'bus') {
      if (n.bus === null) return NONE;
      for (i = 0; i < BUS.length; i++) if (n.bus <= BUS[i][0]) return BUS[i][1];
    }
    if (n.kind !== 'f') return FRAME;
    if (mode === 'age') {
      var d = days(n), a = ages();
      if (d === null) return NONE;
      for (i = 0; i < a.length; i++) if (d <= a[i][0]) return a[i][1];
    }
    var t = dsShare(n);
    if (t === null) return NONE;
    for (i = 0; i < SHARE.length; i++) if (t >= SHARE[i][0]) return SHARE[i][1];
    return NONE;
  }
  function dark(c) {
    if (c.charAt(0) !== '#') return false;
    var v = parseInt(c.slice(1), 16);
    return 0.299 * (v >> 16) + 0.587 * (v >> 8 & 255) + 0.114 * (v & 255) < 140;
  }

  // --- layout -----------------------------------------------------------------------------
  // Squarified: add areas to the current row while its worst aspect ratio improves, then lay
  // the row along the shorter side and go on in what is left. Values sorted largest first.
  function squarify(values, x, y, w, h) {
    var out = [], total = 0, i;
    for (i = 0; i < values.length; i++) total += values[i];
    if (total <= 0 || w <= 0 || h <= 0) return out;
    var scale = w * h / total, row = [], sum = 0;
    function worst(r, s, side) {
      var max = r[0], min = r[r.length - 1];
      return Math.max(side * side * max / (s * s), s * s / (side * side * min));
    }
    function flush() {
      if (w >= h) {
        var cw = sum / h, cy = y;
        row.forEach(function (a) { out.push([x, cy, cw, a / cw]); cy += a / cw; });
        x += cw; w -= cw;
      } else {
        var rh = sum / w, cx = x;
        row.forEach(function (a) { out.push([cx, y, a / rh, rh]); cx += a / rh; });
        y += rh; h -= rh;
      }
      row = []; sum = 0;
    }
    for (i = 0; i < values.length; i++) {
      var a = values[i] * scale, side = Math.min(w, h);
      if (row.length && worst(row, sum, side) < worst(row.concat([a]), sum + a, side)) flush();
      row.push(a); sum += a;
    }
    if (row.length) flush();
    return out;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function label(g, text, x, y, w, cls, light) {
    var fit = Math.floor((w - 6) / 6.6);
    if (fit < 3) return;
    if (text.length > fit) text = text.slice(0, fit - 1) + '…';
    var t = el('text', { x: x + 3, y: y, 'class': cls }, g);
    if (light) t.classList.add('light');
    t.textContent = text;
  }

  function draw() {
    var box = document.getElementById('treemap');
    var width = Math.max(320, box.clientWidth || 960);
    box.textContent = '';
    drawn = 0;
    var svg = el('svg', { width: width, height: HEIGHT, viewBox: '0 0 ' + width + ' ' + HEIGHT, role: 'img' }, box);
    var pattern = el('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, el('defs', {}, svg));
    el('rect', { width: 6, height: 6, fill: '#e8e8e8' }, pattern);
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#c4c4c4', 'stroke-width': 3 }, pattern);
    layout(svg, current, 0, 0, width, HEIGHT, 0);
    doc.setAttribute('data-rects', String(drawn));
    crumbs();
    legend();
  }

  function layout(svg, node, x, y, w, h, depth) {
    var kids = node.kids.filter(function (k) { return k.lines > 0; });
    var rects = squarify(kids.map(function (k) { return k.lines; }), x, y, w, h);
    kids.forEach(function (k, i) { place(svg, k, rects[i], depth + 1); });
  }

  function place(svg, n, r, depth) {
    var x = r[0], y = r[1], w = r[2], h = r[3];
    var deepest = mode === 'bus' ? 2 : 64;
    // a directory that holds only one directory is drawn as one: `src/main/scala`
    var name = n.kind === 'o' ? n.name : vis(n.name);
    while (n.kind === 'd' && n.kids.length === 1 && n.kids[0].kind === 'd') {
      n = n.kids[0];
      name += '/' + vis(n.name);
    }
    var g = el('g', { 'data-i': n.i }, svg);
    if (n.kind === 'd' && n.kids.length && depth < deepest && w >= 24 && h >= 24) {
      var head = h >= 44 && w >= 50 ? HEADER : PAD;
      var frame = mode === 'bus' ? colour(n) : FRAME;
      el('rect', { x: x, y: y, width: w, height: h, fill: frame, 'class': 'frame' }, g);
      drawn++;
      if (head === HEADER) {
        var text = name + (mode === 'bus' && n.bus !== null ? ' · bus factor ' + n.bus : '');
        label(g, text, x, y + 12, w, 'head', dark(frame));
      }
      layout(svg, n, x + PAD, y + head, w - 2 * PAD, h - head - PAD, depth);
      return;
    }
    var fill = colour(n);
    el('rect', { x: x, y: y, width: w, height: h, fill: fill, 'class': 'leaf' }, g);
    drawn++;
    if (h >= 15) {
      var ink = dark(fill);
      label(g, name, x, y + 12, w, 'name', ink);
      if (h >= 30 && n.kind !== 'o') label(g, detail(n), x, y + 25, w, 'detail', ink);
    }
  }

  // the second line of a leaf: its value in the current colouring
  function detail(n) {
    if (mode === 'bus') {
      if (n.bus === null) return '';
      return n.kind === 'f' ? plural(n.bus, 'author', 'authors') : 'bus factor ' + n.bus;
    }
    if (mode === 'age') { var d = days(n); return d === null ? '' : span(d); }
    var t = dsShare(n);
    return t === null ? '' : 'ds ' + pct(t);
  }

  // --- interaction ------------------------------------------------------------------------
  function target(e) {
    var g = e.target.closest && e.target.closest('g[data-i]');
    return g ? nodes[Number(g.getAttribute('data-i'))] : null;
  }
  function tip() { return document.getElementById('tip'); }

  function hover(e) {
    var n = target(e), t = tip();
    if (!n) { t.hidden = true; return; }
    var lines = [title(n)];
    if (n.kind === 'o') {
      lines.push(plural(n.files, 'file', 'files') + ', ' + plural(n.lines, 'line', 'lines') + ' in smaller entries, not drawn one by one');
    } else if (n.kind === 'd') {
      lines.push(plural(n.lines, 'line', 'lines') + ' · ' + plural(n.files, 'file', 'files'));
      lines.push('bus factor ' + (n.bus === null ? '-' : n.bus) + (n.people.length ? ': ' + people(n) : ''));
      lines.push('untouched ' + num(n.untouched) + ' of ' + plural(n.files, 'file', 'files') + ' · orphaned ' + num(n.orphaned));
      if (n !== current) lines.push('click to zoom in');
    } else {
      lines.push(plural(n.lines, 'line', 'lines'));
      lines.push(plural(n.people_count, 'author', 'authors') + (n.people.length ? ': ' + people(n) : ''));
      var d = days(n);
      if (d !== null) lines.push('last change ' + n.last_change.slice(0, 10) + ' (' + span(d) + ' before the report)');
      var flags = [n.untouched ? 'untouched' : '', n.orphaned ? 'orphaned' : ''].filter(Boolean);
      if (flags.length) lines.push(flags.join(', '));
      if (n.area) {
        var a = data.areas[n.area], shares = Object.keys(a.role_shares).sort(function (p, q) {
          return a.role_shares[q] - a.role_shares[p];
        }).map(function (r) { return vis(r) + ' ' + pct(a.role_shares[r]); });
        lines.push('area ' + vis(n.area) + (a.side ? ' (side ' + vis(a.side) + ')' : '') + (shares.length ? ': changes by ' + shares.join(', ') : ''));
      }
    }
    t.textContent = lines.join('\n');
    t.hidden = false;
    var x = e.clientX + 14, y = e.clientY + 14;
    if (x + t.offsetWidth > window.innerWidth - 8) x = Math.max(8, e.clientX - t.offsetWidth - 14);
    if (y + t.offsetHeight > window.innerHeight - 8) y = Math.max(8, e.clientY - t.offsetHeight - 14);
    t.style.left = x + 'px';
    t.style.top = y + 'px';
  }

  function zoom(n) { current = n; tip().hidden = true; draw(); }

  function crumbs() {
    var nav = document.getElementById('crumbs');
    nav.textContent = '';
    var chain = [];
    for (var n = current; n; n = n.up === null ? null : nodes[n.up]) chain.unshift(n);
    chain.forEach(function (c, i) {
      if (i) nav.appendChild(document.createTextNode(' / '));
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = i ? vis(c.name) : 'repository';
      if (c === current) b.disabled = true;
      b.addEventListener('click', function () { zoom(c); });
      nav.appendChild(b);
    });
    var s = document.createElement('span');
    s.className = 'note';
    s.textContent = '  ' + plural(current.lines, 'line', 'lines') + ', ' + plural(current.files, 'file', 'files') +
      ', bus factor ' + (current.bus === null ? '-' : current.bus);
    nav.appendChild(s);
  }

  function legend() {
    var box = document.getElementById('legend');
    box.textContent = '';
    var keys, text;
    if (mode === 'bus') {
      keys = BUS.map(function (b) { return [b[1], b[2]]; });
      text = 'Bus factor of each directory: how many people must leave before half its files have no author left. ' +
        'A file’s is its number of authors. Two levels are drawn; click a directory to go deeper.';
    } else if (mode === 'age') {
      keys = ages().map(function (a) { return [a[1], a[2]]; });
      text = 'Time from each file’s last change to the report’s reference time; untouched means no change in ' +
        span(data.stale_days) + '.';
    } else {
      keys = SHARE.map(function (s) { return [s[1], s[2]]; });
      text = 'Of the changes to each file’s area by ds and se people, the share by ds people (the report has role shares per area, not per file).';
    }
    if (mode === 'bus') keys.push([NONE, 'no files']);
    else keys.push([NONE, mode === 'age' ? 'no change known' : 'no area, or no ds/se change'], [FRAME, 'directory: zoom in for its files']);
    keys.push(['#e8e8e8', 'smaller entries, summed']);
    keys.forEach(function (k) {
      var s = document.createElement('span');
      s.className = 'key';
      var i = document.createElement('i');
      i.style.background = k[0];
      s.appendChild(i);
      s.appendChild(document.createTextNode(k[1]));
      box.appendChild(s);
    });
    var p = document.createElement('p');
    p.className = 'note';
    p.textContent = text;
    box.appendChild(p);
  }

  // last, once every table above is set
  try {
    main();
    doc.setAttribute('data-ready', '1');
  } catch (e) {
    doc.setAttribute('data-errors', (doc.getAttribute('data-errors') || '') + String(e && e.stack || e) + '\n');
  }
})();
