// Agreements: add rows to the role / cost / schedule formsets (no inline script: CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const fieldset = button.closest("[data-formset]");
  const prefix = fieldset.dataset.formset;
  const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = fieldset.querySelector("template[data-formset-template]");
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  fieldset.querySelector("[data-formset-body]").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const first = fieldset.querySelector("[data-formset-body] tr:last-child input, [data-formset-body] tr:last-child select");
  if (first) first.focus();
});
