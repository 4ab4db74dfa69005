// Reviews: the print button of the printable report (no inline handlers under the CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
