// The rule-version form: choosing a criterion's or the formula's kind shows its fields at once
// (the form works without it: the "show the fields" button does the same).
(function () {
  var refresh = document.getElementById("rf-refresh");
  if (!refresh) return;
  document.querySelectorAll("select[data-refresh]").forEach(function (s) {
    s.addEventListener("change", function () { refresh.click(); });
  });
})();
