/*
 * Keeps a staff session alive while someone works in an admin page without sending it.
 *
 * Sessions end after SESSION_IDLE_MINUTES without a request (portal.two_factor). Writing a long text in an
 * editor sends nothing until it is saved, so every few minutes, if the person typed, clicked or scrolled
 * since the last time, this script tells the server (POST to data-url, with the admin's CSRF token).
 * An admin page left alone still lets its session end.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var url = script && script.dataset.url;
  var every = Number((script && script.dataset.everySeconds) || 300) * 1000;
  if (!url) return;

  var active = false;
  ['input', 'keydown', 'pointerdown', 'scroll'].forEach(function (name) {
    document.addEventListener(name, function () { active = true; }, { capture: true, passive: true });
  });

  function csrfToken() {
    if (window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) return window.wagtailConfig.CSRF_TOKEN;
    var field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : '';
  }

  window.setInterval(function () {
    if (!active) return;
    active = false;
    window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrfToken() },
    }).catch(function () { /* offline for a moment: the next activity tries again */ });
  }, every);
})();
