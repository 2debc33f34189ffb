// "Lägg till rad" under a table of formset rows: a copy of the empty row, numbered after the last one.
// A static file, as the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(prefix + "-tom-rad");
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    if (!total || !template || !body) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = parseInt(total.value, 10);
      if (max && next >= parseInt(max.value, 10)) return;
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(next)));
      total.value = String(next + 1);
      var first = body.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
})();
