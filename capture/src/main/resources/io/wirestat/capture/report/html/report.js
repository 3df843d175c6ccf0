// wirestat --html report: draws the data embedded in this page as SVG. No library, no network request.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var STATES = D.states;
  var SS = ['unknown', 'listen', 'syn-sent', 'syn-recv', 'established', 'fin-wait-1', 'fin-wait-2', 'close-wait',
    'closing', 'last-ack', 'time-wait', 'closed'];
  var COLORS = ['#b8bec9', '#7c8796', '#f2b134', '#f58b4c', '#3b82c4', '#9b6fd1', '#c45ab3', '#d64541', '#8c564b',
    '#e377c2', '#2ca58d', '#d6dbe3'];
  var CLOSED = STATES.indexOf('CLOSED');
  var GROUPS = {
    all: SS.slice(),
    connected: SS.filter(function (s) { return s !== 'listen' && s !== 'closed'; }),
    synchronized: SS.filter(function (s) { return s !== 'listen' && s !== 'closed' && s !== 'syn-sent'; }),
    bucket: ['syn-recv', 'time-wait'],
    big: SS.filter(function (s) { return s !== 'syn-recv' && s !== 'time-wait'; })
  };
  var root = document.getElementById('report');
  var T = D.timeline;
  var full = T.t.length ? [T.t[0] - (T.rows > 1 ? T.interval * T.step : 1), T.t[T.t.length - 1]] : [0, 1];
  var zoom = full.slice();
  var charts = [];

  function el(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function sv(tag, attrs, parent, text) {
    var e = document.createElementNS(NS, tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function iso(t) {
    if (t === null || t === undefined) { return '-'; }
    return new Date(t * 1000).toISOString();
  }
  function age(s) {
    if (s < 1) { return Math.round(s * 1000) + 'ms'; }
    if (s < 120) { return (Math.round(s * 10) / 10) + 's'; }
    if (s < 7200) { return Math.floor(s / 60) + 'm' + String(Math.round(s % 60)).padStart(2, '0') + 's'; }
    return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
  }
  function clock(t, span) {
    var s = new Date(t * 1000).toISOString();
    if (span < 5) { return s.substring(11, 23); }
    if (span < 86400) { return s.substring(11, 19); }
    return s.substring(5, 16).replace('T', ' ');
  }
  function niceStep(range, count) {
    var raw = range / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var n = raw / mag;
    return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
  }

  // ---- header ------------------------------------------------------------------------------------------------
  function header() {
    el('h1', null, root, 'wirestat report: ' + D.title);
    var grid = el('div', {'class': 'header-grid'}, root);
    function row(k, v) { el('div', {'class': 'muted'}, grid, k); el('div', {'class': 'mono'}, grid, v); }
    row('Files', D.files.join(', '));
    if (D.filter) { row('Filter', D.filter); }
    row('Span', iso(D.first) + ' to ' + iso(D.last) + ' (' + age((D.last || 0) - (D.first || 0)) +
      '; states as of the last frame)');
    row('Timeline', T.rows + ' rows of ' + age(T.interval) + (T.step > 1 ? ' (drawn ' + T.step + ' rows a point)' : ''));
    var tally = {};
    D.alerts.forEach(function (a) { tally[a.severity] = (tally[a.severity] || 0) + 1; });
    var chips = el('div', {'class': 'chips'}, null);
    if (!D.alerts.length) { el('span', null, chips, 'no alerts'); }
    ['critical', 'warning', 'info'].forEach(function (s) {
      if (tally[s]) { el('span', {'class': 'sev-' + s}, chips, tally[s] + ' ' + s); }
    });
    el('div', {'class': 'muted'}, grid, 'Alerts');
    grid.appendChild(chips);
    var counters = el('div', {'class': 'chips mono'}, null);
    Object.keys(D.counters).forEach(function (k) {
      if (D.counters[k] !== 0) { el('span', null, counters, k + ' ' + D.counters[k]); }
    });
    el('div', {'class': 'muted'}, grid, 'Counters');
    grid.appendChild(counters);
  }

  // ---- time charts -------------------------------------------------------------------------------------------
  function visible(ts) {
    var from = 0;
    var to = ts.length - 1;
    while (from < ts.length - 1 && ts[from + 1] < zoom[0]) { from++; }
    while (to > 0 && ts[to - 1] > zoom[1]) { to--; }
    return [from, to];
  }
  function frame(box, height, title) {
    el('div', {'class': 'title'}, box, title);
    var width = Math.max(600, box.clientWidth || 1100);
    var svg = sv('svg', {viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img'}, box);
    sv('title', null, svg, title);
    return {svg: svg, w: width, h: height, l: 56, r: 12, t: 8, b: 26};
  }
  function xAxis(f, x) {
    var g = sv('g', {'class': 'axis'}, f.svg);
    var span = zoom[1] - zoom[0];
    var step = niceStep(span, 7);
    sv('line', {x1: f.l, x2: f.w - f.r, y1: f.h - f.b, y2: f.h - f.b}, g);
    for (var t = Math.ceil(zoom[0] / step) * step; t <= zoom[1]; t += step) {
      sv('line', {x1: x(t), x2: x(t), y1: f.h - f.b, y2: f.h - f.b + 4}, g);
      var anchor = x(t) > f.w - f.r - 30 ? 'end' : x(t) < f.l + 30 ? 'start' : 'middle';
      sv('text', {x: x(t), y: f.h - 8, 'text-anchor': anchor}, g, clock(t, span));
    }
  }
  function yAxis(f, y, max, log) {
    var g = sv('g', {'class': 'axis'}, f.svg);
    var grid = sv('g', {'class': 'grid'}, f.svg);
    sv('line', {x1: f.l, x2: f.l, y1: f.t, y2: f.h - f.b}, g);
    var ticks = [];
    if (log) {
      for (var p = 1; p <= max * 1.0001; p *= 10) { ticks.push(p); }
    } else {
      var step = Math.max(1, niceStep(max, 5));
      for (var v = 0; v <= max; v += step) { ticks.push(v); }
    }
    ticks.forEach(function (v) {
      sv('line', {x1: f.l, x2: f.w - f.r, y1: y(v), y2: y(v)}, grid);
      sv('text', {x: f.l - 6, y: y(v) + 4, 'text-anchor': 'end'}, g, String(v));
    });
  }
  function markers(f, x) {
    D.alerts.forEach(function (a) {
      if (a.fired < zoom[0] || a.fired > zoom[1]) { return; }
      var color = a.severity === 'critical' ? '#c0392b' : a.severity === 'warning' ? '#d68910' : '#2e86c1';
      var g = sv('g', {'class': 'alert-marker'}, f.svg);
      sv('line', {x1: x(a.fired), x2: x(a.fired), y1: f.t, y2: f.h - f.b, stroke: color,
        'stroke-dasharray': '4 3', 'stroke-width': 1.5}, g);
      sv('path', {d: 'M' + (x(a.fired) - 5) + ',' + f.t + 'l10,0l-5,8z', fill: color}, g);
      sv('title', null, g, a.kind + ' ' + a.subject + ' first fired ' + iso(a.fired));
    });
  }
  function brush(f, redrawAll) {
    var sel = null;
    var start = 0;
    function px(ev) {
      var r = f.svg.getBoundingClientRect();
      return (ev.clientX - r.left) * f.w / r.width;
    }
    f.svg.addEventListener('mousedown', function (ev) {
      start = px(ev);
      sel = sv('rect', {x: start, y: f.t, width: 0, height: f.h - f.t - f.b, fill: 'rgba(29,78,216,0.15)'}, f.svg);
    });
    f.svg.addEventListener('mousemove', function (ev) {
      if (!sel) { return; }
      var p = px(ev);
      sel.setAttribute('x', Math.min(p, start));
      sel.setAttribute('width', Math.abs(p - start));
    });
    window.addEventListener('mouseup', function (ev) {
      if (!sel) { return; }
      var p = px(ev);
      sel = null;
      if (Math.abs(p - start) > 4) {
        var inv = function (v) { return zoom[0] + (v - f.l) / (f.w - f.l - f.r) * (zoom[1] - zoom[0]); };
        var a = inv(Math.min(p, start));
        var b = inv(Math.max(p, start));
        zoom = [Math.max(full[0], a), Math.min(full[1], b)];
      }
      redrawAll();
    });
    f.svg.addEventListener('dblclick', function () { zoom = full.slice(); redrawAll(); });
  }
  function stackChart(box, side, title) {
    box.textContent = '';
    var f = frame(box, 250, title);
    var data = T[side];
    var vis = visible(T.t);
    var shown = [];
    for (var s = 0; s < STATES.length; s++) {
      if (s === CLOSED) { continue; }
      for (var i = 0; i < T.t.length; i++) { if (data[s][i] > 0) { shown.push(s); break; } }
    }
    var max = 1;
    for (var j = vis[0]; j <= vis[1]; j++) {
      var tot = 0;
      shown.forEach(function (st) { tot += data[st][j]; });
      max = Math.max(max, tot);
    }
    max = Math.ceil(max * 1.1);
    var x = function (t) { return f.l + (t - zoom[0]) / (zoom[1] - zoom[0]) * (f.w - f.l - f.r); };
    var y = function (v) { return f.h - f.b - v / max * (f.h - f.t - f.b); };
    yAxis(f, y, max, false);
    var clip = 'clip-' + side;
    var defs = sv('defs', null, f.svg);
    var cp = sv('clipPath', {id: clip}, defs);
    sv('rect', {x: f.l, y: f.t, width: f.w - f.l - f.r, height: f.h - f.t - f.b}, cp);
    var area = sv('g', {'clip-path': 'url(#' + clip + ')', 'class': 'areas'}, f.svg);
    var base = new Array(T.t.length).fill(0);
    shown.forEach(function (st) {
      var up = [];
      var down = [];
      for (var k = vis[0]; k <= vis[1]; k++) {
        up.push(x(T.t[k]).toFixed(1) + ',' + y(base[k] + data[st][k]).toFixed(1));
        down.push(x(T.t[k]).toFixed(1) + ',' + y(base[k]).toFixed(1));
      }
      for (var m = vis[0]; m <= vis[1]; m++) { base[m] += data[st][m]; }
      var p = sv('path', {d: 'M' + up.join('L') + 'L' + down.reverse().join('L') + 'Z', fill: COLORS[st],
        'fill-opacity': 0.85, stroke: COLORS[st], 'data-state': STATES[st]}, area);
      sv('title', null, p, STATES[st]);
    });
    xAxis(f, x);
    markers(f, x);
    var legend = el('div', {'class': 'legend'}, box);
    if (!shown.length) { el('span', {'class': 'muted'}, legend, 'no endpoint outside CLOSED on this side'); }
    shown.forEach(function (st) {
      var item = el('span', null, legend);
      el('i', {style: 'background:' + COLORS[st]}, item);
      item.appendChild(document.createTextNode(STATES[st]));
    });
    brush(f, redrawCharts);
  }
  function timeWaitChart(box) {
    box.textContent = '';
    var range = D.portRange;
    var f = frame(box, 200, 'TIME_WAIT per destination (busiest client-to-service path) against the ephemeral ' +
      'port range ' + D.portRangeText + ' (' + range + ' ports), log scale');
    var top = Math.pow(10, Math.ceil(Math.log10(range + 1)));
    var x = function (t) { return f.l + (t - zoom[0]) / (zoom[1] - zoom[0]) * (f.w - f.l - f.r); };
    var y = function (v) { return f.h - f.b - Math.log10(v + 1) / Math.log10(top + 1) * (f.h - f.t - f.b); };
    yAxis(f, y, top, true);
    var vis = visible(T.t);
    var pts = [];
    var peak = 0;
    var peakPath = null;
    for (var i = vis[0]; i <= vis[1]; i++) {
      pts.push(x(T.t[i]).toFixed(1) + ',' + y(T.timeWaitPeak[i]).toFixed(1));
      if (T.timeWaitPeak[i] > peak) { peak = T.timeWaitPeak[i]; peakPath = T.timeWaitPath[i]; }
    }
    var g = sv('g', {'clip-path': 'url(#clip-tw)'}, f.svg);
    var cp = sv('clipPath', {id: 'clip-tw'}, sv('defs', null, f.svg));
    sv('rect', {x: f.l, y: f.t, width: f.w - f.l - f.r, height: f.h - f.t - f.b}, cp);
    sv('line', {x1: f.l, x2: f.w - f.r, y1: y(range), y2: y(range), stroke: '#c0392b', 'stroke-dasharray': '6 4',
      'stroke-width': 1.5, 'class': 'port-range'}, g);
    sv('text', {x: f.w - f.r - 4, y: y(range) - 4, 'text-anchor': 'end'}, g, 'ephemeral port range: ' + range);
    if (pts.length) {
      sv('path', {d: 'M' + pts.join('L'), fill: 'none', stroke: '#2ca58d', 'stroke-width': 2,
        'class': 'time-wait-peak'}, g);
    }
    sv('text', {x: f.l + 6, y: f.t + 14}, g, 'peak in view: ' + peak + (peakPath ? ' (' + peakPath + ', ' +
      (Math.round(peak * 1000 / range) / 10) + '% of the range)' : ''));
    xAxis(f, x);
    markers(f, x);
    brush(f, redrawCharts);
  }
  function redrawCharts() { charts.forEach(function (c) { c(); }); }

  function chartsSection() {
    el('h2', {id: 'states'}, root, 'States over time');
    el('p', {'class': 'muted'}, root, 'Endpoints in each state at the end of every interval, stacked; CLOSED is ' +
      'left out (it only grows). Drag across a chart to zoom (all charts follow), double-click to zoom out. ' +
      'Dashed lines mark when alerts first fired.');
    var bar = el('div', {'class': 'toolbar'}, root);
    var reset = el('button', {type: 'button'}, bar, 'Reset zoom');
    reset.addEventListener('click', function () { zoom = full.slice(); redrawCharts(); });
    var c = el('div', {'class': 'chart', id: 'chart-client'}, root);
    var s = el('div', {'class': 'chart', id: 'chart-server'}, root);
    var w = el('div', {'class': 'chart', id: 'chart-time-wait'}, root);
    charts.push(function () { stackChart(c, 'client', 'Client side: endpoints per state'); });
    charts.push(function () { stackChart(s, 'server', 'Server side: endpoints per state'); });
    charts.push(function () { timeWaitChart(w); });
  }

  // ---- top services ------------------------------------------------------------------------------------------
  function simpleTable(parent, heads, rows, numeric) {
    var t = el('table', null, parent);
    var tr = el('tr', null, el('thead', null, t));
    heads.forEach(function (h, i) { el('th', numeric[i] ? {'class': 'num'} : null, tr, h); });
    var body = el('tbody', null, t);
    rows.forEach(function (r) {
      var row = el('tr', null, body);
      r.forEach(function (v, i) { el('td', {'class': numeric[i] ? 'num mono' : 'mono'}, row, v); });
    });
    return t;
  }
  function topSection() {
    el('h2', null, root, 'Top services by CLOSE_WAIT and TIME_WAIT (as of the last frame)');
    [['CLOSE_WAIT', D.topCloseWait], ['TIME_WAIT', D.topTimeWait]].forEach(function (p) {
      el('h3', null, root, p[0] + ' (' + p[1].endpoints + ' endpoints)');
      if (!p[1].rows.length) { el('p', {'class': 'muted'}, root, 'No endpoint in ' + p[0] + '.'); return; }
      simpleTable(root, ['Endpoint', 'Side', 'Connections', 'Oldest'], p[1].rows.map(function (r) {
        return [r[0], r[1], r[2], age(r[3])];
      }), [false, false, true, true]);
    });
  }

  // ---- alerts and their samples' timelines ------------------------------------------------------------------
  function sampleTimeline(parent, sample) {
    var box = el('div', {'class': 'sample'}, parent);
    el('div', {'class': 'mono'}, box, sample.label + (sample.history !== undefined ?
      '   Zeek history: ' + (sample.history || '-') + '   (' + sample.packets + ' packets)' : ''));
    if (!sample.changes) {
      el('div', {'class': 'muted'}, box, D.samplesNote || 'No packets of this connection were found again.');
      return;
    }
    var ch = sample.changes;
    var ticks = sample.ticks;
    var t0 = ch[0][0];
    var lastPacket = ticks.length ? ticks[ticks.length - 1][0] : t0;
    var lastChange = ch[ch.length - 1][0];
    var t1 = Math.max(lastPacket, lastChange);
    t1 = Math.min(D.last, t1 + Math.max(0.001, (t1 - t0) * 0.15));
    if (t1 <= t0) { t1 = t0 + 0.001; }
    var width = Math.max(600, box.clientWidth || 1100);
    var h = 122;
    var f = {l: 64, r: 12};
    var svg = sv('svg', {viewBox: '0 0 ' + width + ' ' + h, width: width, height: h, 'class': 'connection-timeline',
      role: 'img'}, box);
    sv('title', null, svg, 'states and packets of ' + sample.label);
    var x = function (t) { return f.l + (t - t0) / (t1 - t0) * (width - f.l - f.r); };
    [['client', 1, 8], ['server', 2, 32]].forEach(function (band) {
      sv('text', {x: 4, y: band[2] + 14}, svg, band[0]);
      for (var i = 0; i < ch.length; i++) {
        var st = ch[i][band[1]];
        var a = x(ch[i][0]);
        var b = i + 1 < ch.length ? x(ch[i + 1][0]) : x(t1);
        var r = sv('rect', {x: a, y: band[2], width: Math.max(1, b - a), height: 20, fill: COLORS[st],
          'data-state': STATES[st], 'class': 'state-band'}, svg);
        sv('title', null, r, band[0] + ' ' + STATES[st] + ' from ' + iso(ch[i][0]));
        if (b - a > STATES[st].length * 6.5 + 6) {
          sv('text', {x: a + 4, y: band[2] + 14, fill: '#fff'}, svg, STATES[st]);
        }
      }
    });
    var mid = 86;
    sv('line', {x1: f.l, x2: width - f.r, y1: mid, y2: mid, stroke: '#9aa3b2'}, svg);
    sv('text', {x: 4, y: mid - 4}, svg, 'C\u2192S');
    sv('text', {x: 4, y: mid + 12}, svg, 'S\u2192C');
    ticks.forEach(function (k) {
      var flags = k[2];
      var color = '#8a93a2';
      var mark = null;
      if (flags & 4) { color = '#c0392b'; mark = 'RST'; }
      else if (flags & 2) { color = '#27ae60'; mark = (flags & 16) ? 'SYN-ACK' : 'SYN'; }
      else if (flags & 1) { color = '#2e64c4'; mark = 'FIN'; }
      if (k[4]) { color = '#e67e22'; mark = (mark ? mark + ' ' : '') + 'retransmission'; }
      var len = mark ? 14 : 8;
      var y1 = k[1] ? mid : mid - len;
      var tick = sv('line', {x1: x(k[0]), x2: x(k[0]), y1: y1, y2: y1 + len, stroke: color,
        'stroke-width': mark ? 2 : 1, 'class': 'packet-tick'}, svg);
      sv('title', null, tick, (k[1] ? 'server\u2192client ' : 'client\u2192server ') + (mark || 'packet') +
        (k[3] ? ' ' + k[3] + ' bytes' : '') + ' at ' + iso(k[0]));
    });
    sv('text', {x: f.l, y: h - 4}, svg, clock(t0, t1 - t0));
    sv('text', {x: width - f.r, y: h - 4, 'text-anchor': 'end'}, svg, clock(t1, t1 - t0) + ' (+' + age(t1 - t0) + ')' +
      (D.last > t1 ? '; the last states hold to the last frame, ' + age(D.last - t1) + ' later' : ''));
  }
  function alertsSection() {
    el('h2', {id: 'alerts'}, root, 'Alerts (' + D.alerts.length + ')');
    if (!D.alerts.length) { el('p', {'class': 'muted'}, root, 'No alert fired.'); return; }
    el('p', {'class': 'muted'}, root, 'Each sample connection: both endpoints\u2019 states as bands over time, ' +
      'its packets as ticks (green SYN, blue FIN, red RST, orange retransmission; above the line client to ' +
      'server), and the Zeek history string.');
    D.alerts.forEach(function (a) {
      var box = el('div', {'class': 'alert sev-' + a.severity + '-border'}, root);
      var head = el('div', {'class': 'head'}, box);
      el('span', {'class': 'chips'}, head).appendChild(el('span', {'class': 'sev-' + a.severity}, null, a.severity));
      head.appendChild(document.createTextNode(' ' + a.kind + '  ' + a.subject + '  \u00b7  ' + a.count +
        ' connection' + (a.count === 1 ? '' : 's') + ', oldest ' + age(a.age) + ', first fired ' + iso(a.fired)));
      el('p', null, box, a.message);
      a.samples.forEach(function (s) { sampleTimeline(box, s); });
    });
  }

  // ---- connection table --------------------------------------------------------------------------------------
  function connectionTable() {
    var tb = D.table;
    el('h2', {id: 'connections-table'}, root, 'Connections');
    el('p', {'class': 'muted'}, root, 'The first ' + tb.rows.length + ' of ' + tb.total + ' connections by ' +
      tb.order + (tb.total > tb.rows.length ? ' (' + (tb.total - tb.rows.length) + ' more are not in this page; ' +
      '--html-connections and --html-order choose which)' : '') + '. Click a heading to sort; the state words ' +
      'are ss\u2019s, as --state takes them (closed is off by default, as ss hides closed sockets).');
    var filters = el('div', {'class': 'filters'}, root);
    var selected = {};
    GROUPS.connected.forEach(function (s) { selected[s] = true; });
    selected.listen = true;
    var side = 'either';
    var text = '';
    var buttons = {};
    Object.keys(GROUPS).forEach(function (g) {
      var b = el('button', {type: 'button', 'data-group': g}, filters, g);
      b.addEventListener('click', function () {
        selected = {};
        GROUPS[g].forEach(function (s) { selected[s] = true; });
        render();
      });
    });
    el('span', {'class': 'muted'}, filters, '|');
    SS.forEach(function (s) {
      var b = el('button', {type: 'button', 'data-state': s}, filters, s);
      buttons[s] = b;
      b.addEventListener('click', function () { selected[s] = !selected[s]; render(); });
    });
    el('span', {'class': 'muted'}, filters, '|');
    var sideSel = el('select', {'aria-label': 'side'}, filters);
    ['either', 'client', 'server'].forEach(function (v) { el('option', {value: v}, sideSel, 'side: ' + v); });
    sideSel.addEventListener('change', function () { side = sideSel.value; render(); });
    var search = el('input', {type: 'search', placeholder: 'filter: address, port, history'}, filters);
    search.addEventListener('input', function () { text = search.value.trim().toLowerCase(); render(); });
    var count = el('div', {'class': 'muted', id: 'table-count'}, root);
    var wrap = el('div', {'class': 'tablewrap'}, root);
    var table = el('table', {id: 'connections'}, wrap);
    var cols = [
      ['Client', function (r) { return r[0]; }, false],
      ['Server', function (r) { return r[1]; }, false],
      ['Client-State', function (r) { return STATES[r[2]]; }, false],
      ['Server-State', function (r) { return STATES[r[3]]; }, false],
      ['C-State-Age', function (r) { return D.last - r[4]; }, true, age],
      ['S-State-Age', function (r) { return D.last - r[5]; }, true, age],
      ['First-Seen', function (r) { return r[6]; }, false, iso],
      ['Last-Seen', function (r) { return r[7]; }, false, iso],
      ['C-Pkts', function (r) { return r[8]; }, true],
      ['S-Pkts', function (r) { return r[9]; }, true],
      ['C-Bytes', function (r) { return r[10]; }, true],
      ['S-Bytes', function (r) { return r[11]; }, true],
      ['History', function (r) { return r[12]; }, false]
    ];
    var sortCol = -1;
    var sortDir = 1;
    var hr = el('tr', null, el('thead', null, table));
    cols.forEach(function (c, i) {
      var th = el('th', c[2] ? {'class': 'num'} : null, hr, c[0]);
      th.addEventListener('click', function () {
        sortDir = sortCol === i ? -sortDir : 1;
        sortCol = i;
        render();
      });
    });
    var body = el('tbody', null, table);
    function matches(r) {
      var c = selected[SS[r[2]]];
      var s = selected[SS[r[3]]];
      var ok = side === 'client' ? c : side === 'server' ? s : (c || s);
      if (!ok) { return false; }
      return !text || (r[0] + ' ' + r[1] + ' ' + r[12]).toLowerCase().indexOf(text) >= 0;
    }
    function render() {
      SS.forEach(function (s) { buttons[s].className = selected[s] ? 'on' : ''; });
      var rows = tb.rows.filter(matches);
      if (sortCol >= 0) {
        var key = cols[sortCol][1];
        rows.sort(function (a, b) {
          var x = key(a);
          var y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
        });
      }
      body.textContent = '';
      rows.forEach(function (r) {
        var tr = el('tr', null, body);
        cols.forEach(function (c) {
          var v = c[1](r);
          el('td', {'class': c[2] ? 'num mono' : 'mono'}, tr, c[3] ? c[3](v) : v);
        });
      });
      count.textContent = rows.length + ' shown of ' + tb.rows.length + ' in this page (' + tb.total +
        ' connections in the capture)';
    }
    render();
  }

  header();
  chartsSection();
  topSection();
  alertsSection();
  connectionTable();
  redrawCharts();
  document.body.setAttribute('data-rendered', 'true');
}());
