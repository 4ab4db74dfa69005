// Partners pages: ask before removing a member (no inline handlers: CSP forbids them).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.partners-confirm");
  if (form && !window.confirm(form.dataset.confirm || "")) {
    event.preventDefault();
  }
});
