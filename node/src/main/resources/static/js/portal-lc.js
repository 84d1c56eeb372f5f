// An LC page follows the ledger live: on a step of this LC, the live part is fetched again.
// A file, not an inline script, so that the Content-Security-Policy can forbid inline code.
(function () {
  var main = document.getElementById('main');
  var lc = main.getAttribute('data-lc');
  var source = new EventSource(main.getAttribute('data-events'));
  source.addEventListener('step', function (e) {
    var data = JSON.parse(e.data);
    if (data.lcNumber !== lc) { return; }
    fetch(window.location.pathname + '?fragment=live', { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var holder = document.createElement('template');
        holder.innerHTML = html;
        var fresh = holder.content.querySelector('#live');
        if (fresh) { document.getElementById('live').replaceWith(fresh); }
      });
  });
})();
