// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher changes as soon as a language is picked.
  const select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", () => select.form.submit());
    const button = select.form.querySelector("button");
    if (button) button.classList.add("visually-hidden");
  }
});
