/* The dashboard's own script: toasts and htmx error reporting. No inline scripts (CSP). */
(function () {
  "use strict";

  var TOAST_SECONDS = 6;

  function toastBox() {
    return document.getElementById("toasts");
  }

  function dismissLater(el) {
    if (!el.classList.contains("toast-error")) {
      window.setTimeout(function () {
        el.remove();
      }, TOAST_SECONDS * 1000);
    }
  }

  function showToast(level, message) {
    var box = toastBox();
    if (!box || !message) return;
    var el = document.createElement("div");
    el.className = "toast toast-" + (level || "info");
    el.setAttribute("role", level === "error" ? "alert" : "status");
    var text = document.createElement("span");
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    el.appendChild(text);
    el.appendChild(close);
    box.appendChild(el);
    dismissLater(el);
  }

  /* A server response's HX-Trigger: {"toast": {"items": [{"level": ..., "message": ...}]}} */
  document.addEventListener("toast", function (event) {
    var items = (event.detail && event.detail.items) || [];
    items.forEach(function (item) {
      showToast(item.level, item.message);
    });
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var message =
      status === 403
        ? "You don't have access to that."
        : status === 404
          ? "That is no longer there — reload the page."
          : "Something went wrong (" + status + ") — try again.";
    showToast("error", message);
  });

  document.addEventListener("htmx:sendError", function () {
    showToast("error", "The dashboard could not be reached — check your connection and try again.");
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".toast-close");
    if (button) button.parentElement.remove();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(dismissLater);
  });
})();
