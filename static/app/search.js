// Search across accounts: "/" anywhere on a page puts the cursor in the search box, unless
// the person is typing in a field already (then "/" is just a slash). Escape in the header's
// box closes its list of results.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(
      target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || typing(event.target)) return;
    var box = document.querySelector("main [data-search-input]") ||
      document.querySelector("[data-search-input]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target || !event.target.matches) return;
    if (!event.target.matches(".header-search [data-search-input]")) return;
    var list = event.target.form && event.target.form.querySelector(".header-search-results");
    if (list) list.replaceChildren();
  });
})();
