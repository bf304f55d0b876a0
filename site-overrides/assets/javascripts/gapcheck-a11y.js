/* A table too wide for the screen scrolls inside its box (Material wraps it at run time):
   the box takes keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1). */
(function () {
  "use strict";
  // the page's words where gapcheck-form.js has them (the form page), else English
  const t = (text) => (window.gapcheckText && window.gapcheckText.t ? window.gapcheckText.t(text) : text);
  function focusable(root) {
    root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", t("Table (scrolls sideways)"));
    });
  }
  function start() {
    focusable(document);
    new MutationObserver(function () { focusable(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
