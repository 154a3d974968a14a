/*
 * sortlens report: draws the charts described by templates/charts.ftlh, keeps selections in the URL hash, follows
 * the system colour scheme with a remembered toggle, exports PNG/SVG, copies permalinks, adds keyboard shortcuts.
 * It knows no option shape beyond three conventions: "sortlens:NAME" strings name formatters, a heatmap series'
 * {"matrix": rows} data is expanded to [x, y, value] items (with a "colour" matrix, [x, y, value, colour]), and a series with id "marker" outlines heatmap cells.
 * No network access of any kind.
 */
(function () {
  'use strict';
  var doc = document.documentElement;
  var THEME_KEY = 'sortlens-theme';
  var charts = {};
  var posKeys = [];         /* output j's key in links ("out-j"), as the page's position selector spells it */
  var selectedPos = null;   /* the selected output position j, or null */

  /*
   * Hooks for a page that computes its charts' data in the browser (try.html, assets/try.js): read a chart's spec,
   * redraw it after changing the spec's data, and add that page's own state ("key=value") to every link written.
   */
  var hooks = window.sortlens = {
    spec: function (id) { return charts[id] ? charts[id].spec : null; },
    redraw: function (id) {   /* only the shown variant's series and colour range change: merge them in */
      var c = charts[id];
      if (!c || !c.inst) { return; }
      var v = c.spec.variants[c.key];
      c.inst.setOption(v.visualMap ? { series: expand(v.series), visualMap: v.visualMap } : { series: expand(v.series) });
      markPosition(c);
    },
    /* the shown view of a chart, and showing another (written to the link when write is true) */
    key: function (id) { return charts[id] ? charts[id].key : null; },
    select: function (id, key, write) { select(id, key, write); },
    hashExtra: null
  };

  function storedTheme() {
    try { return localStorage.getItem(THEME_KEY); } catch (e) { return null; }
  }
  function isDark() {
    var t = doc.dataset.theme;
    if (t === 'dark') { return true; }
    if (t === 'light') { return false; }
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  /* Numbers: 4 significant digits, thousands grouped (logits reach about 1,300). */
  function num(v) {
    if (v === null || v === undefined || v === '-' || isNaN(v)) { return '–'; }
    v = Number(v);
    var a = Math.abs(v);
    if (a === 0) { return '0'; }
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 1e-4) { return String(Number(v.toPrecision(4))); }
    return v.toExponential(2);
  }
  function pct(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    return String(Number((Number(v) * 100).toFixed(2))) + ' %';
  }
  function integer(v) { return Math.round(Number(v)).toLocaleString('en-US'); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function heatmapTooltip(base) {
    var xs = base.xAxis.data, ys = base.yAxis.data;
    return function (p) {
      if (!p || !p.value || p.seriesType !== 'heatmap') { return ''; }
      return esc(base.yAxis.name) + ': <b>' + esc(ys[p.value[1]]) + '</b><br>' + esc(base.xAxis.name) + ': <b>' +
        esc(xs[p.value[0]]) + '</b><br>' + esc(p.seriesName) + ': <b>' + esc(num(p.value[2])) + '</b>';
    };
  }

  /*
   * Bars whose data items carry a token count ({"value": rate, "tokens": n, "thin": true}): the tooltip gives the
   * count, and a bar resting on few tokens is labelled with it (a rate from 3 tokens is not a rate from 30,000).
   */
  function barsTooltip(base) {
    var fmt = resolve(base.tooltip.valueFormatter, base);
    return function (ps) {
      var list = Array.isArray(ps) ? ps : [ps];
      if (!list.length) { return ''; }
      var out = esc(base.xAxis.name) + ' <b>' + esc(list[0].name) + '</b>';
      list.forEach(function (p) {
        var d = p.data && typeof p.data === 'object' ? p.data : { value: p.value };
        out += '<br>' + esc(p.seriesName) + ': <b>' + (d.value === null ? 'no tokens' : esc(fmt(d.value))) + '</b>';
        if (d.tokens !== undefined) { out += ' (' + esc(integer(d.tokens)) + ' tokens)'; }
      });
      return out;
    };
  }
  /* A strip chart's point: the run it is (its name) and its value; a median bar says so. */
  function stripTooltip(base) {
    var fmt = resolve(base.tooltip.valueFormatter, base);
    return function (p) {
      if (!p || !p.value) { return ''; }
      return esc(p.name) + ': <b>' + esc(fmt(p.value[1])) + '</b><br>' + esc(base.xAxis.name) + ': ' +
        esc(base.xAxis.data[p.value[0]]);
    };
  }
  function thinLabel(p) {
    var d = p.data && typeof p.data === 'object' ? p.data : null;
    return d && d.thin ? 'n=' + integer(d.tokens) : '';
  }

  function resolve(value, base) {
    if (typeof value === 'string' && value.indexOf('sortlens:') === 0) {
      var name = value.substring(9);
      if (name === 'number') { return num; }
      if (name === 'symlog') { return function (t) { return num(Math.sign(t) * (Math.pow(10, Math.abs(t)) - 1)); }; }
      if (name === 'percent') { return pct; }
      if (name === 'integer') { return integer; }
      if (name === 'heatmap') { return heatmapTooltip(base); }
      if (name === 'bars') { return barsTooltip(base); }
      if (name === 'thin') { return thinLabel; }
      if (name === 'strip') { return stripTooltip(base); }
      throw new Error('unknown formatter ' + name);
    }
    if (Array.isArray(value)) { return value.map(function (v) { return resolve(v, base); }); }
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = resolve(value[k], base); });
      return out;
    }
    return value;
  }

  function merge(target, extra) {
    Object.keys(extra || {}).forEach(function (k) {
      var v = extra[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object') {
        merge(target[k], v);
      } else {
        target[k] = v;
      }
    });
    return target;
  }

  function expand(series) {
    return series.map(function (s) {
      if (s.type !== 'heatmap' || !s.data || !s.data.matrix) { return s; }
      var items = [];
      var colour = s.data.colour;
      s.data.matrix.forEach(function (row, y) {
        row.forEach(function (v, x) {
          var item = [x, y, v === null ? '-' : v];
          if (colour) { item.push(colour[y][x] === null ? '-' : colour[y][x]); }
          items.push(item);
        });
      });
      return merge(merge({}, s), { data: items });
    });
  }

  function optionFor(c, key) {
    var spec = c.spec;
    var base = JSON.parse(JSON.stringify(spec.base));
    if (isDark()) { merge(base, spec.dark); }
    var variant = spec.variants[key];
    if (variant.visualMap) { merge(base.visualMap, variant.visualMap); }
    base.series = expand(variant.series);
    return resolve(base, spec.base);
  }

  /*
   * Outlines the selected output position: a rectangle over its whole category band on the chart's position axis,
   * drawn as a graphic in pixels (a markArea between two category values would run centre to centre).
   */
  function markPosition(c) {
    var pos = c.spec.positions;
    if (!pos || !c.inst) { return; }
    var rects = [];
    if (selectedPos !== null && selectedPos < pos.count) {
      var grid = c.inst.getModel().getComponent('grid', 0).coordinateSystem.getRect();
      var finder = pos.axis === 'x' ? { xAxisIndex: 0 } : { yAxisIndex: 0 };
      var idx = pos.first + selectedPos;
      var centre = c.inst.convertToPixel(finder, idx);
      var band = Math.abs(c.inst.convertToPixel(finder, idx + (idx > 0 ? -1 : 1)) - centre);
      var shape = pos.axis === 'x'
        ? { x: centre - band / 2, y: grid.y, width: band, height: grid.height }
        : { x: grid.x, y: centre - band / 2, width: grid.width, height: band };
      rects.push({ type: 'rect', silent: true, z: 100, shape: shape,
        style: { fill: 'rgba(255, 176, 0, 0.08)', stroke: '#e69500', lineWidth: 2 } });
    }
    c.inst.setOption({ graphic: rects }, { replaceMerge: ['graphic'] });
  }

  /* The category index a click landed on along an axis: heatmap items are [x, y, value], lines are by index. */
  function clickedPosition(c, p) {
    var pos = c.spec.positions;
    if (!pos) { return null; }
    var idx = Array.isArray(p.value) && p.seriesType === 'heatmap' ? p.value[pos.axis === 'x' ? 0 : 1] : p.dataIndex;
    var j = idx - pos.first;
    return j >= 0 && j < pos.count ? j : null;
  }

  function setPosition(j, write, anchor) {
    if (j === selectedPos) { return; }
    selectedPos = j;
    var sel = document.getElementById('position-select');
    if (sel) { sel.value = j === null ? '' : posKeys[j]; }
    document.querySelectorAll('[data-pos]').forEach(function (el) {
      el.classList.toggle('selected', j !== null && el.dataset.pos === posKeys[j]);
    });
    Object.keys(charts).forEach(function (id) {
      var c = charts[id];
      /* a chart whose views are the outputs (an example's "why" charts) shows the selected one */
      if (j !== null && c.select && c.select.dataset.key === 'pos' && c.key !== posKeys[j]) {
        select(id, posKeys[j], false);
      }
      markPosition(c);
    });
    if (write) { writeHash(anchor || currentAnchor()); }
  }

  function parsePosition(value) {
    var j = value ? posKeys.indexOf(value) : -1;
    return j >= 0 ? j : null;
  }

  /* The hash as text: a mangled escape (a lone "%") is kept as typed rather than thrown, so any link leaves a working page. */
  function hashText() {
    var raw = location.hash.replace(/^#/, '');
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  function currentAnchor() {
    var first = hashText().split(/[;&]/)[0];
    return first && first.indexOf('=') < 0 ? first : 'tokens';
  }

  /* Marker outlines (series id "marker") are drawn as large as one heatmap cell, so they frame it and hide none of it. */
  function sizeMarkers(c) {
    var series = c.inst.getOption().series || [];
    if (!series.some(function (s) { return s.id === 'marker'; })) { return; }
    var w = Math.abs(c.inst.convertToPixel({ xAxisIndex: 0 }, 1) - c.inst.convertToPixel({ xAxisIndex: 0 }, 0));
    var h = Math.abs(c.inst.convertToPixel({ yAxisIndex: 0 }, 1) - c.inst.convertToPixel({ yAxisIndex: 0 }, 0));
    var colour = isDark() ? '#56d364' : '#1a7f37';   /* green with 3:1 contrast on the theme's pale cells */
    if (w > 0 && h > 0) {
      c.inst.setOption({ series: [{ id: 'marker', symbolSize: [w, h], itemStyle: { borderColor: colour } }] });
    }
  }

  function draw(c) {
    if (c.inst) { c.inst.dispose(); }
    c.inst = window.echarts.init(c.el, isDark() ? 'dark' : null, { renderer: 'canvas' });
    c.inst.setOption(optionFor(c, c.key), { notMerge: true });
    sizeMarkers(c);
    markPosition(c);
    if (c.spec.positions) {
      c.inst.on('click', function (p) {
        var j = clickedPosition(c, p);
        if (j !== null) { setPosition(j === selectedPos ? null : j, true, c.el.dataset.chart); }
      });
    }
    /* A point that stands for a page (a sweep's run) opens it. */
    c.inst.on('click', function (p) {
      if (p && p.data && typeof p.data.href === 'string') { window.location.href = p.data.href; }
    });
  }

  function select(id, key, write) {
    var c = charts[id];
    if (!c || !Object.prototype.hasOwnProperty.call(c.spec.variants, key)) { return; }
    c.key = key;
    if (c.select) { c.select.value = key; }
    c.inst.setOption(optionFor(c, key), { notMerge: true });
    sizeMarkers(c);
    markPosition(c);
    /* charts whose views are the outputs ("out", on try.html) show the same output */
    if (c.select && c.select.dataset.key === 'out') {
      Object.keys(charts).forEach(function (other) {
        var d = charts[other];
        if (other !== id && d.select && d.select.dataset.key === 'out' && d.key !== key) { select(other, key, false); }
      });
      document.querySelectorAll('tr[data-out]').forEach(function (tr) {
        tr.classList.toggle('selected', tr.dataset.out === key);
      });
    }
    if (write) { writeHash(id); }
  }

  /* "#anchor;key=value;..." for the selections that differ from the page's defaults. */
  function hashFor(anchor) {
    var parts = [anchor];
    Object.keys(charts).sort().forEach(function (id) {
      var c = charts[id];
      if (c.select && c.key !== c.spec.order[0]) { parts.push(c.select.dataset.key + '=' + c.key); }
    });
    if (selectedPos !== null && posKeys[selectedPos]) { parts.push('pos=' + posKeys[selectedPos]); }
    var extra = hooks.hashExtra && hooks.hashExtra();
    if (extra) { parts.push(extra); }
    var uniq = parts.filter(function (p, i) { return parts.indexOf(p) === i; });
    return '#' + uniq.join(';');
  }

  function writeHash(anchor) {
    history.replaceState(null, '', hashFor(anchor));
  }

  function readHash() {
    var h = hashText();
    var parts = h.split(/[;&]/);
    var pos = null;
    parts.forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i >= 0 && kv.substring(0, i) === 'pos') { pos = parsePosition(kv.substring(i + 1)); }
      /* "#out=7" is output 7, as "#pos=out-7" */
      if (i >= 0 && kv.substring(0, i) === 'out') { pos = parsePosition('out-' + kv.substring(i + 1)); }
    });
    if (document.getElementById('position-select')) { setPosition(pos, false); }
    if (!h) { return; }
    parts.forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) { return; }
      var key = kv.substring(0, i), value = kv.substring(i + 1);
      Object.keys(charts).forEach(function (id) {
        var c = charts[id];
        if (c.select && c.select.dataset.key === key) { select(id, value, false); }
      });
    });
    var target = parts[0] && document.getElementById(parts[0]);
    if (target && parts.length > 1) { target.scrollIntoView(); }
  }

  function download(name, href) {
    var a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /* The colour the page is painted with (the stylesheet paints html; body is transparent). */
  function pageBackground() {
    var bg = getComputedStyle(doc).backgroundColor;
    return !bg || bg === 'transparent' || bg === 'rgba(0, 0, 0, 0)' ? (isDark() ? '#0f1216' : '#ffffff') : bg;
  }

  /*
   * PNG: the chart as drawn (with the selected position's outline), on the page's opaque background. SVG: the same
   * option rendered again by ECharts' string renderer, which has no page element, so its aria feature (which writes
   * to one) is off and the description is put on the svg element instead.
   */
  function exportChart(id, type) {
    var c = charts[id];
    var bg = pageBackground();
    if (type === 'png') {
      download(id + '.png', c.inst.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: bg,
        excludeComponents: ['toolbox'] }));
      return;
    }
    var svg = window.echarts.init(null, isDark() ? 'dark' : null,
      { renderer: 'svg', ssr: true, width: c.el.clientWidth, height: c.el.clientHeight });
    var option = optionFor(c, c.key);
    option.backgroundColor = bg;
    option.aria = { enabled: false };
    svg.setOption(option);
    var text = svg.renderToSVGString();
    svg.dispose();
    var label = c.el.getAttribute('aria-label') || id;
    text = text.replace('<svg', '<svg role="img" aria-label="' + esc(label) + '"');
    var url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    download(id + '.svg', url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* A polite live region showing the last copied link, so it can be read (and copied by hand) when no clipboard. */
  function copyStatus(url, copied) {
    var el = document.getElementById('copy-status');
    if (!el) {
      el = document.createElement('p');
      el.id = 'copy-status';
      el.className = 'copy-status';
      el.setAttribute('role', 'status');
      document.body.appendChild(el);
    }
    el.dataset.url = url;
    el.textContent = (copied ? 'Link copied: ' : 'Copy this link: ') + url;
    el.classList.add('shown');
    clearTimeout(copyStatus.timer);
    copyStatus.timer = setTimeout(function () { el.classList.remove('shown'); }, copied ? 4000 : 15000);
  }

  function copyLink(button) {
    var anchor = button.dataset.anchor;
    var hash = hashFor(anchor);
    var url = location.href.split('#')[0] + hash;
    history.replaceState(null, '', hash);
    var done = function (copied) {
      var old = button.dataset.label || button.textContent;
      button.dataset.label = old;
      button.textContent = copied ? 'Copied' : 'Link below';
      setTimeout(function () { button.textContent = old; }, 1500);
      copyStatus(url, copied);
    };
    var fallback = function () {
      var t = document.createElement('textarea');
      t.value = url;
      document.body.appendChild(t);
      t.select();
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      t.remove();
      done(copied);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function cycle(id, step) {
    var c = charts[id];
    if (!c || !c.select) { return; }
    var order = c.spec.order;
    var i = (order.indexOf(c.key) + step + order.length) % order.length;
    select(id, order[i], true);
  }

  function themeButton() {
    var b = document.getElementById('theme-toggle');
    if (!b) { return; }
    var dark = isDark();
    b.setAttribute('aria-pressed', dark ? 'true' : 'false');
    b.textContent = dark ? 'Light mode' : 'Dark mode';
  }

  function redrawAll() {
    Object.keys(charts).forEach(function (id) { draw(charts[id]); });
    themeButton();
  }

  function init() {
    document.querySelectorAll('.chart-area[data-chart]').forEach(function (el) {
      var id = el.dataset.chart;
      var script = document.getElementById(id + '-option');
      var spec = JSON.parse(script.textContent);
      var sel = document.querySelector('select[data-chart="' + id + '"]');
      charts[id] = { el: el, spec: spec, key: spec.order[0], select: sel, inst: null };
      if (sel) {
        sel.addEventListener('change', function () {
          if (sel.dataset.key === 'pos' && posKeys.length) {
            setPosition(parsePosition(sel.value), true, id);
          } else {
            select(id, sel.value, true);
          }
        });
      }
      el.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { cycle(id, 1); e.preventDefault(); }
        if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { cycle(id, -1); e.preventDefault(); }
      });
      draw(charts[id]);
      if (window.sortlensFirstChart === undefined) { window.sortlensFirstChart = performance.now(); }
    });
    var posSelect = document.getElementById('position-select');
    if (posSelect) {
      /* the options after "none" are the outputs in order, written by the Java SequenceLayout */
      posKeys = Array.prototype.map.call(posSelect.options, function (o) { return o.value; })
        .filter(function (v) { return v !== ''; });
      posSelect.addEventListener('change', function () { setPosition(parsePosition(posSelect.value), true); });
      document.querySelectorAll('li[data-pos], tr[data-pos]').forEach(function (el) {
        el.addEventListener('click', function () {
          var j = parsePosition(el.dataset.pos);
          setPosition(j === selectedPos ? null : j, true, el.tagName === 'TR' ? 'why' : 'tokens');
        });
      });
    }
    themeButton();

    document.addEventListener('click', function (e) {
      var t = e.target.closest ? e.target.closest('button') : null;
      if (!t) { return; }
      if (t.id === 'theme-toggle') {
        var next = isDark() ? 'light' : 'dark';
        doc.dataset.theme = next;
        try { localStorage.setItem(THEME_KEY, next); } catch (err) { /* not remembered, still applied */ }
        redrawAll();
      } else if (t.dataset.anchor) {
        copyLink(t);
      } else if (t.dataset.export) {
        exportChart(t.dataset.chart, t.dataset.export);
      }
    });
    if (window.matchMedia) {
      var mq = window.matchMedia('(prefers-color-scheme: dark)');
      var onChange = function () { if (!storedTheme()) { redrawAll(); } };
      if (mq.addEventListener) { mq.addEventListener('change', onChange); }
    }
    window.addEventListener('resize', function () {
      Object.keys(charts).forEach(function (id) {
        var c = charts[id];
        c.inst.resize();
        sizeMarkers(c);
        markPosition(c);
      });
    });
    window.addEventListener('hashchange', safeReadHash);
    document.addEventListener('keydown', function (e) {
      var tag = (e.target.tagName || '').toLowerCase();
      if (e.altKey || e.ctrlKey || e.metaKey || tag === 'input' || tag === 'select' || tag === 'textarea') { return; }
      var rel = e.key === 'n' ? 'next' : e.key === 'p' ? 'prev' : null;
      var link = rel && document.querySelector('a[rel="' + rel + '"]');
      if (link) { location.href = link.href; }
    });
    safeReadHash();
    document.documentElement.dataset.charts = 'ready';
  }

  /* Controls are attached before the hash is read, and a hash that cannot be applied is ignored, not fatal. */
  function safeReadHash() {
    try {
      readHash();
    } catch (e) {
      if (window.console) { window.console.warn('sortlens: link state ignored: ' + e.message); }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
