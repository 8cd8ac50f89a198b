/**
 * timeline_window.ts — the data half of a timeline page's script (plain browser JavaScript,
 * defining `window.TimelineData`; timeline_script.ts draws and wires the views).
 *
 * `build(page, row, tasks)` turns a packed row (timeline_pack.ts) into per-lane sets for the
 * lanes shown: intervals (runs, states) sorted by start with a running maximum of their ends,
 * and instants (system-call ticks, markers) sorted by time. `visible(sets, range, width)`
 * returns only what lies in the visible time range, so a view never draws more than about
 * two items per pixel column whatever the run's size:
 *   - a lane with more run slices (or bars) in range than half its pixel width is drawn as
 *     2-pixel buckets instead, each coloured by whoever ran most in it, its opacity the busy
 *     fraction — zooming in brings back every slice;
 *   - system-call ticks of a lane are hidden past one per 3 pixels, and the frequent markers
 *     (wake-ups, blocks) past one per 3 pixels, leaving signals, clones, exits and output;
 *   - arrows are hidden while more than 300 are in range;
 *   - task and thread lanes with nothing in range are left out.
 * What was simplified is reported (`notes`), and the page shows it under the row.
 *
 * Kept free of backquotes and dollar-brace so it can live in a TypeScript template string.
 */

