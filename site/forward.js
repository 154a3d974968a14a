/*
 * sortlens forward pass in plain JavaScript: the one-layer attention-only transformer of the report, run in the page
 * from the weights the site exports (assets/model-weights.js). Same maths as the Java model (TransformerLens
 * conventions, right-multiplied weights): resid_pre = W_E[tok] + W_pos[pos]; per head q, k, v = resid_pre W + b;
 * scores = q.k / sqrt(d_head) with keys after the query set to -1e5 (the causal mask); pattern = softmax(scores);
 * z = pattern v; result = z W_O; resid_post = embed + pos_embed + sum of results + b_O; logits = resid_post W_U + b_U.
 * Computed in float64 from the float32 weights. No DOM, no network: usable from a page or from Node.
 */
(function (root) {
  'use strict';

  var MASKED = -1e5;

  /* Float32 little-endian bytes from base64, without relying on the platform's byte order. */
  function floats(base64) {
    var bin = typeof atob === 'function' ? atob(base64) : Buffer.from(base64, 'base64').toString('binary');
    var view = new DataView(new ArrayBuffer(bin.length));
    for (var i = 0; i < bin.length; i++) { view.setUint8(i, bin.charCodeAt(i)); }
    var out = new Float64Array(bin.length / 4);
    for (var j = 0; j < out.length; j++) { out[j] = view.getFloat32(4 * j, true); }
    return out;
  }

  /**
   * The model from the exported form {config: {d_model, d_head, n_heads, n_ctx, d_vocab}, layout: {listLength,
   * start, input, stop, output, predictor, outputLabels} (the first position of each role and the outputs' labels, from
   * the Java SequenceLayout),
   * params: [{name, shape}], data: base64 of every parameter's float32 values, in params order, row-major}.
   */
  function load(exported) {
    var c = exported.config;
    var all = floats(exported.data);
    var p = {};
    var offset = 0;
    exported.params.forEach(function (param) {
      var size = param.shape.reduce(function (a, b) { return a * b; }, 1);
      p[param.name] = all.subarray(offset, offset + size);
      offset += size;
    });
    if (offset !== all.length) { throw new Error('weights: ' + all.length + ' values for ' + offset + ' expected'); }
    return {
      dModel: c.d_model, dHead: c.d_head, nHeads: c.n_heads, nCtx: c.n_ctx, dVocab: c.d_vocab,
      layout: exported.layout, listLength: exported.layout.listLength,
      valueCount: c.d_vocab - 2, start: c.d_vocab - 2, stop: c.d_vocab - 1,
      W_E: p['embed.W_E'], W_pos: p['pos_embed.W_pos'],               // [d_vocab, d_model], [n_ctx, d_model]
      W_Q: p['blocks.0.attn.W_Q'], W_K: p['blocks.0.attn.W_K'], W_V: p['blocks.0.attn.W_V'], // [h, d_model, d_head]
      b_Q: p['blocks.0.attn.b_Q'], b_K: p['blocks.0.attn.b_K'], b_V: p['blocks.0.attn.b_V'], // [h, d_head]
      W_O: p['blocks.0.attn.W_O'], b_O: p['blocks.0.attn.b_O'],       // [h, d_head, d_model], [d_model]
      W_U: p['unembed.W_U'], b_U: p['unembed.b_U'],                   // [d_model, d_vocab], [d_vocab]
    };
  }

  /* [rows, out] = x [rows, in] times the block of w starting at offset, [in, out]; plus bias[bOffset..] if given. */
  function linear(x, rows, inDim, w, offset, outDim, bias, bOffset) {
    var y = new Float64Array(rows * outDim);
    for (var r = 0; r < rows; r++) {
      for (var o = 0; o < outDim; o++) {
        var s = bias ? bias[bOffset + o] : 0;
        for (var i = 0; i < inDim; i++) { s += x[r * inDim + i] * w[offset + i * outDim + o]; }
        y[r * outDim + o] = s;
      }
    }
    return y;
  }

  /**
   * One forward pass over a whole sequence of token ids (length n_ctx). Returns the activations the page and the
   * attribution need, each a flat Float64Array with its shape:
   * embed, posEmbed [pos, d_model]; v [head][pos, d_head]; pattern [head][q_pos, k_pos]; result [head][pos, d_model];
   * logits [pos, d_vocab].
   */
  function run(m, tokens) {
    var T = tokens.length, D = m.dModel, H = m.nHeads, E = m.dHead, V = m.dVocab;
    if (T !== m.nCtx) { throw new Error('sequence of ' + T + ' tokens, the model takes ' + m.nCtx); }
    var embed = new Float64Array(T * D), posEmbed = new Float64Array(T * D), resid = new Float64Array(T * D);
    for (var t = 0; t < T; t++) {
      for (var d = 0; d < D; d++) {
        embed[t * D + d] = m.W_E[tokens[t] * D + d];
        posEmbed[t * D + d] = m.W_pos[t * D + d];
        resid[t * D + d] = embed[t * D + d] + posEmbed[t * D + d];
      }
    }
    var scale = Math.sqrt(E);
    var vs = [], patterns = [], results = [];
    var post = new Float64Array(T * D);
    for (var i = 0; i < T * D; i++) { post[i] = resid[i] + m.b_O[i % D]; }
    for (var h = 0; h < H; h++) {
      var q = linear(resid, T, D, m.W_Q, h * D * E, E, m.b_Q, h * E);
      var k = linear(resid, T, D, m.W_K, h * D * E, E, m.b_K, h * E);
      var v = linear(resid, T, D, m.W_V, h * D * E, E, m.b_V, h * E);
      var pattern = new Float64Array(T * T);
      for (var a = 0; a < T; a++) {
        var max = -Infinity;
        for (var b = 0; b < T; b++) {
          var s = MASKED;
          if (b <= a) {
            s = 0;
            for (var e = 0; e < E; e++) { s += q[a * E + e] * k[b * E + e]; }
            s /= scale;
          }
          pattern[a * T + b] = s;
          if (s > max) { max = s; }
        }
        var sum = 0;
        for (b = 0; b < T; b++) { sum += (pattern[a * T + b] = Math.exp(pattern[a * T + b] - max)); }
        for (b = 0; b < T; b++) { pattern[a * T + b] /= sum; }
      }
      var z = new Float64Array(T * E);
      for (a = 0; a < T; a++) {
        for (b = 0; b <= a; b++) {
          var w = pattern[a * T + b];
          for (e = 0; e < E; e++) { z[a * E + e] += w * v[b * E + e]; }
        }
      }
      var result = linear(z, T, E, m.W_O, h * E * D, D, null, 0);
      for (i = 0; i < T * D; i++) { post[i] += result[i]; }
      vs.push(v);
      patterns.push(pattern);
      results.push(result);
    }
    return { tokens: tokens.slice(), embed: embed, posEmbed: posEmbed, v: vs, pattern: patterns, result: results,
      logits: linear(post, T, D, m.W_U, 0, V, m.b_U, 0) };
  }

  /** resid . W_U[:, token] for one [pos, d_model] activation at one position. */
  function unembedDot(m, act, pos, token) {
    var s = 0;
    for (var d = 0; d < m.dModel; d++) { s += act[pos * m.dModel + d] * m.W_U[d * m.dVocab + token]; }
    return s;
  }

  /**
   * Direct logit attribution of one token's logit at query position q: components [embed, pos_embed, L0H0..,
   * b_O, b_U] (they sum to the logit) and, per head, the share carried from each source position
   * (pattern[q, k] * (v_k W_O) . W_U[:, token], which sums over k to the head's component).
   */
  function attribute(m, cache, q, token) {
    var D = m.dModel, E = m.dHead, T = m.nCtx;
    var comps = [unembedDot(m, cache.embed, q, token), unembedDot(m, cache.posEmbed, q, token)];
    var bySource = [];
    for (var h = 0; h < m.nHeads; h++) {
      comps.push(unembedDot(m, cache.result[h], q, token));
      var ou = new Float64Array(E);   // [d_head] W_O[h] W_U[:, token]
      for (var e = 0; e < E; e++) {
        for (var d = 0; d < D; d++) { ou[e] += m.W_O[(h * E + e) * D + d] * m.W_U[d * m.dVocab + token]; }
      }
      var row = new Float64Array(T);
      for (var k = 0; k <= q; k++) {
        var carried = 0;
        for (e = 0; e < E; e++) { carried += cache.v[h][k * E + e] * ou[e]; }
        row[k] = cache.pattern[h][q * T + k] * carried;
      }
      bySource.push(row);
    }
    var bO = 0;
    for (var i = 0; i < D; i++) { bO += m.b_O[i] * m.W_U[i * m.dVocab + token]; }
    comps.push(bO, m.b_U[token]);
    return { components: comps, bySource: bySource };
  }

  /** The sequence the model sorts: START, the list, STOP and the sorted list, each where the layout puts it. */
  function sequence(m, list) {
    var L = m.layout, sorted = list.slice().sort(function (a, b) { return a - b; });
    var tokens = new Array(m.nCtx);
    tokens[L.start] = m.start;
    tokens[L.stop] = m.stop;
    list.forEach(function (v, i) { tokens[L.input + i] = v; tokens[L.output + i] = sorted[i]; });
    return tokens;
  }

  /**
   * Position of the input value each sorted output copies: equal values match in input order (a stable sort),
   * as in the Java ExpectedSources.
   */
  function expectedSources(m, list) {
    return list.map(function (v, i) { return i; })
      .sort(function (a, b) { return list[a] - list[b] || a - b; })
      .map(function (i) { return m.layout.input + i; });
  }

  /**
   * Everything the Try page shows for one list, per sorted output i (query position layout.predictor + i): the
   * correct token, the predicted (top-logit) token, the probability of the correct token, the strongest wrong token,
   * and the logit-difference attribution (correct minus strongest wrong) per component and per head and source
   * position.
   */
  function analyse(m, list) {
    var n = m.listLength, V = m.dVocab, T = m.nCtx, L = m.layout;
    var tokens = sequence(m, list);
    var cache = run(m, tokens);
    var out = { tokens: tokens, cache: cache, expected: expectedSources(m, list), correct: [], predicted: [],
      probCorrect: [], wrong: [], logitDiff: [], diffComponents: [], diffBySource: [] };
    for (var i = 0; i < n; i++) {
      var q = L.predictor + i, answer = tokens[L.output + i];
      var row = cache.logits.subarray(q * V, (q + 1) * V);
      var best = 0, wrong = -1, max = -Infinity;
      for (var t = 0; t < V; t++) {
        if (row[t] > row[best]) { best = t; }
        if (t !== answer && (wrong < 0 || row[t] > row[wrong])) { wrong = t; }
        if (row[t] > max) { max = row[t]; }
      }
      var z = 0;
      for (t = 0; t < V; t++) { z += Math.exp(row[t] - max); }
      var right = attribute(m, cache, q, answer), other = attribute(m, cache, q, wrong);
      out.correct.push(answer);
      out.predicted.push(best);
      out.probCorrect.push(Math.exp(row[answer] - max) / z);
      out.wrong.push(wrong);
      out.logitDiff.push(row[answer] - row[wrong]);
      out.diffComponents.push(right.components.map(function (c, j) { return c - other.components[j]; }));
      out.diffBySource.push(right.bySource.map(function (src, h) {
        var d = new Float64Array(T);
        for (var k = 0; k < T; k++) { d[k] = src[k] - other.bySource[h][k]; }
        return d;
      }));
    }
    return out;
  }


  /* [rows, cols] plain arrays of x [rows, inner] times w [inner, cols] (flat, row-major, from offset). */
  function times(x, w, offset, inner, cols) {
    return x.map(function (row) {
      var out = new Float64Array(cols);
      for (var i = 0; i < inner; i++) {
        var a = row[i];
        if (a === 0) { continue; }
        for (var o = 0; o < cols; o++) { out[o] += a * w[offset + i * cols + o]; }
      }
      return out;
    });
  }

  function rows(flat, count, width, offset) {
    var out = [];
    for (var r = 0; r < count; r++) { out.push(flat.subarray((offset || 0) + r * width, (offset || 0) + (r + 1) * width)); }
    return out;
  }

  function plus(a, b) {
    var out = new Float64Array(a.length);
    for (var i = 0; i < a.length; i++) { out[i] = a[i] + b[i]; }
    return out;
  }

  function dot(a, b) {
    var s = 0;
    for (var i = 0; i < a.length; i++) { s += a[i] * b[i]; }
    return s;
  }

  function meanRows(r, from, to, width) {
    var out = new Float64Array(width);
    for (var p = from; p < to; p++) { for (var i = 0; i < width; i++) { out[i] += r[p][i] / (to - from); } }
    return out;
  }

  /*
   * The weight products the explanations read, made once per model (as the Java LogitPaths and OutputExplainer):
   * per head tokenQ/tokenK [vocab][d_head] (W_E W_Q, W_E W_K), posQ/posK [n_ctx][d_head], tokenWrite [vocab][vocab]
   * (W_E W_V W_O W_U), positionWrite [n_ctx][vocab] ((W_pos W_V + b_V) W_O W_U), and the full reconstruction's
   * role writes; directToken [vocab][vocab] (W_E W_U), directPosition [n_ctx][vocab], bO [vocab] (b_O W_U), bU.
   */
  function paths(m) {
    if (m.paths) { return m.paths; }
    var D = m.dModel, E = m.dHead, V = m.dVocab, T = m.nCtx, L = m.layout, n = m.listLength;
    var wE = rows(m.W_E, V, D), wPos = rows(m.W_pos, T, D);
    var P = { heads: [], directToken: times(wE, m.W_U, 0, D, V), directPosition: times(wPos, m.W_U, 0, D, V),
      bO: times([m.b_O], m.W_U, 0, D, V)[0], bU: m.b_U,
      listPos: meanRows(wPos, L.input, L.stop, D), sortedPos: [] };
    for (var i = 0; i < n; i++) {
      var q = L.predictor + i;
      P.sortedPos.push(q - L.output > 0 ? meanRows(wPos, L.output, q, D) : new Float64Array(D));
    }
    for (var h = 0; h < m.nHeads; h++) {
      var bV = m.b_V.subarray(h * E, (h + 1) * E);
      var ou = times(rows(m.W_O, E, D, h * E * D), m.W_U, 0, D, V);     /* [d_head][vocab] */
      var ouFlat = new Float64Array(E * V);
      ou.forEach(function (r, e) { ouFlat.set(r, e * V); });
      var write = function (x) {   /* (x W_V + b_V) W_O W_U for residual rows x */
        return times(times(x, m.W_V, h * D * E, D, E).map(function (v) { return plus(v, bV); }), ouFlat, 0, E, V);
      };
      var H = {
        tokenQ: times(wE, m.W_Q, h * D * E, D, E), tokenK: times(wE, m.W_K, h * D * E, D, E),
        posQ: times(wPos, m.W_Q, h * D * E, D, E), posK: times(wPos, m.W_K, h * D * E, D, E),
        bQ: m.b_Q.subarray(h * E, (h + 1) * E), bK: m.b_K.subarray(h * E, (h + 1) * E),
        tokenWrite: times(times(wE, m.W_V, h * D * E, D, E), ouFlat, 0, E, V),
        positionWrite: write(wPos), listWrite: write([P.listPos])[0], sortedWrite: write(P.sortedPos)
      };
      H.kList = plus(times([P.listPos], m.W_K, h * D * E, D, E)[0], H.bK);
      H.kSorted = times(P.sortedPos, m.W_K, h * D * E, D, E).map(function (k) { return plus(k, H.bK); });
      P.heads.push(H);
    }
    m.paths = P;
    return P;
  }

  /* Component labels of the margin's parts, in the Java LogitDecomposition's order. */
  var ROLES = ['START', 'unsorted list', 'STOP', 'earlier sorted', "query's own token"];
  var SCORE_TERMS = ['token\u00b7token', 'token\u00b7position', 'position\u00b7token', 'position\u00b7position',
    'b_Q\u00b7key', 'query\u00b7b_K', 'b_Q\u00b7b_K'];

  function componentLabels(m) {
    var out = ['embed', 'pos_embed', 'b_O', 'b_U'];
    for (var h = 0; h < m.nHeads; h++) {
      ROLES.forEach(function (r) { out.push('L0H' + h + ' ' + r + ' token', 'L0H' + h + ' ' + r + ' position'); });
    }
    return out;
  }

  /* Role index of key k for query q: 0 START, 1 list, 2 STOP, 3 earlier sorted, 4 the query itself. */
  function role(L, k, q) {
    if (k === q) { return 4; }
    if (k === L.start) { return 0; }
    if (k === L.stop) { return 2; }
    return k < L.stop ? 1 : 3;
  }

  function argmaxExcept(x, except) {
    var best = -1;
    for (var v = 0; v < x.length; v++) { if (v !== except && (best < 0 || x[v] > x[best])) { best = v; } }
    return best;
  }

  /*
   * The full reconstruction's logits at output i (the Java ReconstructedModel with Recipe.full()): each head
   * attends by scores made from the key's token and its role's mean position, and keys write their token's OV row
   * plus their role's position write; plus the exact direct path and the biases.
   */
  function reconstruct(m, tokens, i) {
    var P = paths(m), L = m.layout, V = m.dVocab, q = L.predictor + i, p = tokens[q], scale = Math.sqrt(m.dHead);
    var out = new Float64Array(V);
    for (var v = 0; v < V; v++) { out[v] = P.bO[v] + P.bU[v] + P.directPosition[q][v] + P.directToken[p][v]; }
    P.heads.forEach(function (H) {
      var qv = plus(plus(H.tokenQ[p], H.posQ[q]), H.bQ);
      var s = new Float64Array(q + 1), max = -Infinity, k;
      for (k = 0; k <= q; k++) {
        var r = role(L, k, q), kv;
        if (r === 1) { kv = plus(H.tokenK[tokens[k]], H.kList); }
        else if (r === 3) { kv = plus(H.tokenK[tokens[k]], H.kSorted[i]); }
        else { kv = plus(plus(H.tokenK[tokens[k]], H.posK[k]), H.bK); }
        s[k] = dot(qv, kv) / scale;
        if (s[k] > max) { max = s[k]; }
      }
      var z = 0;
      for (k = 0; k <= q; k++) { s[k] = Math.exp(s[k] - max); z += s[k]; }
      var mass = [0, 0, 0, 0, 0];
      for (k = 0; k <= q; k++) {
        var a = s[k] / z, tw = H.tokenWrite[tokens[k]];
        mass[role(L, k, q)] += a;
        for (v = 0; v < V; v++) { out[v] += a * tw[v]; }
      }
      var writes = [H.positionWrite[L.start], H.listWrite, H.positionWrite[L.stop], H.sortedWrite[i],
        H.positionWrite[q]];
      writes.forEach(function (w, r) { for (v = 0; v < V; v++) { out[v] += mass[r] * w[v]; } });
    });
    return out;
  }

  /*
   * Every sorted output of a sequence explained exactly, as the Java OutputExplainer: per output i, the correct
   * token, the model's answer, its runner-up, the strongest wrong token (rival), the margin (correct minus rival
   * logit) and its parts [component] (componentLabels), what each key carried along it per head [head][key], each
   * head's score [head][key] with its seven terms [head][term][key] (SCORE_TERMS) and softmax weight [head][key]
   * (keys after the query 0), and the full reconstruction's answer and margin.
   */
  function explain(m, tokens) {
    var P = paths(m), L = m.layout, n = m.listLength, V = m.dVocab, T = m.nCtx, H = m.nHeads;
    var scale = Math.sqrt(m.dHead), nc = 4 + 10 * H;
    var out = { components: componentLabels(m), scoreTerms: SCORE_TERMS, outputs: [] };
    for (var i = 0; i < n; i++) {
      var q = L.predictor + i, p = tokens[q];
      var parts = [P.directToken[p], P.directPosition[q], P.bO, P.bU];
      for (var c = 4; c < nc; c++) { parts.push(new Float64Array(V)); }
      var score = [], terms = [], weight = [], bySource = [];
      for (var h = 0; h < H; h++) {
        var Hh = P.heads[h], qTok = Hh.tokenQ[p], qPos = Hh.posQ[q];
        var qb = (dot(qTok, Hh.bK) + dot(qPos, Hh.bK)) / scale, bb = dot(Hh.bQ, Hh.bK) / scale;
        var t7 = [0, 1, 2, 3, 4, 5, 6].map(function () { return new Float64Array(T); });
        var sc = new Float64Array(T), wt = new Float64Array(T), max = -Infinity, k;
        for (k = 0; k <= q; k++) {
          var kTok = Hh.tokenK[tokens[k]], kPos = Hh.posK[k];
          t7[0][k] = dot(qTok, kTok) / scale;
          t7[1][k] = dot(qTok, kPos) / scale;
          t7[2][k] = dot(qPos, kTok) / scale;
          t7[3][k] = dot(qPos, kPos) / scale;
          t7[4][k] = (dot(Hh.bQ, kTok) + dot(Hh.bQ, kPos)) / scale;
          t7[5][k] = qb;
          t7[6][k] = bb;
          sc[k] = t7[0][k] + t7[1][k] + t7[2][k] + t7[3][k] + t7[4][k] + t7[5][k] + t7[6][k];
          if (sc[k] > max) { max = sc[k]; }
        }
        var z = 0;
        for (k = 0; k <= q; k++) { wt[k] = Math.exp(sc[k] - max); z += wt[k]; }
        for (k = 0; k <= q; k++) { wt[k] /= z; }
        for (k = 0; k <= q; k++) {
          var base = 4 + 2 * (h * 5 + role(L, k, q)), tw = Hh.tokenWrite[tokens[k]], pw = Hh.positionWrite[k];
          for (var v = 0; v < V; v++) { parts[base][v] += wt[k] * tw[v]; parts[base + 1][v] += wt[k] * pw[v]; }
        }
        score.push(sc);
        terms.push(t7);
        weight.push(wt);
      }
      var logits = new Float64Array(V);
      parts.forEach(function (part) { for (var v = 0; v < V; v++) { logits[v] += part[v]; } });
      var correct = tokens[L.output + i], predicted = argmaxExcept(logits, -1), rival = argmaxExcept(logits, correct);
      for (h = 0; h < H; h++) {
        var src = new Float64Array(T), Hs = P.heads[h];
        for (k = 0; k <= q; k++) {
          var tws = Hs.tokenWrite[tokens[k]], pws = Hs.positionWrite[k];
          src[k] = weight[h][k] * (tws[correct] - tws[rival] + pws[correct] - pws[rival]);
        }
        bySource.push(src);
      }
      var recon = reconstruct(m, tokens, i), reconTop = argmaxExcept(recon, -1);
      out.outputs.push({ correct: correct, predicted: predicted, runnerUp: argmaxExcept(logits, predicted),
        rival: rival, margin: logits[correct] - logits[rival],
        marginParts: parts.map(function (part) { return part[correct] - part[rival]; }), marginBySource: bySource,
        score: score, scoreParts: terms, weight: weight, reconstructed: reconTop,
        reconstructedMargin: recon[correct] - recon[argmaxExcept(recon, correct)] });
    }
    return out;
  }

  var api = { load: load, run: run, attribute: attribute, sequence: sequence, expectedSources: expectedSources,
    analyse: analyse, explain: explain, reconstruct: reconstruct, componentLabels: componentLabels,
    SCORE_TERMS: SCORE_TERMS };
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { root.SortlensForward = api; }
}(typeof self !== 'undefined' ? self : this));
