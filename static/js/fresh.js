// A page the browser restores from its back-forward cache shows the platform as it was back
// then: read it again, so that Back and Forward never show a setting that has since changed.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) {
    window.location.reload();
  }
});
