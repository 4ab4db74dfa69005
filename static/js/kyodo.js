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