export const TIMELINE_DATA_SCRIPT = String.raw`
(function () {
  'use strict';
  function trim(x, d) { return x.toFixed(d).replace(/\.?0+$/, ''); }
  function fmt(ns) {
    var a = Math.abs(ns);
    if (a < 1e3) return trim(ns, 1) + ' ns';
    if (a < 1e6) return trim(ns / 1e3, 4) + ' µs';
    if (a < 1e9) return trim(ns / 1e6, 6) + ' ms';
    return trim(ns / 1e9, 9) + ' s';
  }
  function span(a, b) { return fmt(a) + ' – ' + fmt(b) + ' (' + fmt(b - a) + ')'; }

  // ---- sorted sets and range queries ----
  function lowerBy(arr, x, f) { var lo = 0, hi = arr.length; while (lo < hi) { var m = (lo + hi) >> 1; if (f(arr[m]) < x) lo = m + 1; else hi = m; } return lo; }
  function Intervals() { this.lanes = {}; }
  Intervals.prototype.add = function (lane, item) { (this.lanes[lane] = this.lanes[lane] || []).push(item); };
  Intervals.prototype.finish = function () {
    var self = this;
    self.maxEnd = {};
    Object.keys(self.lanes).forEach(function (l) {
      var items = self.lanes[l].sort(function (x, y) { return x.start - y.start || x.end - y.end; });
      var m = -Infinity;
      self.maxEnd[l] = items.map(function (it) { m = Math.max(m, it.end); return m; });
    });
    return self;
  };
  Intervals.prototype.query = function (lane, a, b) {
    var items = this.lanes[lane];
    if (!items) return [];
    var ends = this.maxEnd[lane];
    var lo = lowerBy(ends, a, function (e) { return e; });
    while (lo < ends.length && ends[lo] <= a) lo++;
    var hi = lowerBy(items, b, function (it) { return it.start; });
    var out = [];
    for (var i = lo; i < hi; i++) if (items[i].end > a) out.push(items[i]);
    return out;
  };
  function Instants() { this.lanes = {}; }
  Instants.prototype.add = Intervals.prototype.add;
  Instants.prototype.finish = function () {
    var self = this;
    Object.keys(self.lanes).forEach(function (l) { self.lanes[l].sort(function (x, y) { return x.t - y.t; }); });
    return self;
  };
  Instants.prototype.query = function (lane, a, b) {
    var items = this.lanes[lane];
    if (!items) return [];
    return items.slice(lowerBy(items, a, function (it) { return it.t; }), lowerBy(items, b + 1e-9, function (it) { return it.t; }));
  };

  // ---- building the sets for the lanes shown ----
  function laneShown(row, lane, tasks) { return lane >= 0 && (tasks || row.lanes[lane][1] < 2); }

  function addRuns(page, row, tasks, s) {
    row.runs.forEach(function (r) {
      var key = row.keys[r[3]];
      var tip = key[0] + '\n' + span(r[4], r[5]) + '\non CPU ' + r[0] + '; then ' + row.how[r[6]];
      [r[0], r[1], r[2]].forEach(function (lane, i) {
        if (laneShown(row, lane, tasks) && (i === 0 || tasks)) s.runs.add(lane, { lane: lane, start: r[4], end: r[5], ck: key[1], text: key[0], op: 1, tip: tip });
      });
    });
    row.buckets.forEach(function (b) {
      var ck = b[4] * 2 >= b[3] ? page.programLabel : page.otherLabel;
      s.runs.add(b[0], { lane: b[0], start: b[1], end: b[2], ck: ck, text: '', op: b[3],
        tip: 'CPU ' + b[0] + ', ' + span(b[1], b[2]) + '\nbusy ' + Math.round(b[3] * 100) + '% (the program ' + Math.round(b[4] * 100) + '%)' });
    });
  }

  var STATE_LABEL = { runnable: 'ready', waiting: 'waiting', idle: 'idle' };
  function addStates(page, row, tasks, s) {
    row.states.forEach(function (x) {
      if (!laneShown(row, x[0], tasks)) return;
      var kind = page.stateKinds[x[3]], text = row.texts[x[4]];
      s.states.add(x[0], { lane: x[0], start: x[1], end: x[2], kind: kind, op: 0.8, text: STATE_LABEL[kind] || text.split(';')[0],
        tip: row.lanes[x[0]][0] + ': ' + text + '\n' + span(x[1], x[2]) });
    });
  }

  function addMarks(page, row, tasks, s) {
    row.marks.forEach(function (m) {
      var kind = page.markKinds[m[1]];
      var tip = m[6] + '\nat ' + fmt(m[0]);
      [m[2], m[3], m[4]].forEach(function (lane, i) {
        if (!laneShown(row, lane, tasks) || (i > 0 && !tasks)) return;
        if (kind === 'syscall') s.ticks.add(lane, { lane: lane, t: m[0], tip: tip });
        else s.marks.add(lane, { lane: lane, t: m[0], kind: kind, tip: tip });
      });
    });
  }

  function addArrows(page, row, tasks, s) {
    row.arrows.forEach(function (a) {
      var kind = page.arrowKinds[a[0]];
      if (kind === 'uwake' && !tasks) return; // user-level: between user-thread lanes only
      var l0 = tasks ? a[4] : a[3], l1 = tasks ? a[6] : a[5];
      if (!laneShown(row, l0, tasks) || !laneShown(row, l1, tasks)) return;
      var key = row.keys[a[7]];
      var what = kind === 'signal' ? 'signal' : kind === 'uwake' ? 'made ready (user level)' : 'wake-up';
      var tip = what + ' from ' + key[0] + ' at ' + fmt(a[1]) + '\nto ' + row.lanes[l1][0] + ', which runs ' + fmt(a[2] - a[1]) + ' later';
      // Task lanes show the wait as a bar, so a wake-up arrow is drawn at the wake-up; CPU lanes
      // have no such bar, so it runs on to where and when the woken task next runs.
      var t1 = tasks && kind !== 'signal' ? a[1] : a[2];
      s.arrows.add(0, { start: Math.min(a[1], t1), end: Math.max(a[1], t1) + 1e-9, lane: l0, lane1: l1, t0: a[1], t1: t1,
        kind: kind === 'signal' ? 'signal' : 'wake', ck: key[1], dir: l1 > l0 ? 'down' : l1 < l0 ? 'up' : 'right', tip: tip });
    });
  }

  function build(page, row, tasks) {
    var s = { runs: new Intervals(), states: new Intervals(), ticks: new Instants(), marks: new Instants(), arrows: new Intervals(), lanes: [] };
    row.lanes.forEach(function (l, i) { if (laneShown(row, i, tasks)) s.lanes.push({ lane: i, shade: l[1] === 0 || l[1] === 2, always: l[1] < 2 }); });
    addRuns(page, row, tasks, s);
    addStates(page, row, tasks, s);
    addMarks(page, row, tasks, s);
    addArrows(page, row, tasks, s);
    ['runs', 'states', 'ticks', 'marks', 'arrows'].forEach(function (k) { s[k].finish(); });
    return s;
  }

  // ---- what is in view ----
  /** Buckets of 'px' pixels over [a, b): the busiest field value and the busy fraction. */
  function bucketize(items, a, b, n, field, lane, what) {
    var w = (b - a) / n, busy = new Float64Array(n), best = new Array(n), bestT = new Float64Array(n), out = [];
    items.forEach(function (it) {
      var from = Math.max(a, it.start), to = Math.min(b, it.end);
      for (var k = Math.max(0, Math.floor((from - a) / w)); k < n && a + k * w < to; k++) {
        var ov = (Math.min(to, a + (k + 1) * w) - Math.max(from, a + k * w)) * it.op;
        if (ov <= 0) continue;
        busy[k] += ov;
        if (ov > bestT[k]) { bestT[k] = ov; best[k] = it; }
      }
    });
    for (var k = 0; k < n; k++) {
      if (busy[k] <= 0) continue;
      var it = best[k], x = { lane: lane, start: a + k * w, end: a + (k + 1) * w, op: Math.min(1, busy[k] / w), text: '' };
      x[field] = it[field];
      x.tip = what + ' ' + span(x.start, x.end) + '\n' + Math.round(x.op * 100) + '% covered, mostly ' + (it.text || it[field]) + '\n(zoom in to see each one)';
      out.push(x);
    }
    return out;
  }

  /** Task and thread lanes with nothing in [a, b) are left out, so a big program's view stays short. */
  function active(sets, lane, a, b) {
    return sets.runs.query(lane, a, b).length > 0 || sets.states.query(lane, a, b).length > 0 || sets.marks.query(lane, a, b).length > 0;
  }

  function visible(sets, r, width) {
    var a = r[0], b = r[1], cols = Math.max(20, Math.floor(width / 2));
    var lanes = sets.lanes.filter(function (l) { return l.always || active(sets, l.lane, a, b); });
    var d = { lanes: lanes, runs: [], states: [], labels: [], ticks: [], marks: [], arrows: [], heads: [] };
    var dense = [], noTicks = [], thinned = [];
    lanes.forEach(function (l) {
      var lane = l.lane;
      [['runs', 'ck', 'run slices'], ['states', 'kind', 'bars']].forEach(function (p) {
        var items = sets[p[0]].query(lane, a, b);
        if (items.length > cols) { dense.push(lane); Array.prototype.push.apply(d[p[0]], bucketize(items, a, b, cols, p[1], lane, p[2])); return; }
        Array.prototype.push.apply(d[p[0]], items);
        items.forEach(function (it) { if (it.text) d.labels.push(it); });
      });
      var ticks = sets.ticks.query(lane, a, b);
      if (ticks.length * 3 > width) noTicks.push(lane); else Array.prototype.push.apply(d.ticks, ticks);
      var marks = sets.marks.query(lane, a, b);
      if (marks.length * 3 > width) { thinned.push(lane); marks = marks.filter(function (m) { return m.kind !== 'wakeup' && m.kind !== 'block'; }); }
      Array.prototype.push.apply(d.marks, marks);
    });
    var shown = {};
    lanes.forEach(function (l) { shown[l.lane] = true; });
    var arrows = sets.arrows.query(0, a, b).filter(function (x) { return shown[x.lane] && shown[x.lane1]; });
    if (arrows.length <= 300) {
      d.arrows = arrows;
      d.heads = arrows.map(function (x) { return { lane: x.lane1, t: x.t1, dir: x.dir, ck: x.ck, tip: x.tip }; });
    }
    return { data: d, dense: dense, noTicks: noTicks, thinned: thinned, arrowsHidden: arrows.length > 300 ? arrows.length : 0 };
  }

  window.TimelineData = { build: build, visible: visible, fmt: fmt };
})();
`;
