// Every textarea with a maximum length shows how much of it is used: "120 av 4000 tecken".
// A static file (no inline script: the Content-Security-Policy allows only 'self').
(function () {
  "use strict";
  document.querySelectorAll("textarea[maxlength]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit) return;
    var counter = document.createElement("div");
    counter.className = "form-text char-count";
    counter.id = (area.id || area.name) + "-antal";
    area.insertAdjacentElement("afterend", counter);
    area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    function update() {
      var used = area.value.length;
      counter.textContent = used + " av " + limit + " tecken";
      // Read out only near the limit, not on every key.
      counter.setAttribute("aria-live", used > limit * 0.9 ? "polite" : "off");
      counter.classList.toggle("text-danger", used >= limit);
    }
    area.addEventListener("input", update);
    update();
  });
})();
