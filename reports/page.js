// What both pages' scripts use (reports/timeline.js, reports/campaign.js), put before each: the
// page's data, read from its JSON script element, and the two ways it makes elements. Text goes in
// with textContent only, so no string of a run is ever read as markup.
'use strict';
const sagasimData = JSON.parse(document.getElementById('sagasim-data').textContent);
const $ = (id) => document.getElementById(id);
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
// A definition-list entry of a page's header: <div><dt>key</dt><dd>value</dd></div>.
function fact(list, key, value) {
  const d = el('div');
  d.append(el('dt', key), el('dd', value));
  list.append(d);
}
