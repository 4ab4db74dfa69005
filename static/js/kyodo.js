// Kyodo: small progressive enhancements. No inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  const invalid = document.querySelector(".is-invalid, [aria-invalid='true']");
  if (invalid) invalid.focus();
});
