// Says at once, on the field, when a chosen file is over the limit, so that nothing typed is lost to a refused upload.
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  var limit = Number(input.dataset.maxBytes);
  var message = document.createElement("div");
  message.className = "invalid-feedback";
  message.id = input.id + "-storlek";
  input.insertAdjacentElement("afterend", message);
  input.addEventListener("change", function () {
    var tooLarge = Array.prototype.some.call(input.files, function (file) { return file.size > limit; });
    var text = tooLarge ? input.dataset.tooLarge : "";
    input.setCustomValidity(text);
    input.classList.toggle("is-invalid", tooLarge);
    message.textContent = text;
    message.style.display = tooLarge ? "block" : "";
    if (tooLarge) { input.setAttribute("aria-describedby", message.id); }
  });
  input.form.addEventListener("submit", function (event) {
    if (!input.checkValidity()) { event.preventDefault(); input.focus(); }
  });
});
