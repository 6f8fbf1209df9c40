/* Search over every page's title, headings and text (issue 17). Our own code, no library.
   The index is search-index.js at the site's top, a script that sets window.literateSearch (a script,
   not JSON, so that it loads from file:// too); it is loaded when the search box is first used.
   Without scripting the search form stays hidden and every page reads and navigates as before. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input");
  var panel = form.querySelector(".search-results");
  var list = form.querySelector(".search-list");
  var count = form.querySelector(".search-count");
  var status = form.querySelector(".search-status");
  var root = form.getAttribute("data-root") || "";
  var LIMIT = 10;
  var entries = null;
  var state = "idle"; // idle, loading, ready, failed
  var timer = 0;

  // Case and accents folded per character, with where each folded character came from, so a match
  // in the folded text can be marked in the original one.
  function fold(text) {
    var out = "", map = [], i = 0;
    for (var ch of text) {
      var f = ch < "\x80" ? ch.toLowerCase() : ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var k = 0; k < f.length; k++) map.push(i);
      out += f;
      i += ch.length;
    }
    map.push(i);
    return { text: out, map: map, original: text };
  }

  function load() {
    if (state !== "idle") return;
    if (window.literateSearch) return prepare();
    state = "loading";
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = prepare;
    script.onerror = function () {
      state = "failed";
      update();
    };
    document.head.appendChild(script);
  }

  function prepare() {
    var index = window.literateSearch;
    if (!index || !index.pages) {
      state = "failed";
      return update();
    }
    entries = [];
    index.pages.forEach(function (page, p) {
      var title = fold(page.title);
      page.sections.forEach(function (s, n) {
        entries.push({
          page: p, order: n, href: page.href + (s[0] ? "#" + encodeURIComponent(s[0]) : ""),
          top: !s[0], title: title, heading: fold(s[1]), text: fold(s[2])
        });
      });
    });
    state = "ready";
    update();
  }

  function words(query) {
    var seen = {};
    return fold(query).text.split(/\s+/).filter(function (w) {
      return w && !seen[w] && (seen[w] = true);
    });
  }

  // 2 for a match at the start of a word, 1 inside one, 0 for none.
  function found(folded, word) {
    var at = folded.text.indexOf(word);
    if (at < 0) return 0;
    return at === 0 || !/[\p{L}\p{N}]/u.test(folded.text[at - 1]) ? 2 : 1;
  }

  // Every word must be in the page's title, the section's heading or its text. The title counts fully
  // for the page's first section only, so a page's title finds the page, not each of its sections.
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var w = query[i];
      var t = found(entry.title, w), h = found(entry.heading, w), x = found(entry.text, w);
      var best = Math.max(entry.top ? 50 * t : t, 15 * h, 5 * x);
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  function search(query) {
    var scored = [];
    entries.forEach(function (entry) {
      var s = score(entry, query);
      if (s) scored.push({ entry: entry, score: s });
    });
    scored.sort(function (a, b) {
      return b.score - a.score || a.entry.page - b.entry.page || a.entry.order - b.entry.order;
    });
    return scored;
  }

  // The original text from folded position `from` to `to`, with every query word in it in <mark>.
  function marked(folded, query, from, to) {
    var spans = [];
    query.forEach(function (w) {
      for (var at = folded.text.indexOf(w, from); at >= 0 && at + w.length <= to; at = folded.text.indexOf(w, at + 1)) {
        spans.push([at, at + w.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var fragment = document.createDocumentFragment(), map = folded.map, text = folded.original, done = from;
    function plain(a, b) {
      if (b > a) fragment.appendChild(document.createTextNode(text.slice(map[a], map[b])));
    }
    spans.forEach(function (span) {
      if (span[1] <= done) return;
      var start = Math.max(span[0], done);
      plain(done, start);
      var mark = document.createElement("mark");
      mark.textContent = text.slice(map[start], map[span[1]]);
      fragment.appendChild(mark);
      done = span[1];
    });
    plain(done, to);
    return fragment;
  }

  // About 160 characters of the section's text around its first match, cut at spaces.
  function snippet(folded, query) {
    var text = folded.text, first = -1;
    query.forEach(function (w) {
      var at = text.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var from = Math.max(0, first - 50), to = Math.min(text.length, from + 160);
    if (from > 0) {
      var space = text.indexOf(" ", from);
      from = space >= 0 && space < first ? space + 1 : from;
    }
    if (to < text.length) {
      var back = text.lastIndexOf(" ", to);
      to = back > Math.max(from, first) ? back : to;
    }
    var fragment = document.createDocumentFragment();
    if (from > 0) fragment.appendChild(document.createTextNode("…"));
    fragment.appendChild(marked(folded, query, from, to));
    if (to < text.length) fragment.appendChild(document.createTextNode("…"));
    return fragment;
  }

  function span(className, content) {
    var element = document.createElement("span");
    element.className = className;
    element.appendChild(content);
    return element;
  }

  function show(results, query) {
    list.textContent = "";
    results.slice(0, LIMIT).forEach(function (result) {
      var entry = result.entry, link = document.createElement("a");
      link.href = root + entry.href;
      link.appendChild(span("search-page", marked(entry.title, query, 0, entry.title.text.length)));
      if (entry.heading.text) {
        link.appendChild(span("search-section", marked(entry.heading, query, 0, entry.heading.text.length)));
      }
      if (entry.text.text) link.appendChild(span("search-snippet", snippet(entry.text, query)));
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function say(message) {
    count.textContent = message;
    status.textContent = message;
  }

  function update() {
    var raw = input.value.trim(), query = words(raw);
    if (!query.length) {
      panel.hidden = true;
      list.textContent = "";
      status.textContent = "";
      return;
    }
    panel.hidden = false;
    if (state === "failed") return say("The search index could not be loaded.");
    if (state !== "ready") {
      load();
      return say("Loading the search index…");
    }
    var results = search(query);
    show(results, query);
    if (!results.length) say("No results for “" + raw + "”.");
    else if (results.length > LIMIT) say("The best " + LIMIT + " of " + results.length + " results.");
    else say(results.length === 1 ? "1 result." : results.length + " results.");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function clear() {
    input.value = "";
    update();
    input.focus();
  }

  input.addEventListener("focus", function () {
    load();
    if (input.value.trim()) update();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 80);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (!input.value && panel.hidden) return;
      event.preventDefault();
      clear();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    }
  });
  // The results close when focus or a click goes elsewhere, and when one is followed.
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) panel.hidden = true;
  });
  document.addEventListener("pointerdown", function (event) {
    if (!form.contains(event.target)) panel.hidden = true;
  });
  list.addEventListener("click", function () {
    panel.hidden = true;
  });

  form.hidden = false;
})();
