// Page behaviour that the Content-Security-Policy allows only from a static file
// (no inline handlers): a <select data-autosubmit> sends its form when it changes.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
