// On a narrow screen the top bar's menu folds behind a "Menu" button. Without this script the
// menu is simply shown, wrapped over several lines.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".topbar .menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  var topbar = button.closest(".topbar");
  topbar.classList.add("foldable");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    topbar.classList.toggle("menu-open", open);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  topbar.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
});
