/*
 * sortlens "Try it" page (try.html): reads a list from the input or the URL hash (#list=3,1,4,...), runs the model in
 * the page (assets/forward.js, weights from assets/model-weights.js), and shows the tokens, the charts (through the
 * hooks assets/sortlens.js offers: window.sortlens.spec / redraw / hashExtra) and per-input checks of the mechanism.
 * Bad input is explained under the field and the previous result stays. No network access of any kind.
 */
(function () {
  'use strict';
  var F = window.SortlensForward;
  var model = null;
  var current = null;     /* the list shown, an array of ints */
  var HASH_KEY = 'list';

  function $(id) { return document.getElementById(id); }

  function num(v) {
    var a = Math.abs(v);
    if (a === 0) { return '0'; }
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 1e-4) { return String(Number(v.toPrecision(4))); }
    return v.toExponential(2);
  }

  /* Invisible format characters (bidirectional overrides and isolates, zero-width marks): never echoed as they are,
     since an unmatched one re-orders the page's own sentence around it; shown as U+FFFD, so the quote says that
     something is there. */
  var INVISIBLE = /\p{Cf}/gu;

  /* Text typed or linked, as a message may quote it: invisible format characters replaced, at most max code points
     (never half of a surrogate pair), with an ellipsis when cut. */
  function echo(text, max) {
    var chars = Array.from(String(text).replace(INVISIBLE, '\uFFFD'));
    return chars.length > max ? chars.slice(0, max).join('') + '\u2026' : chars.join('');
  }

  /* The list in a text ("3, 1 4;1") or an error naming what is allowed; a value is quoted as it was typed. */
  function parse(text) {
    var n = model.listLength, max = model.valueCount - 1;
    var allowed = n + ' whole numbers from 0 to ' + max + ', separated by commas or spaces';
    var parts = String(text).trim().split(/[\s,]+/).filter(function (s) { return s.length > 0; });
    if (parts.length === 0) { return { error: 'The list is empty. Enter ' + allowed + '.' }; }
    var bad = parts.filter(function (s) { return !/^[+-]?[0-9]+$/.test(s); });
    if (bad.length) {
      return { error: '"' + echo(bad[0], 12) + '" is not a whole number. Enter ' + allowed + '.' };
    }
    var values = parts.map(Number);
    var out = parts.filter(function (s, i) { return values[i] < 0 || values[i] > max; });
    if (out.length) { return { error: echo(out[0], 40) + ' is out of range: values go from 0 to ' + max + '.' }; }
    if (values.length !== n) {
      return { error: values.length + (values.length === 1 ? ' value' : ' values') + ': the model sorts lists of exactly '
        + n + '. Enter ' + allowed + '.' };
    }
    return { list: values };
  }

  function tokenText(t) { return t === model.start ? 'START' : t === model.stop ? 'STOP' : String(t); }

  /* The sorted outputs' labels as the charts have them ("out j"), from the exported sequence layout. */
  function outputLabels() { return model.layout.outputLabels; }

  /* A row of tokens, separated by spaces so that the element's text is the space-separated list. */
  function fillTokens(el, tokens, correct, tips) {
    el.textContent = '';
    tokens.forEach(function (t, i) {
      if (i > 0) { el.appendChild(document.createTextNode(' ')); }
      var li = document.createElement('li');
      li.textContent = tokenText(t);
      if (correct) {
        li.className = t === correct[i] ? 'right' : 'wrong';
        if (t !== correct[i]) { li.title = 'predicted ' + t + ', correct ' + correct[i] + (tips ? tips[i] : ''); }
      } else if (t >= model.valueCount) {
        li.className = 'special';
      }
      el.appendChild(li);
    });
  }

  /* The largest |value| of a matrix, at least a tiny floor (a colour range needs a width). */
  function absMax(rows) {
    var m = 1e-9;
    rows.forEach(function (r) { for (var i = 0; i < r.length; i++) { m = Math.max(m, Math.abs(r[i])); } });
    return m;
  }

  function setHeatmap(spec, key, rows, diverging, markers) {
    var variant = spec.variants[key];
    var max = absMax(rows);
    variant.series[0].data = { matrix: rows.map(function (r) { return Array.from(r); }) };
    if (markers && variant.series[1]) { variant.series[1].data = markers; }
    variant.visualMap = { min: diverging ? -max : 0, max: max };
  }

  /* Per-input checks of the mechanism, each {claim, verdict (yes/partly/no), detail}. */
  function checks(r) {
    var n = model.listLength, T = model.nCtx, L = model.layout, out = [], outputs = outputLabels();
    var heads = window.SORTLENS_WEIGHTS.heads;
    function verdict(k) { return k === n ? 'yes' : 2 * k >= n ? 'partly' : 'no'; }
    heads.forEach(function (label, h) {
      var hits = 0, band = 0, missed = [];
      for (var i = 0; i < n; i++) {
        var q = L.predictor + i, row = r.cache.pattern[h].subarray(q * T, (q + 1) * T);
        var top = 0;
        for (var k = 1; k <= q; k++) { if (row[k] > row[top]) { top = k; } }
        if (r.tokens[top] === r.correct[i]) { hits++; } else { missed.push(outputs[i]); }
        var prev = i === 0 ? 0 : r.tokens[q], mass = 0;
        for (k = L.input; k < L.input + n; k++) { if (r.tokens[k] >= prev) { mass += row[k]; } }
        if (mass > 0.5) { band++; }
      }
      out.push({ claim: label + ': the most-attended key holds the value to output', verdict: verdict(hits),
        detail: 'at ' + hits + ' of ' + n + ' outputs' + (missed.length ? ' (not at ' + missed.slice(0, 6).join(', ')
          + (missed.length > 6 ? ', ...' : '') + ')' : '') });
      out.push({ claim: label + ': more than half of the attention goes to list keys at or above the previous output',
        verdict: verdict(band), detail: 'at ' + band + ' of ' + n + ' outputs (the band: unsorted-list values '
          + '\u2265 the token at the query position; all values for out 0)' });
      var pos = 0;
      r.diffComponents.forEach(function (c) { if (c[2 + h] > 0) { pos++; } });
      out.push({ claim: label + ': the head pushes the correct token above the strongest wrong one',
        verdict: verdict(pos), detail: 'its logit-difference share is positive at ' + pos + ' of ' + n + ' outputs' });
    });
    var gaps = r.correct.map(function (c, i) { return i === 0 ? c : c - r.correct[i - 1]; });
    var wrong = [];
    r.predicted.forEach(function (p, i) { if (p !== r.correct[i]) { wrong.push(i); } });
    var sortedGaps = gaps.slice().sort(function (a, b) { return a - b; });
    var median = sortedGaps[Math.floor(n / 2)];
    if (wrong.length === 0) {
      var g = Math.max.apply(null, gaps);
      out.push({ claim: 'Wrong outputs sit at large gaps', verdict: 'none',
        detail: 'no wrong output on this list (its largest gap is ' + g + ', at ' + outputs[gaps.indexOf(g)] + ')' });
    } else {
      var big = wrong.filter(function (i) { return gaps[i] > median; });
      out.push({ claim: 'Wrong outputs sit at large gaps', verdict: big.length === wrong.length ? 'yes'
        : big.length > 0 ? 'partly' : 'no',
      detail: big.length + ' of ' + wrong.length + ' wrong outputs are at a gap above the median ('
          + wrong.slice(0, 6).map(function (i) { return outputs[i] + ' at gap ' + gaps[i]; }).join(', ')
          + (wrong.length > 6 ? ', ...' : '') + '); the median gap of this list is ' + median + ' (gap: correct value minus the previous one)' });
    }
    return out;
  }

  function fillChecks(list) {
    var el = $('try-checks');
    el.textContent = '';
    var words = { yes: 'held', partly: 'held in part', no: 'did not hold', none: 'nothing to check' };
    list.forEach(function (c) {
      var li = document.createElement('li');
      li.dataset.held = c.verdict;
      var b = document.createElement('b');
      b.textContent = words[c.verdict];
      li.appendChild(b);
      li.appendChild(document.createTextNode(' ' + c.claim + ': ' + c.detail + '.'));
      el.appendChild(li);
    });
  }

  function csv(rows) {
    return rows.map(function (r) {
      return r.map(function (v) { return /[",\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : v; })
        .join(',');
    }).join('\n') + '\n';
  }

  /* The chart's data download: a CSV of what it shows, made when the link is clicked (not on every redraw). */
  function setDownload(id, rows) {
    var a = document.querySelector('#' + id + ' a[download]');
    if (!a) { return; }
    a.download = 'try-' + id + '.csv';
    a.onclick = function () {
      if (a.href.indexOf('blob:') === 0) { URL.revokeObjectURL(a.href); }
      a.href = URL.createObjectURL(new Blob([csv(rows())], { type: 'text/csv' }));
    };
  }

  function updateCharts(r) {
    var S = window.sortlens, W = window.SORTLENS_WEIGHTS;
    if (!S || !S.spec('attention')) { return; }
    var n = model.listLength, T = model.nCtx, L = model.layout, heads = W.heads, labels = W.positionLabels;
    var outputs = outputLabels();
    var att = S.spec('attention'), src = S.spec('logit-diff-by-source');
    var markers = r.expected.map(function (k, i) { return [k, i]; });
    var attRows = [], srcRows = [];   /* per head, a function giving that head's CSV rows */
    heads.forEach(function (h, hi) {
      var rows = [];
      for (var q = L.predictor; q < L.predictor + n; q++) {
        rows.push(r.cache.pattern[hi].subarray(q * T, (q + 1) * T));
      }
      setHeatmap(att, h, rows, false, markers);
      attRows.push(function () {
        return rows.map(function (row, i) { return [h, labels[L.predictor + i]].concat(Array.from(row)); });
      });
      var diff = r.diffBySource.map(function (perHead) { return perHead[hi]; });
      setHeatmap(src, h, diff, true, null);
      srcRows.push(function () {
        return diff.map(function (row, i) { return [h, outputs[i]].concat(Array.from(row)); });
      });
    });
    var table = function (header, parts) {
      return function () {
        var out = [header];
        parts.forEach(function (f) { out = out.concat(f()); });
        return out;
      };
    };
    var comps = W.components.map(function (c, j) { return r.diffComponents.map(function (d) { return d[j]; }); });
    setHeatmap(S.spec('logit-diff'), 'all', comps, true, null);
    var prob = S.spec('correct-prob');
    prob.variants.all.series[0].data = r.probCorrect.slice();
    ['attention', 'logit-diff', 'logit-diff-by-source', 'correct-prob'].forEach(S.redraw);
    setDownload('attention', table(['head', 'query \\ key'].concat(labels), attRows));
    setDownload('logit-diff-by-source', table(['head', 'output \\ source'].concat(labels), srcRows));
    setDownload('logit-diff', function () {
      return [['component \\ output'].concat(outputs)].concat(W.components.map(function (c, j) {
        return [c].concat(comps[j]);
      }));
    });
    setDownload('correct-prob', function () {
      return [['output', 'correct', 'predicted', 'strongest_wrong', 'prob_correct', 'logit_diff']]
        .concat(outputs.map(function (o, i) {
          return [o, r.correct[i], r.predicted[i], r.wrong[i], r.probCorrect[i], r.logitDiff[i]];
        }));
    });
  }

  /* The why views: the table, the margin by part and the score by term, on the selected output (out=k). */
  function updateWhy(r, why) {
    var S = window.sortlens, W = window.SortlensWhy;
    if (!S || !W || !S.spec('why-output')) { return; }
    W.fillTable(model, why, function (i) { S.select('why-output', String(i), true); });
    W.fillMargins(S, model, why, 'try-');
    W.fillScores(S, model, r.tokens, why, 'try-');
    var key = S.key('why-output');
    document.querySelectorAll('tr[data-out]').forEach(function (tr) { tr.classList.toggle('selected', tr.dataset.out === key); });
  }

  /* The selected output as the link keeps it ("out=k"), or null for the first. */
  function selectedOut() {
    var S = window.sortlens, key = S && S.key ? S.key('why-output') : null;
    return key && key !== '0' ? key : null;
  }

  function show(list) {
    var t0 = performance.now();
    var r = F.analyse(model, list);
    var t1 = performance.now();
    current = list.slice();
    var n = model.listLength;
    fillTokens($('input-tokens'), r.tokens.slice(model.layout.start, model.layout.stop + 1));
    fillTokens($('target-tokens'), r.correct);
    var tips = r.correct.map(function (c, i) {
      return ' (p = ' + num(r.probCorrect[i]) + ', logit difference ' + num(r.logitDiff[i]) + ')';
    });
    fillTokens($('predicted'), r.predicted, r.correct, tips);
    var wrong = r.predicted.filter(function (p, i) { return p !== r.correct[i]; }).length;
    $('try-summary').textContent = (wrong === 0 ? 'All ' + n + ' outputs right' : wrong + ' of ' + n
      + ' outputs wrong') + '; lowest probability of a correct token: ' + num(Math.min.apply(null, r.probCorrect))
      + '; smallest logit difference (correct minus strongest wrong): ' + num(Math.min.apply(null, r.logitDiff)) + '.';
    $('try-summary').classList.toggle('bad', wrong > 0);
    fillChecks(checks(r));
    updateCharts(r);
    var t2 = performance.now();
    var why = F.explain(model, r.tokens);
    var t3 = performance.now();
    updateWhy(r, why);
    var t4 = performance.now();
    window.sortlensTry = { ms: t4 - t0, forwardMs: t1 - t0, drawMs: t2 - t1, explainMs: t3 - t2, whyDrawMs: t4 - t3,
      result: r, why: why, model: model };
    document.documentElement.dataset.try = 'ready';
  }

  function message(text) {
    var m = $('try-message');
    m.textContent = text || '';
    m.hidden = !text;
    $('try-input').setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  function hashList() {
    var raw = location.hash.replace(/^#/, '');
    var parts = raw.split(/[;&]/);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(HASH_KEY + '=') === 0) {
        var v = parts[i].substring(HASH_KEY.length + 1);
        try { v = decodeURIComponent(v); } catch (e) { /* shown as typed, the parser explains it */ }
        return v;
      }
    }
    return null;
  }

  /* What the input box shows for a linked text: the list it parses to (an input drops a line break, which would join
     two values), or else the text with its invisible characters removed and its whitespace as single spaces. */
  function boxText(text) {
    var p = parse(text);
    return p.list ? p.list.join(',') : String(text).replace(INVISIBLE, '\uFFFD').replace(/\s+/g, ' ').trim();
  }

  function writeHash() {
    var out = selectedOut();
    history.replaceState(null, '', '#' + HASH_KEY + '=' + current.join(',') + (out ? ';out=' + out : ''));
  }

  /* Shows the text's list, or explains why it is not one and keeps the previous result. */
  function apply(text, write) {
    var p = parse(text);
    if (p.error) {
      message(p.error + (current ? ' Still showing the last valid list.' : ''));
      return false;
    }
    message('');
    show(p.list);
    if (write) { writeHash(); }
    return true;
  }

  function randomList(lo, hi) {
    var out = [];
    for (var i = 0; i < model.listLength; i++) { out.push(lo + Math.floor(Math.random() * (hi - lo + 1))); }
    return out;
  }

  function preset(name) {
    var max = model.valueCount - 1, n = model.listLength, base = current || randomList(0, max);
    var list;
    if (name === 'random') {
      list = randomList(0, max);
    } else if (name === 'sorted') {
      list = base.slice().sort(function (a, b) { return a - b; });
    } else if (name === 'all-equal') {
      list = base.map(function () { return base[0]; });
    } else {
      /* one big gap: the smallest value at the bottom of the range, every other value in its top third */
      list = randomList(Math.ceil(2 * max / 3), max);
      list[Math.floor(Math.random() * n)] = 0;
    }
    $('try-input').value = list.join(', ');
    apply($('try-input').value, true);
  }

  function copyLink() {
    var out = selectedOut();
    var url = location.href.split('#')[0] + '#' + HASH_KEY + '=' + current.join(',') + (out ? ';out=' + out : '');
    writeHash();
    var out = $('try-link');
    out.value = url;
    out.hidden = false;
    var done = function (ok) { $('try-copy').textContent = ok ? 'Copied' : 'Select the link below'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
    } else {
      out.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      done(ok);
    }
    setTimeout(function () { $('try-copy').textContent = 'Copy link to this list'; }, 2000);
  }

  function init() {
    var input = $('try-input');
    if (!input) { return; }
    if (!F || !window.SORTLENS_WEIGHTS) {
      message('The model weights did not load (assets/model-weights.js): this page cannot run the model.');
      return;
    }
    model = F.load(window.SORTLENS_WEIGHTS);
    if (window.sortlens) {
      window.sortlens.hashExtra = function () { return current ? HASH_KEY + '=' + current.join(',') : null; };
    }
    var fromHash = hashList();
    var initial = fromHash !== null ? fromHash : input.value;
    input.value = boxText(initial);
    if (!apply(initial, fromHash !== null)) {
      show(parse(input.dataset.fallback).list);
      message(parse(initial).error + ' The link\'s list cannot be shown; showing ' + current.join(', ') + ' instead.');
    }
    input.addEventListener('input', function () { apply(input.value, true); });
    document.querySelectorAll('button[data-preset]').forEach(function (b) {
      b.addEventListener('click', function () { preset(b.dataset.preset); });
    });
    $('try-copy').addEventListener('click', copyLink);
    window.addEventListener('hashchange', function () {
      var h = hashList();
      if (h !== null && h !== (current || []).join(',')) {
        input.value = boxText(h);
        apply(h, false);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
