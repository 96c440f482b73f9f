// The main menu's groups are <details> and work without this file. With it, an open group
// closes on Escape (focus back on its button) or on a click outside it, as a menu would.
(function () {
  "use strict";

  function openGroups() {
    return document.querySelectorAll("details.nav-group[open]");
  }

  document.addEventListener("click", function (event) {
    openGroups().forEach(function (group) {
      if (!group.contains(event.target)) {
        group.removeAttribute("open");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var active = document.activeElement;
    var group = active && active.closest ? active.closest("details.nav-group[open]") : null;
    if (!group) {
      return;
    }
    group.removeAttribute("open");
    group.querySelector("summary").focus();
  });
})();
