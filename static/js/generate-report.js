// "Ta fram ny version" takes a few seconds: say that it is working, and let every button be pressed only once.
document.querySelectorAll("form.generate-report").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    document.querySelectorAll("form.generate-report button").forEach(function (button) { button.disabled = true; });
    var button = form.querySelector("button");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm ms-2";
    spinner.setAttribute("aria-hidden", "true");
    button.textContent = button.dataset.working;
    button.appendChild(spinner);
    var status = document.getElementById("generate-status");
    if (status) { status.textContent = "Rapporten tas fram. Det tar några sekunder; sidan byts när den är klar."; }
  });
});
