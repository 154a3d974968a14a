/*
 * sortlens training-dynamics page: one step slider drives every chart whose selection is the training step
 * (select[data-key="step"]). The charts themselves, their selection and the URL hash stay sortlens.js's work: the
 * slider only sets those selects and fires their change events, so a link keeps the step like any other selection.
 */
(function () {
  'use strict';

  function init() {
    var slider = document.getElementById('step-slider');
    var output = document.getElementById('step-value');
    var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-key="step"]'));
    if (!slider || !output || selects.length === 0) { return; }
    var keys = Array.prototype.map.call(selects[0].options, function (o) { return o.value; });
    slider.max = String(keys.length - 1);

    function show() {
      var i = Math.max(0, keys.indexOf(selects[0].value));
      slider.value = String(i);
      output.textContent = selects[0].options[i].textContent;
    }

    function follow(source, key) {
      selects.forEach(function (s) {
        if (s !== source && s.value !== key) {
          s.value = key;
          s.dispatchEvent(new Event('change'));
        }
      });
      show();
    }

    slider.addEventListener('input', function () { follow(null, keys[Number(slider.value)]); });
    selects.forEach(function (s) {
      s.addEventListener('change', function () { follow(s, s.value); });
    });
    window.addEventListener('hashchange', function () { setTimeout(show, 0); });
    show();
  }

  if (document.readyState === 'complete') { init(); } else { window.addEventListener('load', init); }
})();
