/* conflictwatch dashboard: map, timeline, table and event panel over the local API.
 *
 * Everything comes from this server: country shapes from the vendored world-atlas file, drawn
 * with d3-geo; events from /events.geojson, /stats and /events. Text from the store (articles,
 * claims, names) is untrusted and only ever inserted as text nodes, never as HTML.
 */
(function () {
  "use strict";

  // ACLED event types and their colours (Okabe-Ito, distinguishable with colour blindness).
  var TYPES = [
    ["Battles", "#D55E00"],
    ["Explosions/Remote violence", "#E69F00"],
    ["Violence against civilians", "#CC79A7"],
    ["Protests", "#009E73"],
    ["Riots", "#56B4E9"],
    ["Strategic developments", "#0072B2"]
  ];
  var COLOR = {};
  TYPES.forEach(function (t) { COLOR[t[0]] = t[1]; });
  var OTHER_COLOR = "#777";
  var PAGE_SIZE = 200;
  var MAX_POINTS = 50000;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var FILTER_KEYS = ["country", "event_type", "since", "until", "q", "contested"];

  var state = {
    countries: null,   // GeoJSON features of the world's countries
    points: [],        // GeoJSON features of the current events
    page: 1,
    total: 0,
    sort: "date",
    selected: null,
    fitWorld: false,
    seq: 0
  };

  function $(id) { return document.getElementById(id); }

  // A DOM element with attributes and children; strings become text nodes (never HTML).
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
        if (k === "class") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en"); }

  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") q.set(k, v);
    });
    return q.toString();
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (r.ok) return r.json();
      return r.json().catch(function () { return {}; }).then(function (body) {
        throw new Error((body && body.detail) || r.status + " " + r.statusText);
      });
    });
  }

  function setStatus(msg) { $("status").textContent = msg || ""; }

  // -- filters ----------------------------------------------------------------------------
  function readFilters() {
    return {
      country: $("f-country").value,
      event_type: $("f-type").value,
      since: $("f-since").value,
      until: $("f-until").value,
      q: $("f-q").value.trim(),
      contested: $("f-contested").checked ? "true" : ""
    };
  }

  function writeHash(f) {
    var params = Object.assign({}, f);
    if (state.selected) params.event = state.selected;
    var h = query(params);
    if (("#" + h) !== location.hash && !(h === "" && location.hash === "")) {
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    }
  }

  function restoreHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (p.get("country")) ensureOption($("f-country"), p.get("country"));
    $("f-country").value = p.get("country") || "";
    $("f-type").value = p.get("event_type") || "";
    $("f-since").value = p.get("since") || "";
    $("f-until").value = p.get("until") || "";
    $("f-q").value = p.get("q") || "";
    $("f-contested").checked = p.get("contested") === "true";
    return p.get("event");
  }

  function ensureOption(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
    select.appendChild(el("option", { value: value }, value));
  }

  // -- map --------------------------------------------------------------------------------
  var projection = null;

  function fitProjection(width, height, points) {
    projection = d3.geoNaturalEarth1();
    var pad = 28;  // room for the largest circle at the edge
    var located = points.filter(function (f) { return f.geometry; });
    if (!state.fitWorld && located.length) {
      var w = 180, s = 90, e = -180, n = -90;
      located.forEach(function (f) {
        var c = f.geometry.coordinates;
        if (c[0] < w) w = c[0];
        if (c[0] > e) e = c[0];
        if (c[1] < s) s = c[1];
        if (c[1] > n) n = c[1];
      });
      // Never zoom closer than ~8 degrees, so one event still shows its surroundings.
      var minSpan = 8;
      var cx = (w + e) / 2, cy = (s + n) / 2;
      if (e - w < minSpan) { w = cx - minSpan / 2; e = cx + minSpan / 2; }
      if (n - s < minSpan / 1.6) { s = cy - minSpan / 3.2; n = cy + minSpan / 3.2; }
      var mx = (e - w) * 0.08, my = (n - s) * 0.08;
      w -= mx; e += mx; s = Math.max(-89, s - my); n = Math.min(89, n + my);
      var span = Math.max(e - w, n - s);
      if (span < 200) {
        projection.fitExtent([[pad, pad], [width - pad, height - pad]], {
          type: "MultiPoint",
          coordinates: [[w, s], [e, n], [w, n], [e, s], [cx, cy]]
        });
        return;
      }
    }
    projection.fitExtent([[pad, pad], [width - pad, height - pad]], { type: "Sphere" });
  }

  function drawMap() {
    var svg = $("map");
    var width = svg.clientWidth || 800, height = svg.clientHeight || 440;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    fitProjection(width, height, state.points);
    var path = d3.geoPath(projection);
    clear(svg);

    var base = document.createDocumentFragment();
    base.appendChild(svgEl("path", { class: "sphere", d: path({ type: "Sphere" }) || "" }));
    base.appendChild(svgEl("path", { class: "graticule", d: path(d3.geoGraticule10()) || "" }));
    var chosen = $("f-country").value.toLowerCase();
    (state.countries || []).forEach(function (c) {
      var d = path(c);
      if (!d) return;
      var name = (c.properties && c.properties.name) || "";
      var p = svgEl("path", { class: "country" + (chosen && name.toLowerCase() === chosen ? " active" : ""), d: d });
      var t = svgEl("title", {});
      t.textContent = name;
      p.appendChild(t);
      base.appendChild(p);
    });
    svg.appendChild(base);

    // All points in one pass, largest first so small ones stay clickable on top.
    var order = [];
    state.points.forEach(function (f, i) { if (f.geometry) order.push(i); });
    order.sort(function (a, b) {
      return (state.points[b].properties.fatalities || 0) - (state.points[a].properties.fatalities || 0);
    });
    // Many points: smaller and more transparent, so clusters stay readable.
    var n = order.length;
    var k = n > 2000 ? 0.5 : n > 300 ? 0.9 : 1.6, rmax = n > 2000 ? 9 : n > 300 ? 14 : 22;
    svg.classList.toggle("dense", n > 300);
    var layer = svgEl("g", { class: "points" });
    var frag = document.createDocumentFragment();
    order.forEach(function (i) {
      var f = state.points[i];
      var xy = projection(f.geometry.coordinates);
      if (!xy || !isFinite(xy[0]) || !isFinite(xy[1])) return;
      var p = f.properties;
      var r = Math.min(rmax, (n > 2000 ? 1.8 : 3) + Math.sqrt(p.fatalities || 0) * k);
      var cls = (p.contested ? "contested" : "") + (p.event_id === state.selected ? " selected" : "");
      var c = svgEl("circle", {
        cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1),
        fill: COLOR[p.event_type] || OTHER_COLOR, "data-i": i
      });
      if (cls.trim()) c.setAttribute("class", cls.trim());
      frag.appendChild(c);
    });
    layer.appendChild(frag);
    svg.appendChild(layer);
  }

  function pointAt(target) {
    var c = target.closest ? target.closest("circle[data-i]") : null;
    return c ? state.points[Number(c.getAttribute("data-i"))] : null;
  }

  function showTooltip(evt) {
    var tip = $("tooltip");
    var f = pointAt(evt.target);
    if (!f) { tip.hidden = true; return; }
    var p = f.properties;
    clear(tip);
    append(tip, [
      el("strong", null, p.sub_event_type || p.event_type || "event"), el("br"),
      [p.event_date, [p.location, p.country].filter(Boolean).join(", ")].filter(Boolean).join(" \u00b7 "), el("br"),
      (p.fatalities || 0) + " killed", p.contested ? el("span", null, " \u00b7 contested") : null
    ]);
    var box = $("map").getBoundingClientRect();
    tip.style.left = Math.min(evt.clientX - box.left + 12, box.width - 200) + "px";
    tip.style.top = (evt.clientY - box.top + 12) + "px";
    tip.hidden = false;
  }

  function drawLegend() {
    var lg = $("legend");
    clear(lg);
    TYPES.forEach(function (t) {
      lg.appendChild(el("span", null, el("i", { class: "swatch", style: "background:" + t[1] }), t[0]));
    });
    lg.appendChild(el("span", null, el("i", { class: "swatch ring" }), "contested"));
    lg.appendChild(el("span", null, "size: fatalities"));
  }

  // -- timeline ---------------------------------------------------------------------------
  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function weekStart(iso) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  }

  function drawTimeline(groups) {
    var svg = $("timeline");
    clear(svg);
    var width = svg.clientWidth || 800, height = svg.clientHeight || 150;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var days = groups.filter(function (g) { return g.key && /^\d{4}-\d{2}-\d{2}/.test(g.key); });
    if (!days.length) {
      var t = svgEl("text", { x: 8, y: 20 });
      t.textContent = "No dated events for these filters.";
      svg.appendChild(t);
      return;
    }
    days.sort(function (a, b) { return a.key < b.key ? -1 : 1; });
    var first = days[0].key.slice(0, 10), last = days[days.length - 1].key.slice(0, 10);
    var spanDays = Math.round((Date.parse(last) - Date.parse(first)) / 864e5) + 1;
    var weekly = spanDays > 400;  // ~400 bars still fit a laptop screen; beyond, weeks
    var step = weekly ? 7 : 1;
    var start = weekly ? weekStart(first) : first;
    var buckets = {}, keys = [];
    for (var k = start; k <= last; k = addDays(k, step)) { buckets[k] = { events: 0, fatalities: 0 }; keys.push(k); }
    days.forEach(function (g) {
      var key = weekly ? weekStart(g.key.slice(0, 10)) : g.key.slice(0, 10);
      if (buckets[key]) { buckets[key].events += g.events; buckets[key].fatalities += g.fatalities; }
    });
    var maxE = 1, maxF = 1;
    keys.forEach(function (key) { maxE = Math.max(maxE, buckets[key].events); maxF = Math.max(maxF, buckets[key].fatalities); });
    var left = 46, right = 6, top = 6, bottom = 16;
    var mid = top + (height - top - bottom) * 0.55;
    var upH = mid - top - 2, downH = height - bottom - mid - 2;
    var bw = (width - left - right) / keys.length;
    var frag = document.createDocumentFragment();
    frag.appendChild(svgEl("line", { class: "axis", x1: left, x2: width - right, y1: mid, y2: mid }));
    keys.forEach(function (key, i) {
      var b = buckets[key];
      // Bars at most 14 px wide, centred in their slot, so a few days do not look like blocks.
      var w = Math.min(14, Math.max(1, bw - (bw > 3 ? 1 : 0)));
      var x = left + i * bw + (bw - w) / 2;
      if (b.events) {
        var h = Math.max(1, b.events / maxE * upH);
        frag.appendChild(svgEl("rect", { class: "ev", x: x.toFixed(1), y: (mid - 1 - h).toFixed(1), width: w.toFixed(1), height: h.toFixed(1) }));
      }
      if (b.fatalities) {
        var fh = Math.max(1, b.fatalities / maxF * downH);
        frag.appendChild(svgEl("rect", { class: "fat", x: x.toFixed(1), y: (mid + 1).toFixed(1), width: w.toFixed(1), height: fh.toFixed(1) }));
      }
      var hit = svgEl("rect", { class: "hit", x: (left + i * bw).toFixed(1), y: top, width: Math.max(1, bw).toFixed(1), height: height - top - bottom, "data-day": key });
      var title = svgEl("title", {});
      title.textContent = (weekly ? "week of " : "") + key + ": " + b.events + " events, " + b.fatalities + " killed";
      hit.appendChild(title);
      frag.appendChild(hit);
    });
    function label(x, y, text, anchor) {
      var t = svgEl("text", { x: x, y: y, "text-anchor": anchor || "start" });
      t.textContent = text;
      frag.appendChild(t);
    }
    label(left - 4, top + 9, fmt(maxE), "end");
    label(left - 4, mid - 3, "events", "end");
    label(left - 4, mid + 11, "killed", "end");
    label(left - 4, height - bottom, fmt(maxF), "end");
    label(left, height - 3, first);
    label(width - right, height - 3, last, "end");
    svg.appendChild(frag);
    svg.onclick = function (evt) {
      var day = evt.target.getAttribute && evt.target.getAttribute("data-day");
      if (!day) return;
      $("f-since").value = day;
      $("f-until").value = weekly ? addDays(day, 6) : day;
      refresh();
    };
  }

  // -- table ------------------------------------------------------------------------------
  function killed(fat, acled) {
    if (!fat) return acled ? String(acled) : "";
    if (fat.low === fat.high) return fmt(fat.best !== null && fat.best !== undefined ? fat.best : fat.low);
    return fmt(fat.low) + "\u2013" + fmt(fat.high);
  }
  function place(loc) {
    if (!loc) return "";
    var parts = [loc.name, loc.admin1, loc.country].filter(Boolean);
    return parts.filter(function (p, i) { return parts.indexOf(p) === i; }).join(", ");
  }
  function actorName(a) { return a && a.name ? a.name : ""; }
  function sourcesOf(ev) {
    var seen = [];
    (ev.reports || []).forEach(function (r) { if (r.source && seen.indexOf(r.source) < 0) seen.push(r.source); });
    return seen;
  }

  function loadTable() {
    var f = readFilters();
    var seq = state.seq;
    var params = Object.assign({}, f, { page: state.page, page_size: PAGE_SIZE, sort: state.sort });
    return getJSON("/events?" + query(params)).then(function (body) {
      if (seq !== state.seq) return;
      state.total = body.total;
      var tbody = document.querySelector("#events-table tbody");
      var frag = document.createDocumentFragment();
      body.events.forEach(function (ev) {
        var a = [actorName(ev.actor1), actorName(ev.actor2)].filter(Boolean).join(" \u2014 ");
        var tr = el("tr", { "data-id": ev.event_id, tabindex: "0", class: ev.event_id === state.selected ? "selected" : null },
          el("td", { class: "date" }, ev.event_date || ""),
          el("td", null, el("i", { class: "swatch", style: "background:" + (COLOR[ev.event_type] || OTHER_COLOR) }), " ",
            ev.sub_event_type || ev.event_type || ""),
          el("td", null, a),
          el("td", null, place(ev.location)),
          el("td", { class: "num" }, killed(ev.fatalities, ev.acled_fatalities)),
          el("td", null, sourcesOf(ev).join(", ")),
          el("td", null, ev.contested ? el("span", { class: "badge badge-contested" }, "contested") : "")
        );
        frag.appendChild(tr);
      });
      clear(tbody);
      tbody.appendChild(frag);
      var from = body.total ? (body.page - 1) * body.page_size + 1 : 0;
      var to = Math.min(body.total, body.page * body.page_size);
      $("table-count").textContent = fmt(from) + "\u2013" + fmt(to) + " of " + fmt(body.total);
      $("prev").disabled = body.page <= 1;
      $("next").disabled = to >= body.total;
      document.querySelectorAll(".sort").forEach(function (b) {
        var s = b.getAttribute("data-sort");
        b.classList.toggle("on", state.sort === s || (s === "date" && state.sort === "-date"));
        b.classList.toggle("asc", s === "date" && state.sort === "-date");
      });
    }).catch(function (err) { setStatus(err.message); });
  }

  // -- event panel ------------------------------------------------------------------------
  // Split text at the spans' edges: evidence becomes <mark>, claims a dotted underline.
  function highlighted(text, spans) {
    var good = [];
    spans.forEach(function (s) {
      var start = s.start, end = s.end;
      if (s.text && text.slice(start, end) !== s.text) {
        var at = text.indexOf(s.text);  // spans that drifted: find the quoted words instead
        if (at < 0) return;
        start = at; end = at + s.text.length;
      }
      if (!(start >= 0 && end > start && end <= text.length)) return;
      good.push({ start: start, end: end, kind: s.kind, label: s.label });
    });
    var cuts = [0, text.length];
    good.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c, i) { return cuts.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var over = good.filter(function (s) { return s.start <= a && s.end >= b; });
      var piece = text.slice(a, b);
      var ev = over.filter(function (s) { return s.kind === "evidence"; });
      var cl = over.filter(function (s) { return s.kind === "claim"; });
      if (ev.length) {
        frag.appendChild(el("mark", {
          class: cl.length ? "claim-span" : null,
          title: ev.map(function (s) { return s.label; }).join(", ")
        }, piece));
      } else if (cl.length) {
        frag.appendChild(el("span", { class: "claim-span", title: cl.map(function (s) { return s.label; }).join(", ") }, piece));
      } else {
        frag.appendChild(document.createTextNode(piece));
      }
    }
    return frag;
  }

  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

  function renderEvent(ev) {
    var panel = $("panel");
    clear(panel);
    var close = el("button", { type: "button", class: "panel-close", "aria-label": "Close" }, "\u00d7");
    close.onclick = closePanel;
    panel.appendChild(el("div", { class: "panel-head" },
      el("h2", null, ev.sub_event_type || ev.event_type || "Event"), close));
    panel.appendChild(el("div", { class: "badges" },
      el("span", { class: "badge", style: "background:" + (COLOR[ev.event_type] || OTHER_COLOR) + ";color:#fff" }, ev.event_type || "event"),
      ev.contested ? el("span", { class: "badge badge-contested", id: "contested-badge" }, "Contested") : null,
      ev.background ? el("span", { class: "badge badge-background" }, "Background") : null
    ));
    if (ev.contested) {
      var deniers = (ev.claims || []).filter(function (c) { return c.stance === "denies" || c.stance === "disputes"; })
        .map(function (c) { return c.source; }).filter(Boolean);
      panel.appendChild(el("p", { class: "contested-note" },
        "Contested: " + (deniers.length ? deniers.join(", ") + " " + (deniers.length > 1 ? "deny or dispute" : "denies or disputes") + " this account."
          : "a party named in the event denies or disputes it.")));
    }
    var precision = { 1: "", 2: " (week)", 3: " (month or vaguer)" }[ev.time_precision] || "";
    var injured = ev.injured ? killed(ev.injured) : "";
    var facts = el("dl", { class: "facts" });
    function fact(k, v) { if (v !== "" && v !== null && v !== undefined) append(facts, [el("dt", null, k), el("dd", null, v)]); }
    fact("Date", (ev.event_date || "unknown") + precision);
    fact("Where", place(ev.location));
    fact("Actor 1", actorName(ev.actor1));
    fact("Actor 2", actorName(ev.actor2));
    fact("Killed", ev.fatalities ? killed(ev.fatalities) + " (ACLED figure " + (ev.acled_fatalities || 0) + ")" : "not reported");
    fact("Injured", injured);
    fact("Reports", String((ev.reports || []).length));
    fact("Confidence", ev.confidence !== null && ev.confidence !== undefined ? Number(ev.confidence).toFixed(2) : "");
    panel.appendChild(facts);

    var reports = ev.reports || [];
    var articles = ev.articles || {};
    function sourceName(c) {
      var r = reports.filter(function (r) { return r.article_id === c.article_id; })[0];
      return r && r.source ? " (" + r.source + ")" : "";
    }
    panel.appendChild(el("h3", null, "Claims"));
    var claims = ev.claims || [];
    if (!claims.length) panel.appendChild(el("p", { class: "muted" }, "No attributed claims."));
    else {
      panel.appendChild(el("ul", { class: "claims" }, claims.map(function (c) {
        return el("li", { class: "claim" },
          el("span", { class: "badge stance-" + (c.stance || "asserts") }, c.stance || "asserts"), " ",
          el("span", { class: "claim-source" }, c.source || "unnamed source"),
          el("span", { class: "muted" }, sourceName(c)),
          c.statement ? el("q", null, c.statement) : null);
      })));
    }

    panel.appendChild(el("h3", null, "Sources and evidence"));
    var ids = reports.map(function (r) { return r.article_id; }).filter(function (a, i, all) { return a && all.indexOf(a) === i; });
    if (!ids.length) panel.appendChild(el("p", { class: "muted" }, "No stored articles."));
    ids.forEach(function (aid) {
      var art = articles[aid] || {};
      var rep = reports.filter(function (r) { return r.article_id === aid; })[0] || {};
      var title = art.title || rep.title || "(untitled)";
      var url = safeUrl(art.url || rep.url);
      var meta = el("div", { class: "article-meta" },
        url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title) : el("strong", null, title),
        el("br"),
        el("span", { class: "muted" }, [art.source || rep.source, art.published || rep.published].filter(Boolean).join(" \u00b7 ")));
      var spans = [];
      var evidence = art.evidence && art.evidence.length ? art.evidence : (ids.length === 1 ? ev.evidence || [] : []);
      evidence.forEach(function (e) { spans.push({ start: e.start, end: e.end, text: e.text, kind: "evidence", label: "evidence: " + (e.field || "") }); });
      claims.forEach(function (c) {
        if (c.article_id ? c.article_id === aid : ids.length === 1) {
          spans.push({ start: c.start, end: c.end, text: c.statement, kind: "claim", label: (c.source || "") + " " + (c.stance || "") });
        }
      });
      var body = el("div", { class: "article-text" });
      if (art.text) body.appendChild(highlighted(art.text, spans));
      else append(body, el("span", { class: "muted" }, "The article's text is not stored."));
      panel.appendChild(el("div", { class: "article", "data-article": aid }, meta, body));
    });

    var revisions = ev.revisions || [];
    if (revisions.length) {
      panel.appendChild(el("details", { class: "revisions" },
        el("summary", null, revisions.length + " revision" + (revisions.length > 1 ? "s" : "") +
          (ev.last_updated ? ", last " + ev.last_updated : "")),
        el("ul", null, revisions.map(function (r) {
          var what = r.change || (r.changes ? Object.keys(r.changes).join(", ") : "");
          return el("li", null, [r.at, what].filter(Boolean).join(": "));
        }))));
    }
    // Scroll each article box to its first highlighted sentence.
    panel.querySelectorAll(".article-text").forEach(function (box) {
      var m = box.querySelector("mark");
      if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - 30);
    });
    panel.scrollTop = 0;
  }

  function openEvent(id) {
    if (!id) return;
    state.selected = id;
    writeHash(readFilters());
    markSelected();
    document.body.classList.add("panel-open");
    var panel = $("panel");
    panel.setAttribute("aria-busy", "true");
    getJSON("/events/" + encodeURIComponent(id)).then(function (ev) {
      if (state.selected !== id) return;
      renderEvent(ev);
    }).catch(function (err) {
      clear(panel);
      panel.appendChild(el("p", { class: "muted" }, "Could not load the event: " + err.message));
    }).then(function () { panel.removeAttribute("aria-busy"); });
  }

  function closePanel() {
    state.selected = null;
    document.body.classList.remove("panel-open");
    writeHash(readFilters());
    markSelected();
    var panel = $("panel");
    clear(panel);
    panel.appendChild(el("p", { class: "panel-empty" }, "Click a point on the map or a row in the table to see the event's claims, their sources and the evidence in each article."));
  }

  function markSelected() {
    document.querySelectorAll("#events-table tbody tr").forEach(function (tr) {
      tr.classList.toggle("selected", tr.getAttribute("data-id") === state.selected);
    });
    document.querySelectorAll("#map circle.selected").forEach(function (c) { c.classList.remove("selected"); });
    if (!state.selected) return;
    document.querySelectorAll("#map circle[data-i]").forEach(function (c) {
      var f = state.points[Number(c.getAttribute("data-i"))];
      if (f && f.properties.event_id === state.selected) c.classList.add("selected");
    });
  }

  // -- loading ----------------------------------------------------------------------------
  function refresh() {
    var f = readFilters();
    state.page = 1;
    state.fitWorld = false;
    var seq = ++state.seq;
    writeHash(f);
    document.body.classList.add("loading");
    setStatus("");
    var points = getJSON("/events.geojson?" + query(Object.assign({}, f, { limit: MAX_POINTS })));
    var stats = getJSON("/stats?" + query(Object.assign({}, f, { by: "day" })));
    return Promise.all([points, stats, loadTable()]).then(function (res) {
      if (seq !== state.seq) return;
      state.points = res[0].features;
      drawMap();
      drawTimeline(res[1].groups);
      markSelected();
      var more = res[0].total > res[0].features.length ? " (map shows " + fmt(res[0].features.length) + ")" : "";
      $("summary").textContent = fmt(res[1].events) + " events \u00b7 " + fmt(res[1].fatalities) + " killed" + more;
    }).catch(function (err) {
      setStatus(err.message);
    }).then(function () {
      if (seq === state.seq) document.body.classList.remove("loading");
    });
  }

  function loadCountries() {
    return getJSON("/stats?by=country").then(function (body) {
      var sel = $("f-country");
      body.groups.filter(function (g) { return g.key; })
        .sort(function (a, b) { return a.key < b.key ? -1 : 1; })
        .forEach(function (g) { sel.appendChild(el("option", { value: g.key }, g.key + " (" + fmt(g.events) + ")")); });
    });
  }

  function loadWorld() {
    return getJSON("/static/vendor/countries-50m.json").then(function (topo) {
      state.countries = topojson.feature(topo, topo.objects.countries).features;
    });
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function init() {
    drawLegend();
    var typeSel = $("f-type");
    TYPES.forEach(function (t) { typeSel.appendChild(el("option", { value: t[0] }, t[0])); });

    var form = $("filters");
    form.addEventListener("submit", function (e) { e.preventDefault(); refresh(); });
    ["f-country", "f-type", "f-since", "f-until", "f-contested"].forEach(function (id) {
      $(id).addEventListener("change", refresh);
    });
    $("f-q").addEventListener("input", debounce(refresh, 350));
    form.addEventListener("reset", function () { setTimeout(refresh, 0); });

    var map = $("map");
    map.addEventListener("click", function (evt) {
      var f = pointAt(evt.target);
      if (f) openEvent(f.properties.event_id);
    });
    map.addEventListener("mousemove", showTooltip);
    map.addEventListener("mouseleave", function () { $("tooltip").hidden = true; });
    $("map-world").addEventListener("click", function () { state.fitWorld = true; drawMap(); markSelected(); });

    var tbody = document.querySelector("#events-table tbody");
    tbody.addEventListener("click", function (evt) {
      var tr = evt.target.closest("tr[data-id]");
      if (tr) openEvent(tr.getAttribute("data-id"));
    });
    tbody.addEventListener("keydown", function (evt) {
      if (evt.key !== "Enter") return;
      var tr = evt.target.closest("tr[data-id]");
      if (tr) openEvent(tr.getAttribute("data-id"));
    });
    $("prev").addEventListener("click", function () { if (state.page > 1) { state.page--; loadTable(); } });
    $("next").addEventListener("click", function () { state.page++; loadTable(); });
    document.querySelectorAll(".sort").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.getAttribute("data-sort");
        state.sort = s === "date" && state.sort === "date" ? "-date" : s;
        state.page = 1;
        loadTable();
      });
    });
    document.addEventListener("keydown", function (evt) { if (evt.key === "Escape" && state.selected) closePanel(); });
    window.addEventListener("resize", debounce(function () { drawMap(); markSelected(); }, 200));

    var wanted = new URLSearchParams(location.hash.replace(/^#/, "")).get("event");
    Promise.all([loadWorld().catch(function (err) { setStatus("map shapes: " + err.message); }), loadCountries().catch(function () {})])
      .then(function () {
        restoreHash();  // after the country list, so the chosen country is one of its options
        return refresh();
      })
      .then(function () { if (wanted) openEvent(wanted); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
