/**
 * timeline_script.ts — the script of a timeline page (plain browser JavaScript, inlined after
 * vega.min.js and timeline_window.ts's TimelineData). It reads the packed rows
 * (timeline_pack.ts), renders one Vega view per row, gives each view the data in its visible
 * time range for the lanes shown (CPUs, or CPUs and tasks) on every zoom or pan, and wires:
 * wheel zoom and drag pan on the time axis (shift+wheel pans, double-click resets), one shared time range for
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

  var fmt = window.TimelineData.fmt;
  function unitFor(span) { return span < 5e3 ? 'ns' : span < 5e6 ? 'µs' : span < 5e9 ? 'ms' : 's'; }

  /** The row's sets for the lanes shown, built once per choice of lanes. */
  function setsFor(i) {
    var row = rows[i], k = state.tasks ? 'tasks' : 'cpus';
    row.sets = row.sets || {};
    if (!row.sets[k]) row.sets[k] = window.TimelineData.build(page, row, state.tasks);
    return row.sets[k];
  }

  function laneNames(row, lanes) {
    return lanes.map(function (l) { return row.lanes[l][0]; }).filter(function (x, j, all) { return all.indexOf(x) === j; }).join(', ');
  }

  function statusText(row, w) {
    var parts = [];
    if (w.dense.length) parts.push(laneNames(row, w.dense) + ': too dense to draw one by one here, shown as 2-pixel buckets (opacity: the busy fraction) — zoom in');
    if (w.noTicks.length) parts.push('system calls hidden on ' + laneNames(row, w.noTicks) + ' (zoom in)');
    if (w.thinned.length) parts.push('wake-up and block markers hidden on ' + laneNames(row, w.thinned) + ' (zoom in)');
    if (w.arrowsHidden) parts.push(w.arrowsHidden + ' arrows hidden (zoom in)');
    return parts.join(' · ');
  }

  // ---- views ----
  function fullRange(i) {
    var end = state.shared ? Math.max.apply(null, rows.map(function (r) { return r.end; })) : rows[i].end;
    return [0, Math.max(1, end)];
  }

  function setRange(i, r) {
    var v = views[i];
    if (!v) return;
    v.range = r;
    var w = window.TimelineData.visible(setsFor(i), r, plotWidth(v));
    Object.keys(w.data).forEach(function (name) { v.view.data(name, w.data[name]); });
    document.getElementById('st-' + i).textContent = statusText(rows[i], w);
    v.view.signal('xdom', r).signal('unit', unitFor(r[1] - r[0]));
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
    // Wheel zooms around the pointer; shift+wheel or a sideways wheel pans. Zooming out of the
    // whole run lets the wheel scroll the page instead, so a stack of rows stays scrollable.
    v.el.addEventListener('wheel', function (ev) {
      var r = v.range, w = plotWidth(v), full = fullRange(i);
      var span = r[1] - r[0];
      var sideways = ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY);
      if (!sideways && ev.deltaY > 0 && r[0] <= full[0] && r[1] >= full[1]) return;
      ev.preventDefault();
      if (sideways) {
        var d = (ev.deltaX || ev.deltaY) / w * span;
        applyRange(i, clampRange(i, r[0] + d, r[1] + d));
        return;
      }
      var x = Math.min(Math.max(plotX(v, ev), 0), w);
      var t = r[0] + span * x / w;
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
    var v = views[i];
    v.view.signal('laneLabels', rows[i].lanes.map(function (l) { return l[1] === 3 ? '  ' + l[0] : l[0]; }));
    v.view.width(Math.max(300, v.el.clientWidth));
  }

  function makeView(row, i) {
    var el = document.getElementById('tl-' + i);
    // A view draws at most about two items per pixel column per lane (timeline_window.ts).
    var renderer = row.lanes.length * 900 > page.svgLimit ? 'canvas' : 'svg';
    el.setAttribute('data-renderer', renderer);
    var view = new vega.View(vega.parse(row.spec), { renderer: renderer, container: el, hover: true });
    view.tooltip(showTip);
    views[i] = { view: view, el: el, range: fullRange(i) };
    load(i);
    wire(i);
    return view.runAsync().then(function () { setRange(i, row.initial || fullRange(i)); return view.runAsync(); });
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
    if (row.outputCut > 0) {
      var more = document.createElement('div');
      more.className = 'line dim';
      more.textContent = '… ' + row.outputCut + ' more writes (or the rest of the text) not shown here';
      box.appendChild(more);
    }
  }

  // ---- controls ----
  function controls() {
    var tasks = document.getElementById('show-tasks');
    if (tasks) tasks.addEventListener('change', function () {
      state.tasks = tasks.checked;
      views.forEach(function (v, i) { setRange(i, v.range); });
    });
    var shared = document.getElementById('shared-scale');
    if (shared) shared.addEventListener('change', function () {
      state.shared = shared.checked;
      views.forEach(function (v, i) { setRange(i, fullRange(i)); });
    });
    var reset = document.getElementById('reset-zoom');
    if (reset) reset.addEventListener('click', function () { views.forEach(function (v, i) { setRange(i, fullRange(i)); }); });
    window.addEventListener('resize', function () {
      views.forEach(function (v, i) { v.view.width(Math.max(300, v.el.clientWidth)); v.view.runAsync().then(function () { setRange(i, v.range); }); });
    });
  }

  var t0 = performance.now();
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
