// Parts of a form that matter for one choice only: "Numbers" for "Only these callers", "Other
// number" for "Another number". A form lists them in data-reveal, one per line:
//   <field name> when <choice's name>=<value>
// The part is hidden until that choice is made. Without this script every part is shown.
(function () {
  function rules(form) {
    return (form.getAttribute("data-reveal") || "")
      .split("\n")
      .map(function (line) {
        var match = line.trim().match(/^(\S+) when ([^=]+)=(.+)$/);
        return match && { field: match[1], choice: match[2].trim(), value: match[3].trim() };
      })
      .filter(Boolean);
  }

  function chosen(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function apply(form) {
    rules(form).forEach(function (rule) {
      var input = form.querySelector('[name="' + rule.field + '"]');
      var part = input && (input.closest("fieldset.list") || input.closest(".field"));
      var choices = form.querySelector('input[name="' + rule.choice + '"]');
      if (!part || !choices) {
        return; // not on this form (a service without that choice): left as it is
      }
      part.style.display = chosen(form, rule.choice) === rule.value ? "" : "none";
    });
  }

  function applyAll() {
    document.querySelectorAll("form[data-reveal]").forEach(apply);
  }

  document.addEventListener("DOMContentLoaded", applyAll);
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-reveal]");
    if (form) {
      apply(form);
    }
  });
  // A part of the form drawn again by htmx (a block, a new entry) is judged again.
  document.addEventListener("htmx:afterSettle", applyAll);
})();
