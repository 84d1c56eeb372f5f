// A shortened transaction id copies the whole id on click (a file: the CSP forbids inline code).
// Delegated from the document, so that the live part of an LC page, fetched again, keeps it.
(function () {
  function copied(button) {
    var code = button.querySelector('code');
    var shown = code.textContent;
    button.classList.add('copied');
    code.textContent = button.getAttribute('data-copied');
    setTimeout(function () { code.textContent = shown; button.classList.remove('copied'); }, 1500);
  }
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } finally { document.body.removeChild(area); }
  }
  document.addEventListener('click', function (e) {
    var button = e.target.closest('button.tx');
    if (!button) { return; }
    var text = button.getAttribute('data-copy');
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(button); },
        function () { fallback(text); copied(button); });
    } else {
      fallback(text);
      copied(button);
    }
  });
})();
