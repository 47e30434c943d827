// The header's theme switch, posted with htmx: the page stays as it is (whatever was typed is
// kept) and takes the new theme from the answer's "theme-changed" event. Without JavaScript the
// switch posts as a plain form and the page comes back in the new theme.
document.addEventListener("theme-changed", function (event) {
  var theme = event.detail && event.detail.theme;
  if (!theme) {
    return;
  }
  document.documentElement.setAttribute("data-theme", theme);
  document.querySelectorAll(".theme-switch button[name='theme']").forEach(function (button) {
    button.setAttribute("aria-pressed", button.value === theme ? "true" : "false");
  });
});
