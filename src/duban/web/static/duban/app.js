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

// htmx swaps in no error answer. A save the server could not take (503: the database stayed busy
// past its timeout, nothing was stored) is said above the form, whose typed text stays as it is.
document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status !== 503) return;
  const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
  const said = page.querySelector("[role=alert]");
  const form = event.detail.elt.closest("form") || event.detail.elt;
  let note = form.querySelector(".busy-note");
  if (!note) {
    note = document.createElement("p");
    note.className = "error busy-note";
    note.setAttribute("role", "alert");
    form.prepend(note);
  }
  note.textContent = said ? said.textContent : "系统繁忙：这次没有保存，请稍候几秒再提交一次";
});
