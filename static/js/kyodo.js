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
