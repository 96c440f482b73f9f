/* The template studio's small helpers (no inline scripts: CSP). Everything else is htmx.
 *
 * - A lint problem's link puts the cursor on the problem: it focuses the language's text and
 *   selects the characters the problem is about (data-offset, data-length).
 * - The character counter under each text follows typing.
 * - Enter in the new field's name adds the field instead of submitting the whole form.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.problem-place");
    if (!link) return;
    var target = document.querySelector(link.getAttribute("href"));
    if (!target) return;
    event.preventDefault();
    target.focus();
    var offset = parseInt(link.getAttribute("data-offset"), 10);
    if (!isNaN(offset) && typeof target.setSelectionRange === "function") {
      var length = parseInt(link.getAttribute("data-length"), 10) || 0;
      target.setSelectionRange(offset, offset + length);
    }
  });

  function updateCount(textarea) {
    var counter = document.querySelector('[data-count-for="' + textarea.id + '"]');
    if (!counter) return;
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var length = textarea.value.replace(/\r\n/g, "\n").length;
    // The words come from the page (data-count-format, translated there), with {count} and
    // {limit} filled in here.
    var format = counter.getAttribute("data-count-format") || "{count} of {limit} characters";
    counter.textContent = format.replace("{count}", length).replace("{limit}", limit);
    counter.classList.toggle("over-limit", length > limit);
  }

  document.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") updateCount(event.target);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    var button = document.querySelector('[data-enter-for="' + event.target.id + '"]');
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
