// Suggests prepared FAQ answers while a question is typed (the form works without it).
(function () {
  var box = document.getElementById("question"), list = document.getElementById("suggest"), timer;
  if (!box || !list) return;
  var lang = box.getAttribute("data-lang") || "zh-CN";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (q.length < 2) return;
      fetch("/api/v1/faq?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q.slice(0, 200)))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (d) {
          list.textContent = "";
          (d.items || []).slice(0, 5).forEach(function (e) {
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = "/faq/" + encodeURIComponent(lang) + "/" + e.id;
            a.textContent = e.question;
            a.target = "_blank";
            li.appendChild(a);
            list.appendChild(li);
          });
          if (!list.firstChild) {
            var li = document.createElement("li");
            li.className = "muted";
            li.textContent = box.getAttribute("data-none") || "";
            list.appendChild(li);
          }
        });
    }, 300);
  });
})();
