/* The admin's widgets, given the accessible names Django's own scripts leave out (WCAG 4.1.2):
   - the two-box selector (filter_horizontal) puts an aria-label on a bare <span> inside the filter's
     <label>, which assistive technology ignores: the text becomes the label's own (hidden) text;
   - select2 comboboxes (autocomplete_fields) are named only by their current value: they are
     named by the field's <label> too, and the value inside them is not a second, nameless textbox;
   - the fields of tabular inlines and of editable change lists sit under a column header with no
     <label>: each is named by its column's header and its row's object.
   Both widgets are built by scripts after the page loads (and again for each inline row added),
   so their markup is fixed as it appears. */
"use strict";
(function () {
  function nameFilterIcons(root) {
    root.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
      const text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = icon.getAttribute("aria-label");
      icon.removeAttribute("aria-label");
      icon.setAttribute("aria-hidden", "true");
      icon.parentNode.insertBefore(text, icon);
    });
  }

  function nameComboboxes(root) {
    root.querySelectorAll(".select2-selection[role=combobox]:not([data-kyodo-named])").forEach(function (box) {
      const container = box.closest(".select2-container");
      const select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT" || !select.id) return;
      const label = document.querySelector('label[for="' + select.id + '"]');
      if (!label) return;
      if (!label.id) label.id = select.id + "_label";
      const current = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", current ? label.id + " " + current : label.id);
      box.setAttribute("data-kyodo-named", "");
      box.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (value) {
        value.removeAttribute("role");
        value.removeAttribute("aria-readonly");
      });
    });
  }

  function unlabelled(control) {
    return control.type !== "hidden" && control.labels.length === 0 &&
      !control.hasAttribute("aria-label") && !control.hasAttribute("aria-labelledby");
  }

  function nameTableCells(root) {
    root.querySelectorAll("td input, td select, td textarea").forEach(function (control) {
      if (!unlabelled(control)) return;
      const cell = control.closest("td");
      const table = cell.closest("table");
      const header = table && table.tHead && table.tHead.rows[0] && table.tHead.rows[0].cells[cell.cellIndex];
      const column = header ? header.textContent.trim().replace(/\s+/g, " ") : "";
      if (!column) return;
      const row = cell.parentElement;
      const title = row.querySelector("th, td.original p");
      const object = title ? title.textContent.trim().replace(/\s+/g, " ") : "";
      control.setAttribute("aria-label", object ? column + " (" + object + ")" : column);
    });
  }

  function fix(root) {
    nameFilterIcons(root);
    nameComboboxes(root);
    nameTableCells(root);
  }

  const WIDGETS = "span.search-label-icon[aria-label], .select2-selection[role=combobox], td input, td select, td textarea";
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (m) {
        m.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && (node.matches(WIDGETS) || node.querySelector(WIDGETS))) fix(node.parentNode);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
