/*
 * sortlens "why" views computed in the page (assets/forward.js explain, from assets/model-weights.js): each key's
 * attention score by term for every output (why-attention, on example pages and on try.html) and, on try.html, the
 * margin by part (why-output) and the table of the model beside the reconstruction. On an example page the list
 * comes from the table's data-tokens; try.js calls SortlensWhy.show for its own list. No network access.
 */
(function (root) {
  'use strict';

  function csv(rows) {
    return rows.map(function (r) {
      return r.map(function (v) { return /[",\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : v; })
        .join(',');
    }).join('\n') + '\n';
  }

  /* The chart's data download: a CSV made when the link is clicked. */
  function setDownload(id, rows, prefix) {
    var a = document.querySelector('#' + id + ' a[download]');
    if (!a) { return; }
    a.download = prefix + id + '.csv';
    a.onclick = function () {
      if (a.href.indexOf('blob:') === 0) { URL.revokeObjectURL(a.href); }
      a.href = URL.createObjectURL(new Blob([csv(rows())], { type: 'text/csv' }));
    };
  }

  function tokenText(m, t) { return t === m.start ? 'START' : t === m.stop ? 'STOP' : String(t); }

  /* [row][key] of output o: per head the seven terms, the score and the weight, over keys 0..last query. */
  function scoreRows(m, o, keys) {
    var out = [];
    for (var h = 0; h < m.nHeads; h++) {
      o.scoreParts[h].concat([o.score[h], o.weight[h]]).forEach(function (r) { out.push(Array.from(r.subarray(0, keys))); });
    }
    return out;
  }

  /*
   * Cells [key, row] of the keys the mechanism expects output i to read: on each head's score row the list keys
   * holding the correct value, on its weight row the band (list keys at or above the previous output; all at out 0).
   */
  function markers(m, tokens, o, i) {
    var L = m.layout, rowsPerHead = 9, out = [], previous = i === 0 ? -Infinity : tokens[L.predictor + i];
    for (var h = 0; h < m.nHeads; h++) {
      for (var k = L.input; k < L.stop; k++) {
        if (tokens[k] === o.correct) { out.push([k, h * rowsPerHead + 7]); }
        if (tokens[k] >= previous) { out.push([k, h * rowsPerHead + 8]); }
      }
    }
    return out;
  }

  /* Fills the score chart: variant j of spec.order is output j. */
  function fillScores(S, m, tokens, x, prefix) {
    var spec = S.spec('why-attention');
    if (!spec) { return; }
    var L = m.layout, keys = L.predictor + m.listLength, labels = window.SORTLENS_WEIGHTS.positionLabels;
    var all = [];
    spec.order.forEach(function (key, i) {
      var o = x.outputs[i], rows = scoreRows(m, o, keys), max = 1e-9;
      rows.forEach(function (r) { r.forEach(function (v) { max = Math.max(max, Math.abs(v)); }); });
      var variant = spec.variants[key];
      variant.series[0].data = { matrix: rows };
      variant.series[1].data = markers(m, tokens, o, i);
      variant.visualMap = { min: -max, max: max };
      all.push(rows);
    });
    S.redraw('why-attention');
    var rowNames = [];
    for (var h = 0; h < m.nHeads; h++) {
      x.scoreTerms.concat(['score', 'weight']).forEach(function (t) { rowNames.push((m.nHeads > 1 ? 'L0H' + h + ' ' : '') + t); });
    }
    setDownload('why-attention', function () {
      var out = [['output', 'term \\ key'].concat(labels.slice(0, keys).map(function (l, k) {
        return l + ' = ' + tokenText(m, tokens[k]);
      }))];
      all.forEach(function (rows, i) {
        rows.forEach(function (r, j) { out.push([m.layout.outputLabels[i], rowNames[j]].concat(r)); });
      });
      return out;
    }, prefix);
  }

  /* The bar chart's categories, as the Java WhyViews: direct, b_O, b_U, then each head's five key roles. */
  function marginBars(m, parts) {
    var n = 3 + 5 * m.nHeads, token = new Array(n).fill(0), position = new Array(n).fill(0), bias = new Array(n).fill(0);
    token[0] = parts[0];
    position[0] = parts[1];
    bias[1] = parts[2];
    bias[2] = parts[3];
    for (var c = 4; c < parts.length; c += 2) {
      var cat = 3 + (c - 4) / 2;
      token[cat] = parts[c];
      position[cat] = parts[c + 1];
    }
    return [token, position, bias];
  }

  /* Fills the margin chart (try.html): variant j is output j. */
  function fillMargins(S, m, x, prefix) {
    var spec = S.spec('why-output');
    if (!spec) { return; }
    spec.order.forEach(function (key, i) {
      var bars = marginBars(m, x.outputs[i].marginParts);
      spec.variants[key].series.forEach(function (s, j) { s.data = bars[j]; });
    });
    S.redraw('why-output');
    setDownload('why-output', function () {
      return [['output', 'correct', 'predicted', 'rival', 'margin', 'reconstructed'].concat(x.components)]
        .concat(x.outputs.map(function (o, i) {
          return [m.layout.outputLabels[i], o.correct, o.predicted, o.rival, o.margin, o.reconstructed]
            .concat(o.marginParts);
        }));
    }, prefix);
  }

  function num(v) {
    var a = Math.abs(v);
    if (a === 0) { return '0'; }
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 1e-4) { return String(Number(v.toPrecision(4))); }
    return v.toExponential(2);
  }

  /* The parts in words, as the Java WhyViews.partName says them. */
  var PARTS = ['the direct path\'s token (embed)', 'the direct path\'s position (pos_embed)', 'b_O', 'b_U'];
  var KEYS = ['the START key\'s', 'the unsorted list keys\'', 'the STOP key\'s', 'the earlier sorted keys\'',
    'the query\'s own key\'s'];

  /* The part that decided output o (most negative when wrong, largest when right), in words. */
  function decisive(m, x, o) {
    var wrong = o.predicted !== o.correct, best = 0;
    o.marginParts.forEach(function (v, j) { if (wrong ? v < o.marginParts[best] : v > o.marginParts[best]) { best = j; } });
    var v = o.marginParts[best], label = PARTS[best];
    if (best >= 4) {
      var k = best - 4, h = Math.floor(k / 10);
      label = KEYS[(k >> 1) % 5] + ((k % 2) === 0 ? ' token' : ' position') + ' write' + (m.nHeads > 1 ? ' through L0H' + h : '');
    }
    return label + (wrong ? ' put ' + tokenText(m, o.rival) + ' ahead by ' + num(-v)
      : ' kept ' + tokenText(m, o.correct) + ' ahead by ' + num(v));
  }

  /* The table of the model beside the reconstruction (try.html), rows selectable by output. */
  function fillTable(m, x, onSelect) {
    var body = document.querySelector('#why-table tbody');
    if (!body) { return; }
    body.textContent = '';
    x.outputs.forEach(function (o, i) {
      var tr = document.createElement('tr'), wrong = o.predicted !== o.correct, differs = o.reconstructed !== o.predicted;
      tr.dataset.out = String(i);
      if (wrong) { tr.className = 'wrong'; }
      var cells = [m.layout.outputLabels[i], tokenText(m, o.correct), tokenText(m, o.predicted) + (wrong ? ' (wrong)' : ''),
        tokenText(m, o.rival), num(o.margin), tokenText(m, o.reconstructed) + (differs ? ' (differs)' : ''),
        decisive(m, x, o)];
      cells.forEach(function (text, c) {
        var td = document.createElement(c === 0 ? 'th' : 'td');
        if (c === 0) { td.scope = 'row'; }
        if (c > 0 && c < 6) { td.className = 'num'; }
        if ((c === 2 && wrong) || (c === 5 && differs)) { td.className += ' bad'; }
        td.textContent = text;
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { onSelect(i); });
      body.appendChild(tr);
    });
    var differ = x.outputs.filter(function (o) { return o.reconstructed !== o.predicted; }).length;
    var errors = x.outputs.filter(function (o) { return o.predicted !== o.correct; });
    var same = errors.filter(function (o) { return o.reconstructed === o.predicted; }).length;
    var summary = document.getElementById('why-summary');
    if (summary) {
      summary.textContent = 'The reconstruction (the mechanism as the Findings page states it, built from the weights) '
        + (differ === 0 ? 'gives the model\'s answer at every one of the ' + x.outputs.length + ' outputs'
          : 'differs from the model at ' + differ + ' of ' + x.outputs.length + ' outputs')
        + (errors.length === 0 ? '; the model makes no error here.' : '; of the model\'s ' + errors.length + ' error'
          + (errors.length === 1 ? '' : 's') + ', the reconstruction makes the same ' + same + '.');
    }
  }

  /* An example page: its list is in the table's data-tokens. */
  function initExample() {
    var table = document.getElementById('why-table');
    var S = root.sortlens, F = root.SortlensForward;
    if (!table || !table.dataset.tokens || document.getElementById('try-input') || !S || !F || !root.SORTLENS_WEIGHTS) {
      return;
    }
    var m = F.load(root.SORTLENS_WEIGHTS);
    var tokens = table.dataset.tokens.split(' ').map(Number);
    var t0 = performance.now();
    var x = F.explain(m, tokens);
    fillScores(S, m, tokens, x, (location.pathname.split('/').pop() || 'example').replace(/\.html$/, '') + '-');
    root.sortlensWhy = { ms: performance.now() - t0, result: x };
    document.documentElement.dataset.why = 'ready';
  }

  root.SortlensWhy = { fillScores: fillScores, fillMargins: fillMargins, fillTable: fillTable, marginBars: marginBars };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', initExample);
  } else {
    initExample();
  }
}(window));
