// Kyodo: small progressive enhancements. No inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, move focus to the first field with an error, or else to the form's
  // error summary, so keyboard and screen-reader users land on what needs fixing.
  const invalid = document.querySelector("main .is-invalid, main [aria-invalid='true']");
  if (invalid) {
    invalid.focus();
    return;
  }
  const summary = document.querySelector("main form .alert-danger");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("role", "alert");
    summary.focus();
  }
});

// Data tables on narrow screens (class "table-cards"): each row becomes a card and each cell is
// labelled by its column's header, written into data-label for the stylesheet to show. Tables
// htmx swaps in later (filtered lists) are labelled as they arrive.
function labelTableCells(root) {
  root.querySelectorAll("table.table-cards").forEach((table) => {
    const header = table.tHead && table.tHead.rows[0];
    if (!header) return;
    const columns = [];
    for (const th of header.cells) {
      for (let i = 0; i < th.colSpan; i += 1) columns.push(th.textContent.trim().replace(/\s+/g, " "));
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (cell.colSpan === 1 && columns[column] && cell.tagName === "TD") cell.dataset.label = columns[column];
          column += cell.colSpan;
        }
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", () => labelTableCells(document));
document.addEventListener("htmx:load", (event) => labelTableCells(event.target.closest("table") ? event.target.closest("table").parentNode : event.target));

// Wide tables that keep their columns (reports, comparisons) scroll sideways inside
// .table-responsive: the scroll container is a labelled region keyboard users can focus and
// scroll (WCAG 2.1.1), named by its table's caption.
function labelScrollContainers(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.hasAttribute("tabindex")) return;
    const caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    if (caption && caption.textContent.trim()) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption.textContent.trim());
    }
  });
}
document.addEventListener("DOMContentLoaded", () => labelScrollContainers(document));
document.addEventListener("htmx:load", (event) => labelScrollContainers(event.target.parentNode || event.target));
