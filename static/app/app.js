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

  /* The words of these toasts, in the person's language: base.html puts them on
     #client-words as data-words-<name> (translated on the server); the English here is the
     fallback. */
  function words(name, fallback) {
    var holder = document.getElementById("client-words");
    return (holder && holder.getAttribute("data-words-" + name)) || fallback;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    /* The server already said what happened in a toast (expired page or session): no second. */
    if (xhr && /"toast"/.test(xhr.getResponseHeader("HX-Trigger") || "")) return;
    var message =
      status === 403
        ? words("forbidden", "You don't have access to that.")
        : status === 404
          ? words("gone", "That is no longer there — reload the page.")
          : words("failed", "Something went wrong ({status}) — try again.").replace(
              "{status}",
              String(status)
            );
    showToast("error", message);
  });

  document.addEventListener("htmx:sendError", function () {
    showToast(
      "error",
      words("unreachable", "The dashboard could not be reached — check your connection and try again.")
    );
  });

  /* htmx.config.timeout (the htmx-config meta in base.html) ran out. */
  document.addEventListener("htmx:timeout", function () {
    showToast(
      "error",
      words("timeout", "The dashboard took too long to answer — try again in a moment.")
    );
  });

  /* A request no person asked for (polling, "load" triggers) has no triggering event; the
     server does not count it as activity, so an open tab still times out when idle. */
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.triggeringEvent) {
      event.detail.headers["X-Background-Request"] = "true";
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".toast-close");
    if (button) button.parentElement.remove();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(dismissLater);
  });

  /* Countdowns: an element with data-countdown="27" (seconds, from the server) shows the time
     left in its [data-countdown-text], and when it is over enables its [data-countdown-enable]
     buttons, hides [data-countdown-wait] and says so in [data-countdown-ready] (a live region).
     The server enforces the same wait; this only saves a refused click. Works on swapped-in
     content too: every tick looks the elements up again. */
  function tickCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var seconds = Number(el.getAttribute("data-countdown")) || 0;
      if (!el.hasAttribute("data-countdown-end")) {
        el.setAttribute("data-countdown-end", String(Date.now() + seconds * 1000));
      }
      var left = Math.max(
        0,
        Math.ceil((Number(el.getAttribute("data-countdown-end")) - Date.now()) / 1000)
      );
      el.querySelectorAll("[data-countdown-text]").forEach(function (text) {
        text.textContent = String(left);
      });
      if (left > 0) return;
      el.removeAttribute("data-countdown");
      el.querySelectorAll("[data-countdown-enable]").forEach(function (button) {
        button.disabled = false;
      });
      el.querySelectorAll("[data-countdown-wait]").forEach(function (wait) {
        wait.hidden = true;
      });
      if (seconds > 0) {
        el.querySelectorAll("[data-countdown-ready]").forEach(function (ready) {
          // The page's words (data-ready-text, translated there).
          ready.textContent =
            ready.getAttribute("data-ready-text") || "You can ask for a new code now.";
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", tickCountdowns);
  document.addEventListener("htmx:load", tickCountdowns);
  window.setInterval(tickCountdowns, 1000);
})();
