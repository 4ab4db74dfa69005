// Kyodo proposals: keep what the user types in this browser until the server has it.
// If the session expires, the form's POST goes to the login page and the text would be lost;
// here it stays in localStorage and is put back into the form after logging in again.
(() => {
  "use strict";

  function fieldsOf(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" && el.type !== "button"
    );
  }

  function collect(form) {
    const values = {};
    for (const el of fieldsOf(form)) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!values[el.name]) values[el.name] = [];
        if (el.checked) values[el.name].push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[el.name] = Array.from(el.selectedOptions).map((o) => o.value);
      } else {
        values[el.name] = el.value;
      }
    }
    return values;
  }

  function apply(form, values) {
    for (const el of fieldsOf(form)) {
      if (!(el.name in values)) continue;
      const value = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.includes(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.options) option.selected = Array.isArray(value) && value.includes(option.value);
      } else if (typeof value === "string") {
        el.value = value;
      }
    }
  }

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("proposal-form");
    if (!form || !window.localStorage) return;
    const key = form.dataset.storageKey;
    const savedAt = Number(form.dataset.savedAt || 0);
    const stored = read(key);
    const hasErrors = form.querySelector(".is-invalid, .invalid-feedback") !== null;

    // Restore only text that is newer than what the server has, and never over a page that
    // the server re-rendered with the user's own input and errors.
    if (stored && stored.ts > savedAt && !hasErrors) {
      apply(form, stored.values);
      const notice = document.getElementById("restore-notice");
      if (notice) notice.classList.remove("d-none");
    } else if (stored) {
      window.localStorage.removeItem(key);
    }

    const remember = () => {
      try {
        window.localStorage.setItem(key, JSON.stringify({ ts: Date.now(), values: collect(form) }));
      } catch (e) {
        /* storage full or disabled: the server-side autosave still works */
      }
    };
    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
    form.addEventListener("submit", remember);

    // The server confirmed an autosave of exactly what is on the page: nothing left to keep.
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target && event.detail.target.id === "autosave-status" &&
          event.detail.target.querySelector("[data-autosave='ok']")) {
        const current = read(key);
        if (current && JSON.stringify(current.values) === JSON.stringify(collect(form))) {
          window.localStorage.removeItem(key);
        }
      }
    });
  });
})();

// On a phone the steps scroll sideways: bring the current one into view.
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector(".wizard-steps .wizard-current");
  const list = current && current.closest(".wizard-steps");
  if (list && list.scrollWidth > list.clientWidth) {
    const offset = current.getBoundingClientRect().left - list.getBoundingClientRect().left;
    list.scrollLeft += offset - (list.clientWidth - current.offsetWidth) / 2;
  }
});
