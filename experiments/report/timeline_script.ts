/**
 * timeline_script.ts — the script of a timeline page (plain browser JavaScript, inlined after
 * vega.min.js). It reads the packed rows (timeline_pack.ts), builds each row's data sets for
 * the lanes shown (CPUs, or CPUs and tasks), renders one Vega view per row, and wires:
 * wheel zoom and drag pan on the time axis (double-click resets), one shared time range for
 * every row or each row its own, hover tooltips with virtual times, and the output panel beside
 * each row (lines outside the visible range dimmed; hovering a line draws it on the timeline,
 * clicking centres the timeline on it). When every view is drawn, <body data-charts="done">
 * (or "error"). `window.threadlabTimeline` exposes the views for the browser tests.
 *
 * Kept free of backquotes and dollar-brace so it can live in a TypeScript template string.
 */

export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  var page = JSON.parse(document.getElementById('timeline-data').textContent);
  var rows = page.rows;
  var state = { tasks: page.tasks, shared: true };
  var views = [];
  var tip = document.getElementById('tip');

  function trim(x, d) { return x.toFixed(d).replace(/\.?0+$/, ''); }
  function fmt(ns) {
    var a = Math.abs(ns);
    if (a < 1e3) return trim(ns, 1) + ' ns';
    if (a < 1e6) return trim(ns / 1e3, 4) + ' µs';
    if (a < 1e9) return trim(ns / 1e6, 6) + ' ms';
    return trim(ns / 1e9, 9) + ' s';
  }
  function unitFor(span) { return span < 5e3 ? 'ns' : span < 5e6 ? 'µs' : span < 5e9 ? 'ms' : 's'; }
  function span(a, b) { return fmt(a) + ' – ' + fmt(b) + ' (' + fmt(b - a) + ')'; }

  // ---- data sets for the lanes shown ----
  function laneVisible(row, lane) { return lane >= 0 && (state.tasks || row.lanes[lane][1] < 2); }

  function runsAndLabels(row, d) {
    row.runs.forEach(function (r) {
      var key = row.keys[r[3]];
      var base = key[0] + '\n' + span(r[4], r[5]) + '\non CPU ' + r[0] + '; then ' + row.how[r[6]];
      [r[0], r[1], r[2]].forEach(function (lane, i) {
        if (!laneVisible(row, lane) || (i > 0 && !state.tasks)) return;
        d.runs.push({ lane: lane, start: r[4], end: r[5], ck: key[1], tip: base });
        d.labels.push({ lane: lane, start: r[4], end: r[5], text: key[0] });
      });
    });
  }

  function statesAndBuckets(row, d) {
    row.states.forEach(function (s) {
      if (!laneVisible(row, s[0])) return;
      var text = row.texts[s[4]];
      var kind = page.stateKinds[s[3]];
      d.states.push({ lane: s[0], start: s[1], end: s[2], kind: kind, tip: row.lanes[s[0]][0] + ': ' + text + '\n' + span(s[1], s[2]) });
      if (kind === 'blocked' || kind === 'idle') d.labels.push({ lane: s[0], start: s[1], end: s[2], text: kind === 'idle' ? 'idle' : text.split(';')[0] });
      else d.labels.push({ lane: s[0], start: s[1], end: s[2], text: kind === 'runnable' ? 'ready' : 'waiting' });
    });
    row.buckets.forEach(function (b) {
      d.buckets.push({ lane: b[0], start: b[1], end: b[2], busy: b[3],
        tip: 'CPU ' + b[0] + ', ' + span(b[1], b[2]) + '\nbusy ' + Math.round(b[3] * 100) + '% (the program ' + Math.round(b[4] * 100) + '%)' });
    });
  }

  function marks(row, d) {
    row.marks.forEach(function (m) {
      var kind = page.markKinds[m[1]];
      var tipText = m[6] + '\nat ' + fmt(m[0]);
      [m[2], m[3], m[4]].forEach(function (lane, i) {
        if (!laneVisible(row, lane) || (i > 0 && !state.tasks)) return;
        if (kind === 'syscall') d.ticks.push({ lane: lane, t: m[0], tip: tipText });
        else d.marks.push({ lane: lane, t: m[0], kind: kind, tip: tipText });
      });
    });
  }

  function arrows(row, d) {
    row.arrows.forEach(function (a) {
      var l0 = state.tasks ? a[4] : a[3], l1 = state.tasks ? a[6] : a[5];
      if (!laneVisible(row, l0) || !laneVisible(row, l1)) return;
      var key = row.keys[a[7]];
      var what = a[0] === 0 ? 'wake-up' : 'signal';
      var t = what + ' from ' + key[0] + ' at ' + fmt(a[1]) + '\nto ' + row.lanes[l1][0] + ' at ' + fmt(a[2]) + ' (' + fmt(a[2] - a[1]) + ' later)';
      // Task lanes show the wait as a bar, so the arrow is drawn at the wake-up; CPU lanes have
      // no such bar, so it runs on to where and when the woken task next runs.
      var t1 = state.tasks && a[0] === 0 ? a[1] : a[2];
      d.arrows.push({ lane: l0, lane1: l1, t0: a[1], t1: t1, kind: a[0] === 0 ? 'wake' : 'signal', ck: key[1], tip: t });
      d.heads.push({ lane: l1, t: t1, dir: l1 > l0 ? 'down' : l1 < l0 ? 'up' : 'right', ck: key[1], tip: t });
    });
  }

  function dataFor(row) {
    var d = { lanes: [], runs: [], states: [], buckets: [], labels: [], ticks: [], marks: [], arrows: [], heads: [], cursor: [] };
    row.lanes.forEach(function (l, i) { if (laneVisible(row, i)) d.lanes.push({ lane: i, shade: l[1] === 0 || l[1] === 2 }); });
    runsAndLabels(row, d);
    statesAndBuckets(row, d);
    marks(row, d);
    arrows(row, d);
    return d;
  }

  // ---- views ----
  function fullRange(i) {
    var end = state.shared ? Math.max.apply(null, rows.map(function (r) { return r.end; })) : rows[i].end;
    return [0, Math.max(1, end)];
  }

  // System-call ticks in view, counted on the sorted tick times: past about one per 3 pixels
  // of width they would only paint the lanes black, so they are hidden until zoomed in.
  function ticksIn(row, r) {
    var ts = row.tickTimes;
    function lower(x) { var lo = 0, hi = ts.length; while (lo < hi) { var m = (lo + hi) >> 1; if (ts[m] < x) lo = m + 1; else hi = m; } return lo; }
    return lower(r[1] + 1e-9) - lower(r[0]);
  }

  function setRange(i, r) {
    var v = views[i];
    if (!v) return;
    v.range = r;
    var show = ticksIn(rows[i], r) * (state.tasks ? 2 : 1) < plotWidth(v) / 3;
    v.view.signal('xdom', r).signal('unit', unitFor(r[1] - r[0])).signal('showTicks', show);
    v.view.runAsync();
    dimOutput(i, r);
  }

  function applyRange(i, r) {
    if (state.shared) for (var j = 0; j < views.length; j++) setRange(j, r);
    else setRange(i, r);
  }

  function clampRange(i, a, b) {
    var full = fullRange(i);
    var w = Math.min(Math.max(b - a, 10), full[1] - full[0]);
    if (a < full[0]) a = full[0];
    if (a + w > full[1]) a = full[1] - w;
    return [a, a + w];
  }

  function plotWidth(v) { var x = v.view.scale('x'); return x ? x.range()[1] : v.view.width(); }

  function plotX(v, ev) {
    var box = v.el.getBoundingClientRect();
    return ev.clientX - box.left - v.view.origin()[0] - v.view.padding().left;
  }

  function wire(i) {
    var v = views[i];
    v.el.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = v.range, w = plotWidth(v);
      var x = Math.min(Math.max(plotX(v, ev), 0), w);
      var t = r[0] + (r[1] - r[0]) * x / w;
      var f = Math.exp(ev.deltaY * 0.0025);
      applyRange(i, clampRange(i, t - (t - r[0]) * f, t + (r[1] - t) * f));
    }, { passive: false });
    var drag = null;
    v.el.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, r: v.range }; v.el.classList.add('dragging'); });
    window.addEventListener('mousemove', function (ev) {
      if (!drag) return;
      var dt = (ev.clientX - drag.x) / plotWidth(v) * (drag.r[1] - drag.r[0]);
      applyRange(i, clampRange(i, drag.r[0] - dt, drag.r[1] - dt));
    });
    window.addEventListener('mouseup', function () { drag = null; v.el.classList.remove('dragging'); });
    v.el.addEventListener('dblclick', function () { applyRange(i, fullRange(i)); });
  }

  function showTip(handler, ev, item, value) {
    if (value == null || value === '') { tip.style.display = 'none'; return; }
    tip.textContent = String(value);
    tip.style.display = 'block';
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = ev.clientX - w - 14;
    if (y + h > window.innerHeight - 8) y = ev.clientY - h - 14;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  function load(i) {
    var v = views[i], d = dataFor(rows[i]);
    Object.keys(d).forEach(function (name) { v.view.data(name, d[name]); });
    v.view.signal('laneLabels', rows[i].lanes.map(function (l) { return l[1] === 3 ? '  ' + l[0] : l[0]; }));
    v.view.width(Math.max(300, v.el.clientWidth));
  }

  function itemCount(row) { return row.runs.length * 2 + row.marks.length + row.states.length + row.buckets.length + row.arrows.length * 2; }

  function makeView(row, i) {
    var el = document.getElementById('tl-' + i);
    var renderer = itemCount(row) > page.svgLimit ? 'canvas' : 'svg';
    el.setAttribute('data-renderer', renderer);
    var view = new vega.View(vega.parse(row.spec), { renderer: renderer, container: el, hover: true });
    view.tooltip(showTip);
    views[i] = { view: view, el: el, range: fullRange(i) };
    load(i);
    setRange(i, fullRange(i));
    wire(i);
    return view.runAsync().then(function () { setRange(i, views[i].range); return view.runAsync(); });
  }

  // ---- the output panel ----
  function dimOutput(i, r) {
    var lines = document.querySelectorAll('#out-' + i + ' .line');
    for (var k = 0; k < lines.length; k++) {
      var t = Number(lines[k].getAttribute('data-t'));
      lines[k].classList.toggle('dim', t < r[0] || t > r[1]);
    }
  }

  function outputPanel(row, i) {
    var box = document.getElementById('out-' + i);
    row.output.forEach(function (o) {
      var line = document.createElement('div');
      line.className = 'line';
      line.setAttribute('data-t', String(o[0]));
      var t = document.createElement('span');
      t.className = 't';
      t.textContent = fmt(o[0]);
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = row.keys[o[1]][0];
      who.style.borderColor = row.keys[o[1]][2];
      var text = document.createElement('span');
      text.className = 'text';
      text.textContent = o[2];
      line.appendChild(t); line.appendChild(who); line.appendChild(text);
      line.addEventListener('mouseenter', function () { views[i].view.data('cursor', [{ t: o[0] }]).runAsync(); });
      line.addEventListener('mouseleave', function () { views[i].view.data('cursor', []).runAsync(); });
      line.addEventListener('click', function () {
        var r = views[i].range, w = r[1] - r[0];
        applyRange(i, clampRange(i, o[0] - w / 2, o[0] + w / 2));
      });
      box.appendChild(line);
    });
  }

  // ---- controls ----
  function controls() {
    var tasks = document.getElementById('show-tasks');
    if (tasks) tasks.addEventListener('change', function () {
      state.tasks = tasks.checked;
      Promise.all(views.map(function (v, i) { load(i); return v.view.runAsync(); }));
    });
    var shared = document.getElementById('shared-scale');
    if (shared) shared.addEventListener('change', function () {
      state.shared = shared.checked;
      views.forEach(function (v, i) { setRange(i, fullRange(i)); });
    });
    var reset = document.getElementById('reset-zoom');
    if (reset) reset.addEventListener('click', function () { views.forEach(function (v, i) { setRange(i, fullRange(i)); }); });
    window.addEventListener('resize', function () { views.forEach(function (v) { v.view.width(Math.max(300, v.el.clientWidth)).runAsync(); }); });
  }

  var t0 = performance.now();
  rows.forEach(function (row) {
    row.tickTimes = row.marks.filter(function (m) { return page.markKinds[m[1]] === 'syscall'; })
      .map(function (m) { return m[0]; }).sort(function (a, b) { return a - b; });
  });
  rows.forEach(outputPanel);
  var jobs = rows.map(function (row, i) {
    try { return makeView(row, i); } catch (err) { return Promise.reject(err); }
  });
  controls();
  Promise.all(jobs).then(function () {
    window.threadlabTimeline = { views: views.map(function (v) { return v.view; }), rows: rows, renderMs: performance.now() - t0 };
    document.body.setAttribute('data-charts', 'done');
  }, function (err) {
    console.error('timeline failed:', err);
    document.body.setAttribute('data-charts', 'error');
  });
})();
`;
