// The report page's behaviour (reports/template.html), after reports/page.js: fills the header
// from the run's data with textContent (never as markup),
// draws the timeline on a canvas (only the rows in view), keeps the step and order lists virtual
// (only the rows in view exist), and follows #step-N and #order-N. No network, no timers that
// matter: the page is a pure function of its data.
(function () {
  'use strict';
  const data = sagasimData;
  const H = data.header, F = data.footer, W = data.window, S = data.strings, K = data.kinds;
  const steps = data.steps;          // rows: [t, kind, lane, orderId, cause, attempt, offset, label, flags]
  const first = W.first;             // step number of steps[0]
  const lanes = H.lanes;
  const DASHED = 1, DROPPED = 2, PARKED = 4, VIOLATION = 8, FAULT = 16;
  const ROW = 14, LANE_W = 30, STEP_ROW = 20;
  const state = { linear: false, order: null, violation: null, target: null, history: new Set() };

  const kindOf = (r) => K[r[1]];
  const inWindow = (n) => n >= first && n < first + steps.length;
  const rowOf = (n) => steps[n - first];
  function usToText(us) { return (us / 1e6).toFixed(6) + ' s'; }

  // ---- the header ---------------------------------------------------------------------------
  function header() {
    const v = $('verdict');
    v.textContent = F.verdict;
    v.className = F.verdict;
    $('scenario-name').textContent = H.name + ' (' + H.scenario + ')';
    document.title = F.verdict + ' ' + H.name + ' seed ' + H.seed + ' - sagasim report';
    const facts = [['scenario', H.scenario], ['sha256', H.sha256], ['seed', String(H.seed)], ['tool', H.tool],
      ['digest', F.digest], ['steps', String(F.steps)], ['virtual time', usToText(F.virtual_time_us)],
      ['end', F.end], ['decisions', String(F.decisions)], ['violations', String(F.violations)]];
    if (H.tape) facts.push(['tape', H.tape]);
    for (const [k, val] of facts) fact($('facts'), k, val);
    $('repro-cmd').textContent = data.reproduce;
    $('copy').addEventListener('click', copyRepro);
    if (W.total > steps.length) {
      const note = $('window-note');
      note.hidden = false;
      note.textContent = 'This run has ' + W.total + ' steps, more than the report\'s ceiling of ' + W.ceiling +
        ': it shows steps ' + W.first + ' to ' + W.last + ' (around the first violation), and leaves out ' +
        (W.first - 1) + ' steps before and ' + (W.total - W.last) + ' after. The header, the counts and the orders ' +
        'cover the whole run.';
    }
    const statuses = new Map();
    for (const o of data.orders) {
      const st = o[3].length ? S[o[3][o[3].length - 1]] : '(no status)';
      statuses.set(st, (statuses.get(st) || 0) + 1);
    }
    tableRows($('statuses'), [...statuses.entries()].sort(), 'no orders');
    const byInv = new Map();
    for (const x of data.violations) byInv.set(x.invariant, (byInv.get(x.invariant) || 0) + 1);
    const invRows = [...byInv.entries()].sort();
    if (F.violations > data.violations.length) invRows.push(['(reports not kept)', F.violations - data.violations.length]);
    tableRows($('invariants'), invRows, 'none');
    const faults = H.faults.map((f, i) => [f.id, f.kind, f.line, F.fault_acted[i]]);
    tableRows($('faults').tBodies[0], faults, 'no faults');
    const vl = $('violation-list').tBodies[0];
    data.violations.forEach((x, i) => {
      const tr = el('tr');
      tr.dataset.index = String(i);
      tr.append(el('td', 'step ' + x.step), el('td', x.invariant),
        el('td', x.orderId ? 'order ' + x.orderId : ''), el('td', 'expected ' + x.expected + ', actual ' + x.actual));
      tr.addEventListener('click', () => chooseViolation(i));
      vl.append(tr);
    });
    if (!data.violations.length) vl.append(rowOfCells(['none']));
  }
  function rowOfCells(cells) {
    const tr = el('tr');
    for (const c of cells) tr.append(el('td', c));
    return tr;
  }
  function tableRows(table, rows, empty) {
    const body = table.tBodies ? (table.tBodies[0] || table.appendChild(el('tbody'))) : table;
    if (!rows.length) body.append(rowOfCells([empty]));
    for (const r of rows) body.append(rowOfCells(r));
  }
  function copyRepro() {
    const text = data.reproduce;
    const done = () => { $('copied').textContent = 'copied'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else fallbackCopy(text, done);
  }
  function fallbackCopy(text, done) {
    const range = document.createRange();
    range.selectNodeContents($('repro-cmd'));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { if (document.execCommand('copy')) done(); } catch (e) { /* the text stays selected */ }
  }

  // ---- geometry: where a step is ------------------------------------------------------------
  const t0 = steps.length ? steps[0][0] : 0, t1 = steps.length ? steps[steps.length - 1][0] : 1;
  const totalH = Math.max(steps.length * ROW, 200);
  function yOf(i) {
    if (!state.linear || t1 === t0) return i * ROW + ROW / 2;
    return ROW / 2 + (steps[i][0] - t0) / (t1 - t0) * (totalH - ROW);
  }
  // The first row index whose y is at least `y` (y grows with the index in both time scales).
  function indexAt(y) {
    let lo = 0, hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (yOf(mid) < y) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  // A column per lane that has a step in view: most of the header's lanes (the dead-letter
  // topics' partitions, say) are never used by a run.
  const column = lanes.map(() => -1), columnLane = [];
  for (const r of steps) column[r[2]] = 0;
  lanes.forEach((l, i) => { if (column[i] === 0) { column[i] = columnLane.length; columnLane.push(i); } });
  const columns = columnLane.length;
  const laneX = (l) => column[l] * LANE_W + LANE_W / 2;
  const laneService = lanes.map((l) => l.service || '');

  // ---- the timeline canvas ------------------------------------------------------------------
  const scroller = $('timeline-scroll'), spacer = $('timeline-spacer'), canvas = $('timeline');
  const ctx = canvas.getContext('2d');
  function laneHeads() {
    const heads = $('lane-heads');
    columnLane.forEach((i, c) => {
      const l = lanes[i];
      const d = el('div', l.name, 'lane k-' + l.kind);
      d.style.left = (c * LANE_W + LANE_W / 2) + 'px';
      d.title = l.name + ' (' + l.kind + ')';
      heads.append(d);
    });
    heads.dataset.lanes = String(columns);
    spacer.style.width = (columns * LANE_W + 260) + 'px';
    spacer.style.height = totalH + 'px';
    scroller.addEventListener('scroll', () => {
      heads.scrollLeft = scroller.scrollLeft;
      heads.style.transform = 'translateX(' + (-scroller.scrollLeft) + 'px)';
      draw();
    });
  }
  const laneColour = { listener: '#e8f5e9', partition: '#e3f2fd', producer: '#fff8e1', process: '#f3e5f5',
    'http': '#fbe9e7', client: '#eceff1', checker: '#ffebee', relay: '#e0f7fa', 'saga-timeout': '#f1f8e9' };
  function draw() {
    const w = scroller.clientWidth, h = scroller.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = w + 'px';
      canvas.style.height = h + 'px';
    }
    const sx = scroller.scrollLeft, sy = scroller.scrollTop;
    canvas.style.left = sx + 'px';
    canvas.style.top = sy + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, -sx * dpr, -sy * dpr);
    ctx.clearRect(sx, sy, w, h);
    const lo = Math.max(0, indexAt(sy - ROW)), hi = Math.min(steps.length, indexAt(sy + h + ROW) + 1);
    // lanes
    columnLane.forEach((i, c) => {
      ctx.fillStyle = laneColour[lanes[i].kind] || '#f5f5f5';
      ctx.fillRect(c * LANE_W + 2, sy, LANE_W - 4, h);
    });
    // fault windows: translucent bands over the lanes of their service
    for (const b of data.bands) {
      const a = Math.max(b[1], first), z = Math.min(b[2], first + steps.length - 1);
      if (a > z) continue;
      const ya = yOf(a - first) - ROW / 2, yz = yOf(z - first) + ROW / 2;
      if (yz < sy || ya > sy + h) continue;
      ctx.fillStyle = S[b[4]] === 'crash' ? 'rgba(198,40,40,0.12)' : 'rgba(255,152,0,0.16)';
      columnLane.forEach((i, c) => { if (laneService[i] === S[b[0]]) ctx.fillRect(c * LANE_W, ya, LANE_W, yz - ya); });
    }
    // arrows from a step's cause on another lane: send -> append -> deliver, and so on. A cause far
    // above the view is still drawn from; effects below the view are reached by a margin of rows.
    const reach = Math.min(steps.length, hi + 400);
    ctx.lineWidth = 1;
    for (let i = lo; i < reach; i++) {
      const r = steps[i];
      if (!r[4] || !inWindow(r[4])) continue;
      const ci = r[4] - first, c = steps[ci];
      if (c[2] === r[2]) continue;
      if (i >= hi && ci >= hi) continue;
      const dim = dimmed(r);
      ctx.strokeStyle = dim ? 'rgba(120,120,120,0.15)' : selectedOrder(r) ? '#1565c0' : kindOf(r) === 'deliver' ? '#2e7d32' : '#546e7a';
      ctx.setLineDash(r[8] & DASHED ? [4, 3] : []);
      arrow(laneX(c[2]), yOf(ci), laneX(r[2]), yOf(i));
    }
    ctx.setLineDash([]);
    // steps
    for (let i = lo; i < hi; i++) {
      const r = steps[i], x = laneX(r[2]), y = yOf(i), n = first + i;
      const hl = selectedOrder(r) || state.history.has(n);
      ctx.globalAlpha = dimmed(r) && !state.history.has(n) ? 0.25 : 1;
      if (r[8] & DROPPED) cross(x, y, '#c62828');
      else if (r[8] & PARKED) { ctx.fillStyle = '#ef6c00'; ctx.fillRect(x - 4, y - 4, 8, 8); }
      else if (r[8] & FAULT) { ctx.fillStyle = '#ff9800'; diamond(x, y); }
      else {
        ctx.fillStyle = hl ? '#1565c0' : '#37474f';
        ctx.beginPath();
        ctx.arc(x, y, hl ? 4 : 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      if (kindOf(r) === 'append' && r[6] >= 0 && ROW >= 12 && !state.linear) {
        ctx.fillStyle = '#0d47a1';
        ctx.font = '9px sans-serif';
        ctx.fillText(String(r[6]), x + 5, y + 3);
      }
      if (state.history.has(n)) { ctx.strokeStyle = '#c62828'; ctx.lineWidth = 2; ring(x, y); ctx.lineWidth = 1; }
      if (state.target === n) { ctx.strokeStyle = '#1565c0'; ctx.lineWidth = 2; ring(x, y); ctx.lineWidth = 1; }
    }
    ctx.globalAlpha = 1;
    // violations: a red rule across every lane at the step
    let rules = 0;
    for (const v of data.violations) {
      if (!inWindow(v.step)) continue;
      const y = yOf(v.step - first);
      if (y < sy - 2 || y > sy + h + 2) continue;
      rules++;
      ctx.strokeStyle = '#c62828';
      ctx.lineWidth = state.violation === v ? 3 : 1.5;
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(columns * LANE_W, y);
      ctx.stroke();
      ctx.fillStyle = '#c62828';
      ctx.font = '11px sans-serif';
      ctx.fillText('violation ' + v.invariant + ' (step ' + v.step + ')', columns * LANE_W + 4, y + 4);
      ctx.lineWidth = 1;
    }
    canvas.dataset.violationsDrawn = String(rules);
    canvas.dataset.drawnFrom = String(first + lo);
    canvas.dataset.drawnTo = String(first + hi - 1);
  }
  function arrow(x1, y1, x2, y2) {
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
    const a = Math.atan2(y2 - y1, x2 - x1);
    ctx.beginPath();
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - 6 * Math.cos(a - 0.4), y2 - 6 * Math.sin(a - 0.4));
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - 6 * Math.cos(a + 0.4), y2 - 6 * Math.sin(a + 0.4));
    ctx.stroke();
  }
  function cross(x, y, colour) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x - 4, y - 4); ctx.lineTo(x + 4, y + 4);
    ctx.moveTo(x + 4, y - 4); ctx.lineTo(x - 4, y + 4);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  function diamond(x, y) {
    ctx.beginPath();
    ctx.moveTo(x, y - 5); ctx.lineTo(x + 5, y); ctx.lineTo(x, y + 5); ctx.lineTo(x - 5, y);
    ctx.closePath();
    ctx.fill();
  }
  function ring(x, y) {
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  const selectedOrder = (r) => state.order !== null && r[3] === state.order;
  const dimmed = (r) => state.order !== null && r[3] !== state.order;

  canvas.addEventListener('click', (ev) => {
    const rect = canvas.getBoundingClientRect();
    const x = ev.clientX - rect.left + scroller.scrollLeft, y = ev.clientY - rect.top + scroller.scrollTop;
    const lane = columnLane[Math.floor(x / LANE_W)];
    let best = -1, bestD = 1e9;
    for (let i = Math.max(0, indexAt(y - 3 * ROW)); i < Math.min(steps.length, indexAt(y + 3 * ROW) + 1); i++) {
      const d = Math.abs(yOf(i) - y) + (steps[i][2] === lane ? 0 : 1000);
      if (d < bestD) { bestD = d; best = i; }
    }
    if (best >= 0 && bestD < 1000) location.hash = '#step-' + (first + best);
  });

  // ---- virtual lists --------------------------------------------------------------------------
  // A list of `count()` rows of fixed height where only the rows in view exist.
  function virtualList(box, rowH, count, render) {
    const spacerEl = box.querySelector('.spacer');
    const live = new Map();
    function refresh(force) {
      const n = count();
      spacerEl.style.height = (n * rowH) + 'px';
      const lo = Math.max(0, Math.floor(box.scrollTop / rowH) - 5);
      const hi = Math.min(n, Math.ceil((box.scrollTop + box.clientHeight) / rowH) + 5);
      for (const [i, e] of live) if (force || i < lo || i >= hi) { e.remove(); live.delete(i); }
      for (let i = lo; i < hi; i++) {
        if (live.has(i)) continue;
        const e = render(i);
        e.style.top = (i * rowH) + 'px';
        box.append(e);
        live.set(i, e);
      }
    }
    box.addEventListener('scroll', () => refresh(false));
    return { refresh, scrollTo(i) { box.scrollTop = Math.max(0, i * rowH - box.clientHeight / 2); refresh(false); } };
  }

  const stepList = virtualList($('steps'), STEP_ROW, () => steps.length, (i) => {
    const r = steps[i], n = first + i;
    const e = el('div', null, 'row');
    e.id = 'step-' + n;
    if (selectedOrder(r)) e.classList.add('hl');
    if (state.history.has(n)) e.classList.add('history');
    if (state.target === n) e.classList.add('target');
    const parts = ['#' + n, usToText(r[0]), lanes[r[2]].name];
    e.append(el('span', parts.join('  ') + '  '), el('span', kindOf(r), 'k-' + kindOf(r)));
    let rest = '';
    if (r[3]) rest += ' order ' + r[3];
    if (r[6] >= 0) rest += ' @' + r[6];
    if (r[5]) rest += ' attempt ' + r[5];
    if (r[4]) rest += ' <- #' + r[4];
    if (S[r[7]]) rest += ' ' + S[r[7]];
    e.append(el('span', rest));
    e.title = e.textContent;
    e.addEventListener('click', () => { location.hash = '#step-' + n; });
    return e;
  });

  let shownOrders = data.orders;
  const orderList = virtualList($('orders'), STEP_ROW, () => shownOrders.length, (i) => {
    const o = shownOrders[i];
    const e = el('div', null, 'row order');
    e.id = 'order-' + o[0];
    if (state.order === o[0]) e.classList.add('hl');
    e.append(statusBar(o));
    const last = o[3].length ? S[o[3][o[3].length - 1]] : '';
    e.append(el('span', 'order ' + o[0] + ' ' + last + (o[4] >= 0 ? ' ' + S[o[4]] : '')));
    e.addEventListener('click', () => { location.hash = '#order-' + o[0]; });
    return e;
  });
  const statusColour = { PENDING: '#90a4ae', CONFIRMED: '#64b5f6', PAID: '#4db6ac', SHIPPED: '#2e7d32',
    COMPLETED: '#2e7d32', FAILED: '#e57373', CANCELLED: '#e57373', PAYMENT_FAILED: '#e57373' };
  const runEnd = Math.max(F.steps, 1);
  function statusBar(o) {
    // Each status from the step it was written to the next one, on the run's step axis.
    const bar = el('span', null, 'bar');
    const st = o[3];
    for (let j = 0; j < st.length; j += 2) {
      const from = st[j], to = j + 2 < st.length ? st[j + 2] : runEnd;
      const seg = el('span');
      seg.style.width = Math.max(1, (to - from) / runEnd * 90) + 'px';
      seg.style.marginLeft = j === 0 ? (from / runEnd * 90) + 'px' : '0';
      seg.style.background = statusColour[S[st[j + 1]]] || '#bbb';
      seg.title = S[st[j + 1]] + ' from step ' + from;
      bar.append(seg);
    }
    return bar;
  }
  $('order-filter').addEventListener('input', (ev) => {
    const q = ev.target.value.trim();
    // The order of that id first, then the ids that start with it, then the orderNumbers holding it.
    const rank = (o) => String(o[0]) === q ? 0 : String(o[0]).startsWith(q) ? 1 :
      o[4] >= 0 && S[o[4]].includes(q) ? 2 : 3;
    shownOrders = q === '' ? data.orders : data.orders.map((o) => [rank(o), o]).filter((x) => x[0] < 3)
      .sort((a, b) => a[0] - b[0] || a[1][0] - b[1][0]).map((x) => x[1]);
    $('orders').scrollTop = 0;
    orderList.refresh(true);
  });

  // ---- selection and deep links ---------------------------------------------------------------
  function scrollTimelineTo(n) {
    if (!inWindow(n)) return;
    scroller.scrollTop = Math.max(0, yOf(n - first) - scroller.clientHeight / 2);
  }
  function chooseOrder(id) {
    state.order = id;
    const o = data.orders.find((x) => x[0] === id);
    let count = 0;
    for (const r of steps) if (r[3] === id) count++;
    $('selection').textContent = o ? 'order ' + id + ': ' + count + ' steps highlighted' : 'no order ' + id;
    $('selection').dataset.highlighted = String(count);
    const idx = shownOrders.indexOf(o);
    if (idx >= 0) orderList.scrollTo(idx);
    orderList.refresh(true);
    if (o) {
      const firstIn = steps.findIndex((r) => r[3] === id);
      if (firstIn >= 0) { stepList.scrollTo(firstIn); scrollTimelineTo(first + firstIn); }
    }
    stepList.refresh(true);
    draw();
  }
  function chooseViolation(i) {
    const v = data.violations[i];
    state.violation = v;
    state.history = new Set(v.history);
    for (const tr of $('violation-list').tBodies[0].rows) tr.classList.toggle('chosen', tr.dataset.index === String(i));
    $('selection').textContent = 'violation ' + v.invariant + ' at step ' + v.step + ': causal history ' +
      v.history.join(', ');
    location.hash = '#step-' + v.step;
    stepList.refresh(true);
    draw();
  }
  function follow() {
    const m = /^#(step|order)-(-?\d+)$/.exec(location.hash);
    if (!m) return;
    const n = Number(m[2]);
    if (m[1] === 'order') return chooseOrder(n);
    state.target = n;
    if (inWindow(n)) {
      stepList.scrollTo(n - first);
      stepList.refresh(true);
      scrollTimelineTo(n);
    } else {
      $('selection').textContent = 'step ' + n + ' is outside the steps this report shows';
    }
    draw();
  }
  $('clear').addEventListener('click', () => {
    state.order = null; state.violation = null; state.history = new Set(); state.target = null;
    $('selection').textContent = '';
    for (const tr of $('violation-list').tBodies[0].rows) tr.classList.remove('chosen');
    orderList.refresh(true); stepList.refresh(true); draw();
  });
  for (const radio of document.querySelectorAll('input[name=timescale]')) {
    radio.addEventListener('change', () => {
      const mid = indexAt(scroller.scrollTop + scroller.clientHeight / 2);
      state.linear = radio.value === 'linear' && radio.checked;
      if (mid < steps.length) scroller.scrollTop = Math.max(0, yOf(mid) - scroller.clientHeight / 2);
      draw();
      plots();
    });
  }

  // ---- plots ----------------------------------------------------------------------------------
  function plots() {
    const tEnd = Math.max(t1, t0 + 1);
    const inflight = [], pending = new Map();
    let cur = 0;
    for (const r of steps) {
      const k = kindOf(r);
      if (k === 'append') cur += Number((S[r[7]].match(/readers (\d+)/) || [0, 0])[1]);
      // A zombie's failed commit leaves the record in flight for the new owner.
      else if (k === 'offset-commit' && cur > 0 && !S[r[7]].includes('CommitFailedException')) cur -= 1;
      inflight.push([r[0], cur]);
    }
    const lat = [];
    for (const o of data.orders) {
      if (!inWindow(o[1]) || o[3].length < 2) continue;
      const lastStep = o[3][o[3].length - 2];
      if (!inWindow(lastStep)) continue;
      lat.push([rowOf(lastStep)[0], rowOf(lastStep)[0] - rowOf(o[1])[0]]);
    }
    pending.clear();
    plot($('plot-inflight'), inflight, true, tEnd, 'records');
    plot($('plot-latency'), lat, false, tEnd, 'latency (s)', 1e6);
  }
  function plot(cv, points, line, tEnd, unit, scale) {
    const w = cv.clientWidth || 400, h = cv.clientHeight || 110, dpr = window.devicePixelRatio || 1;
    cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr);
    const c = cv.getContext('2d');
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, h);
    const px = (t) => 30 + (t - t0) / (tEnd - t0) * (w - 40);
    for (const b of data.bands) {
      if (!inWindow(b[1])) continue;
      const a = rowOf(b[1])[0], z = inWindow(b[2]) ? rowOf(b[2])[0] : tEnd;
      c.fillStyle = S[b[4]] === 'crash' ? 'rgba(198,40,40,0.12)' : 'rgba(255,152,0,0.16)';
      c.fillRect(px(a), 0, Math.max(1, px(z) - px(a)), h);
    }
    let max = 1;
    for (const p of points) max = Math.max(max, p[1]);
    const py = (v) => h - 14 - v / max * (h - 24);
    c.strokeStyle = '#999';
    c.beginPath(); c.moveTo(30, py(0)); c.lineTo(w - 10, py(0)); c.stroke();
    c.fillStyle = '#555'; c.font = '10px sans-serif';
    c.fillText(scale ? (max / scale).toFixed(3) : String(max), 2, 10);
    c.fillText('0', 2, py(0));
    c.fillText(usToText(t0), 30, h - 2);
    c.fillText(usToText(tEnd), w - 90, h - 2);
    c.fillText(unit, 60, 10);
    c.strokeStyle = '#1565c0'; c.fillStyle = '#1565c0';
    if (line) {
      c.beginPath();
      let prev = 0, x0 = px(t0);
      c.moveTo(x0, py(0));
      for (const p of points) { c.lineTo(px(p[0]), py(prev)); c.lineTo(px(p[0]), py(p[1])); prev = p[1]; }
      c.stroke();
    } else {
      for (const p of points) c.fillRect(px(p[0]) - 1, py(p[1]) - 1, 2, 2);
    }
  }

  // ---- start ----------------------------------------------------------------------------------
  header();
  laneHeads();
  stepList.refresh(true);
  orderList.refresh(true);
  draw();
  plots();
  window.addEventListener('resize', () => { draw(); plots(); stepList.refresh(false); orderList.refresh(false); });
  window.addEventListener('hashchange', follow);
  follow();
  // When the page became usable, in ms since navigation began (read by the browser test; it never
  // reaches the file).
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
})();
