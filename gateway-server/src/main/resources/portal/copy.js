// Postern portal: shows the copy button next to a new app password and copies it on a click.
// The page works without this script (the password is there to select); nothing else runs.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector(".copied");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        if (status) {
          status.textContent = "Copied";
        }
      }, function () {
        if (status) {
          status.textContent = "Select the password and copy it";
        }
      });
    });
  });
});
