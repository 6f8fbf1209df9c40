// Conveniences for readers; every page reads and works without them. Loaded in <head> without defer, so
// a remembered light/dark choice applies before the first paint; the rest waits for the document.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "literate-theme";
  function stored() {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  var choice = stored();
  if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // A switch in the header: starts from the OS setting, remembers the reader's choice.
  function addThemeSwitch() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-switch";
    function label() {
      button.textContent = currentTheme() === "dark" ? "Light theme" : "Dark theme";
    }
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(key, next); } catch (e) { /* private mode: this page only */ }
      label();
    });
    label();
    header.appendChild(button);
  }

  // A copy button on every code block.
  function addCopyButtons() {
    var blocks = document.querySelectorAll("pre > code");
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i].parentNode;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      button.addEventListener("click", copy(blocks[i], button));
      var box = document.createElement("div");
      box.className = "code-box";
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
      box.appendChild(button);
    }
  }

  function copy(code, button) {
    return function () {
      var text = code.textContent;
      function done(ok) {
        button.textContent = ok ? "Copied" : "Press Ctrl+C";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(code)); });
      } else {
        done(fallback(code));
      }
    };
  }

  // Older browsers and some file:// pages: select the code and copy the selection.
  function fallback(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  // The contents entry of the section being read is marked (aria-current and a style).
  function highlightCurrentSection() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var headings = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) { byId[id] = links[i]; headings.push(heading); }
    }
    var visible = {};
    function mark() {
      var current = null;
      for (var j = 0; j < headings.length; j++) {
        if (visible[headings[j].id]) { current = headings[j].id; break; }
        if (headings[j].getBoundingClientRect().top < 0) current = headings[j].id;
      }
      for (var id in byId) {
        if (id === current) byId[id].setAttribute("aria-current", "location");
        else byId[id].removeAttribute("aria-current");
      }
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      mark();
    });
    headings.forEach(function (heading) { observer.observe(heading); });
  }

  function start() {
    addThemeSwitch();
    addCopyButtons();
    highlightCurrentSection();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
