// Small behaviours the pages share; no inline scripts, so the Content-Security-Policy stays strict.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("[data-autosubmit]")) field.form.requestSubmit();
});
