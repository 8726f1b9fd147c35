// Small behaviours the pages share; no inline scripts, so the Content-Security-Policy stays strict.
document.documentElement.classList.add("js");
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("[data-autosubmit]")) field.form.requestSubmit();
  // "全选" ticks every box that belongs to the form it names (the review queue's batch form).
  if (field.matches("[data-check-all]")) {
    document.querySelectorAll(`input[type=checkbox][form="${field.dataset.checkAll}"]`).forEach((box) => {
      box.checked = field.checked;
    });
  }
});
// The menu collapses behind a button on narrow screens (site.css); the button opens and closes it.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  const header = toggle.closest(".top");
  const open = header.classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
