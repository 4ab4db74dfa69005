// Cases: small progressive enhancements (no inline scripts under the CSP).
document.addEventListener("DOMContentLoaded", () => {
  // The fiscal-year selector on the analysis page submits when changed; the button stays for
  // keyboard and no-JS users.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
