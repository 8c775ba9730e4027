// The campaign page's behaviour (reports/campaign.html), after reports/page.js: fills the page
// from the campaign's JSON Lines (each distinct failure, then the summary) and the files written
// for each failure, with textContent. Links are relative paths inside the --out folder.
(function () {
  'use strict';
  const data = sagasimData;
  const sum = data.summary, failures = data.failures;
  function link(text, path) {
    const a = el('a', text);
    a.setAttribute('href', './' + path);  // './': a folder name never reads as a URL scheme
    return a;
  }
  const v = $('verdict');
  v.textContent = sum.verdict.toUpperCase();
  v.className = sum.verdict.toUpperCase();
  $('scenario-name').textContent = sum.name + ' (' + sum.scenario + ')';
  document.title = sum.verdict + ' ' + sum.name + ' - sagasim campaign';
  const facts = [['scenario', sum.scenario], ['sha256', sum.sha256], ['tool', sum.tool], ['strategy', sum.strategy],
    ['runs', sum.runs], ['passed', sum.passed], ['failed', sum.failed], ['inconclusive', sum.inconclusive],
    ['distinct failures', sum.distinct_failures], ['stopped', sum.stopped]];
  for (const [k, val] of facts) fact($('facts'), k, val);
  const body = $('failures').tBodies[0];
  failures.forEach((f, i) => {
    const tr = el('tr');
    tr.id = 'failure-' + (i + 1);
    const files = el('td');
    const timeline = data.timelines[i];
    if (timeline) files.append(link('timeline', timeline));
    if (f.tape) { files.append(' '); files.append(link('tape', data.tapes[i])); }
    if (data.shrunk[i]) { files.append(' '); files.append(link('shrunk scenario', data.shrunk[i])); }
    tr.append(el('td', f.invariant), el('td', f.count), el('td', f.first_seed), el('td', f.strategy),
      el('td', f.what), el('td', f.repro, 'repro'), files);
    body.append(tr);
  });
  if (!failures.length) {
    const tr = el('tr');
    tr.append(el('td', 'no failure'));
    body.append(tr);
  }
  const cov = $('coverage').tBodies[0];
  for (const k of ['tuples', 'pairs']) {
    const c = sum.coverage[k];
    const tr = el('tr');
    tr.append(el('td', k), el('td', c.seen + ' of ' + c.of + ' seen'),
      el('td', c.never.length ? 'never: ' + c.never.slice(0, 20).join(', ') + (c.never.length > 20 ? ', ...' : '') : ''));
    cov.append(tr);
  }
  document.body.dataset.ready = 'true';
})();
