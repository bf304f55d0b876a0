/* The self-assessment questionnaire as a form, built from the data gapcheck embeds in the page
   (gapcheck.guidance.form). Answers are kept in this browser only (localStorage); nothing is sent
   anywhere. The download is YAML that gapcheck reads unchanged. No dependencies, no network. */
(function () {
  "use strict";
  const NA = "n/a";
  const LIST_ITEM = /^-( |$)/;

  /* ---- YAML out: every text is a double-quoted scalar (JSON quoting), never raw ---- */
  // JSON leaves these raw; YAML reads them as line breaks or refuses them.
  const quote = (s) => JSON.stringify(String(s)).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  const oneLine = (s) => String(s).replace(/\s+/g, " ").trim();
  // Also what Python counts as blank (\x1c-\x1f, \x85): gapcheck must see exactly what is checked here.
  // Python's str.strip(), by hand: /[\s]+$/ is quadratic in a long run of blanks (a 5 MB line of
  // spaces held the tab for hours)
  const blank = (c) => /[\s\x1c-\x1f\x85]/.test(c);
  const trim = (x) => {
    const s = x == null ? "" : String(x);
    let a = 0, b = s.length;
    while (a < b && blank(s[a])) a++;
    while (b > a && blank(s[b - 1])) b--;
    return s.slice(a, b);
  };

  /* ---- the page's language: t(msgid) and tn(msgid, plural, n) give the page's words, shipped
     by gapcheck with the form's data (`messages`, from the catalogues of gapcheck.i18n);
     %(name)s is filled after translation; English is as written here ---- */
  let words = null;
  const pageWords = () => {
    if (!words) {
      let d = {};
      try { d = JSON.parse(document.getElementById("gc-form-data").textContent); } catch (e) { d = {}; }
      words = { language: d.language || "en", messages: d.messages || {} };
    }
    return words;
  };
  const fill = (text, values) => (values ? text.replace(/%\((\w+)\)[sd]|%%/g, (all, k) => (all === "%%" ? "%" : k in values ? String(values[k]) : all)) : text);
  const t = (msgid, values) => {
    const m = pageWords().messages[msgid];
    return fill(typeof m === "string" && m ? m : msgid, values);
  };
  // a plural's forms come as {CLDR category: text}; the browser's Intl.PluralRules picks one
  function tn(one, many, n, values) {
    const w = pageWords(), forms = w.messages[one];
    let text = n === 1 ? one : many;
    if (forms && typeof forms === "object") {
      let category = "other";
      try { category = new Intl.PluralRules(w.language).select(n); } catch (e) { /* an unknown tag: other */ }
      text = forms[category] || forms.other || text;
    }
    return fill(text, Object.assign({ n }, values));
  }
  // numbers as the page's language writes them, in Latin digits (ids and figures read left to right)
  function decimal(x, digits) {
    const w = pageWords();
    if (w.language === "en") return x.toFixed(digits);
    try {
      return new Intl.NumberFormat(w.language, { minimumFractionDigits: digits, maximumFractionDigits: digits,
        numberingSystem: "latn", useGrouping: false }).format(x);
    } catch (e) { return x.toFixed(digits); }
  }
  // shared with gapcheck-report.js and gapcheck-requests.js, which mkdocs.yml loads after this one
  window.gapcheckText = { trim, t, tn, decimal, language: () => pageWords().language };
  const isNumber = (s) => /^\d+([.,]\d+)?$/.test(trim(s)) && Number(trim(s).replace(",", ".")) <= 4;
  const number = (s) => (trim(s) === "" ? "" : " " + (isNumber(s) ? String(Number(trim(s).replace(",", "."))) : quote(trim(s))));
  const languages = (s) => trim(s).toLowerCase().split(/[\s,;]+/).filter(Boolean);
  // who may see a request, as gapcheck reads it: case and blanks aside; "" is the default
  const share = (s) => trim(s).toLowerCase();

  function answer(level, reason, comment) {
    level = /^([0-4]|n\/a)$/.test(level || "") ? level : "";
    if (!level && !reason && !comment) return "";
    if (level !== NA && !reason && !comment) return " " + level;
    const parts = [];
    if (level) parts.push("level: " + level);
    if (reason) parts.push("reason: " + quote(reason));
    if (comment) parts.push("comment: " + quote(comment));
    return " {" + parts.join(", ") + "}";
  }

  function toYaml(v, data) {
    const out = ["# yaml-language-server: $schema=questionnaire.schema.json",
      "# " + t("gapcheck self-assessment questionnaire, saved from the online form"),
      "# " + oneLine(data.source), "# " + t("Read your report with:") + "  gapcheck report THIS-FILE.yaml",
      "catalogue_version: " + quote(data.catalogue_version)];
    for (const f of data.metadata) {
      const x = v["m|" + f.key];
      if (f.kind === "bool") out.push(f.key + ": " + (x === true));
      else if (f.kind === "languages") out.push(f.key + ": [" + languages(x).map(quote).join(", ") + "]");
      else if (f.kind === "number") out.push(f.key + ":" + number(x));
      else if (f.kind === "share") out.push(f.key + ":" + (share(x) ? " " + share(x) : ""));
      else if (f.kind === "date" && /^\d{4}-\d\d-\d\d$/.test(trim(x))) out.push(f.key + ": " + trim(x));
      else out.push(f.key + ":" + (f.kind === "date" && !trim(x) ? "" : " " + quote(trim(x))));
    }
    out.push("practices:");
    for (const s of data.sections) {
      out.push("", "  # " + s.id + ". " + oneLine(s.title));
      for (const p of s.practices) {
        const k = "p|" + p.id + "|";
        out.push("  " + p.id + ":", "    # " + oneLine(p.title), "    target:" + number(v[k + "target"]),
          "    not_applicable: " + quote(v[k + "na"] === true ? trim(v[k + "na_reason"]) : ""), "    elements:");
        for (const e of p.elements) {
          const ek = k + "e|" + e.id + "|";
          out.push("      # " + oneLine(e.question),
            "      " + e.id + ":" + answer(v[ek + "level"], trim(v[ek + "reason"]), trim(v[ek + "comment"])));
        }
        const kinds = data.assistance.filter((a) => v[k + "a|kind|" + a.id] === true).map((a) => quote(a.id));
        out.push("    evidence: " + quote(trim(v[k + "evidence"])), "    notes: " + quote(trim(v[k + "notes"])),
          "    assistance:", "      wanted: " + (v[k + "a|wanted"] === true), "      kinds: [" + kinds.join(", ") + "]",
          "      note: " + quote(trim(v[k + "a|note"])), "      time_frame: " + quote(trim(v[k + "a|time_frame"])));
        if (share(v[k + "a|share"])) out.push("      share: " + share(v[k + "a|share"]));
      }
    }
    return out.join("\n") + "\n";
  }

  /* ---- YAML in: the subset gapcheck writes (block mappings and lists, one-line scalars,
     flow {...} and [...]); anything else is refused with its line, never guessed at ---- */
  // Each problem as gapcheck states it: line, column and what to do (`file:line:col: message`).
  class YamlError extends Error {
    constructor(problems) {
      super(problems.map((p) => t("line %(line)s:%(col)s: %(message)s", { line: p.line, col: p.col, message: p.message })).join("; "));
      this.problems = problems;
    }
  }
  const fail = (n, msg, col) => { throw new YamlError([{ line: n, col: col || 1, message: msg }]); };
  // Where each value and key was written: mapping or list -> Map(key -> [line, column]).
  const VALUE_AT = new WeakMap(), KEY_AT = new WeakMap();
  const at = (table, obj, key) => (table.get(obj) && table.get(obj).get(key)) || null;
  const note = (table, obj, key, where) => (table.get(obj) || table.set(obj, new Map()).get(obj)).set(key, where);
  const ESC = { 0: "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
    " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };

  // Sticky patterns read at a position, never on a copy of the rest of the line: s.slice(i)
  // at each item of a long flow list made reading a 5 MB one-line list quadratic (11 s).
  const SINGLE = /'((?:[^']|'')*)'/y, DOUBLE = /"((?:[^"\\]|\\.)*)"/y;
  const stuck = (re, s, i) => { re.lastIndex = i; return re.exec(s); };
  const BLANK = /\s/;
  const skipBlanks = (s, i) => { while (i < s.length && BLANK.test(s[i])) i++; return i; };
  // a plain flow item runs to , [ ] { } or a colon followed by a blank, a comma or a bracket
  function plainEnd(s, i) {
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === "," || c === "[" || c === "]" || c === "{" || c === "}") return i;
      if (c === ":" && (i + 1 === s.length || /[\s,\]}]/.test(s[i + 1]))) return i;
    }
    return i;
  }

  function quoted(s, i, n) {
    const m = stuck(s[i] === "'" ? SINGLE : DOUBLE, s, i);
    if (!m) fail(n, t("a text in quotes is not closed on the same line; this form reads one-line texts only"));
    const text = s[i] === "'" ? m[1].replace(/''/g, "'") : m[1].replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|.)/g,
      (all, e) => (e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : e in ESC ? ESC[e] : fail(n, t("unknown escape %(escape)s", { escape: all }))));
    return [text, i + m[0].length];
  }

  function plain(t) {
    if (/^(~|null|)$/i.test(t)) return null;
    if (/^(true|yes|on)$/i.test(t)) return true;
    if (/^(false|no|off)$/i.test(t)) return false;
    return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  }

  // gapcheck.yamlio.MAX_NODES: every value counts (lists and mappings too, not keys), in the
  // order of the file; the one past the limit is refused where it stands, as gapcheck does, so
  // a 5 MB one-line list is refused part way instead of read whole.
  const MAX_NODES = 250000;
  let nodes = 0;
  const counted = (n, col) => {
    if (++nodes > MAX_NODES) fail(n, t("more than %(limit)s values (an alias bomb?); file refused", { limit: MAX_NODES }), col);
  };

  // `base` is the column of s[0] in its line (1-based), for the count's position.
  function flowItem(s, i, n, base) {
    i = skipBlanks(s, i);
    if (s[i] === "{" || s[i] === "[") return flow(s, i, n, base);
    counted(n, base + i);
    if (s[i] === '"' || s[i] === "'") return quoted(s, i, n);
    const end = plainEnd(s, i);
    return [plain(s.slice(i, end).trim()), end];
  }

  function flow(s, i, n, base) {
    counted(n, base + i);
    const close = s[i] === "{" ? "}" : "]", out = close === "}" ? Object.create(null) : [];
    const skip = () => { i = skipBlanks(s, i); };
    for (i++; ;) {
      skip();
      if (i >= s.length) fail(n, t("a { or [ is not closed on the same line; this form reads one-line lists only"));
      if (s[i] === close) return [out, i + 1];
      const start = skipBlanks(s, i);
      let r = Array.isArray(out) ? flowItem(s, i, n, base) : flowKey(s, i, n);
      i = r[1];
      if (Array.isArray(out)) out.push(r[0]);
      else {
        skip();
        if (s[i] !== ":") fail(n, t("expected 'name: value' inside { }"));
        const key = String(r[0]);
        note(KEY_AT, out, key, [n, base + start]);
        // where the value starts, as for a block mapping's: a problem with it is said there
        note(VALUE_AT, out, key, [n, base + skipBlanks(s, i + 1)]);
        r = flowItem(s, i + 1, n, base);
        out[key] = r[0];
        i = r[1];
      }
      skip();
      if (s[i] === ",") i++;
      else if (s[i] !== close) fail(n, t("expected ',' or '%(close)s'", { close }));
    }
  }

  // a key inside { }: read as an item is, but not counted (gapcheck counts values only)
  function flowKey(s, i, n) {
    i = skipBlanks(s, i);
    if (s[i] === "{" || s[i] === "[") { const before = nodes, r = flow(s, i, n, 1); nodes = before; return r; }
    if (s[i] === '"' || s[i] === "'") return quoted(s, i, n);
    const end = plainEnd(s, i);
    return [plain(s.slice(i, end).trim()), end];
  }

  function scalar(raw, n, col) {
    if (/^[|>]/.test(raw)) fail(n, t("texts over several lines (| or >) are not read here; write the text in double quotes on one line"));
    if (/^[&*!%@`]/.test(raw)) fail(n, t("anchors, aliases and tags are not read here"));
    if (!/^[{[]/.test(raw)) counted(n, col);
    if (!/^["'{[]/.test(raw)) {
      const comment = raw.search(/\s#/); // a search, not /\s+#.*$/: that one is quadratic in a run of spaces
      return plain((comment < 0 ? raw : raw.slice(0, comment)).trim());
    }
    const r = /^["']/.test(raw) ? quoted(raw, 0, n) : flow(raw, 0, n, col);
    if (!/^\s*(#.*)?$/.test(raw.slice(r[1]))) fail(n, t("unexpected text after the value: %(text)s", { text: raw.slice(r[1]).trim() }));
    return r[0];
  }

  // 'name: value' split in one pass; [whole, name, value] or null. A plain name runs to its
  // first colon, which must end the line or be followed by a blank (as in YAML).
  function keyValue(t) {
    let end;
    if (t[0] === '"' || t[0] === "'") {
      const m = (t[0] === "'" ? /^'(?:[^']|'')*'/ : /^"(?:[^"\\]|\\.)*"/).exec(t);
      if (!m) return null;
      end = m[0].length;
      const gap = t.slice(end).search(/\S/);
      if (gap < 0 || t[end + gap] !== ":") return null;
      const rest = t.slice(end + gap + 1);
      if (rest !== "" && !/^\s/.test(rest)) return null;
      return [t, m[0], rest.trim() || undefined, end + gap + 1 + rest.search(/\S|$/)];
    }
    if (/^[\s"'#{[]/.test(t)) return null;
    end = t.indexOf(":");
    if (end < 0) return null;
    const rest = t.slice(end + 1);
    if (rest !== "" && !/^\s/.test(rest)) return null;
    return [t, t.slice(0, end).trimEnd(), rest.trim() || undefined, end + 1 + rest.search(/\S|$/)];
  }

  const ROOT = {};

  function parseYaml(text) {
    const trimmed = text.replace(/^\ufeff/, "").trim();
    if (trimmed[0] === "{") { try { return JSON.parse(trimmed); } catch (e) { /* not JSON: YAML flow */ } }
    const lines = [];
    text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/).forEach((raw, i) => {
      if (/^\s*(#.*)?$/.test(raw) || /^(---|\.\.\.)\s*(#.*)?$/.test(raw)) return;
      if (/^ *\t/.test(raw)) fail(i + 1, t("invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs"), raw.indexOf("\t") + 1);
      // Indent and trailing blanks by hand: /^( *)(.*?)\s*$/ took minutes on a long line of
      // spaces (each lazy step rescanned the run), and a tab froze for 30 s.
      const indent = raw.length - raw.replace(/^ +/, "").length;
      lines.push({ n: i + 1, indent, text: raw.slice(indent).trimEnd() });
    });
    if (!lines.length) fail(1, t("the file is empty; it should hold a YAML mapping (key: value)"));
    let pos = 0;
    nodes = 0;
    const value = (rest, indent, col) => {
      const next = lines[pos];
      if (rest !== "" && rest[0] !== "#") return scalar(rest, lines[pos - 1].n, col);
      if (next && (next.indent > indent || (next.indent === indent && LIST_ITEM.test(next.text)))) return block(next.indent);
      counted(lines[pos - 1].n, col);
      return null;
    };
    const block = (indent) => {
      counted(lines[pos].n, indent + 1);
      // Maps without a prototype: a key such as __proto__ stays a plain key.
      const list = LIST_ITEM.test(lines[pos].text), out = list ? [] : Object.create(null);
      while (pos < lines.length && lines[pos].indent === indent) {
        const l = lines[pos++];
        if (LIST_ITEM.test(l.text) !== list) fail(l.n, list ? t("expected '- ' to continue the list") : t("a list item here, among 'name: value' lines"));
        const next = lines[pos];
        // where the value starts: on this line after the key, or the block on the next lines
        const where = (rest, offset) => (rest !== "" && rest[0] !== "#" ? [l.n, indent + 1 + offset]
          : next && next.indent >= indent ? [next.n, next.indent + 1] : [l.n, indent + 1 + l.text.length]);
        if (list) {
          const rest = l.text.slice(1).trim();
          const here = where(rest, l.text.indexOf(rest, 1));
          note(VALUE_AT, out, out.length, here);
          out.push(value(rest, indent + 1, here[1]));
          continue;
        }
        const m = keyValue(l.text);
        if (!m) fail(l.n, t("expected 'name: value'"), indent + 1);
        const key = /^["']/.test(m[1]) ? quoted(m[1], 0, l.n)[0] : m[1];
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          fail(l.n, t("duplicate key '%(key)s' (first given on line %(line)s); keep one", { key, line: at(KEY_AT, out, key)[0] }), indent + 1);
        }
        note(KEY_AT, out, key, [l.n, indent + 1]);
        const here = where(m[2] || "", m[3]);
        note(VALUE_AT, out, key, here);
        out[key] = value(m[2] || "", indent, here[1]);
        if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos].n, t("indented more than the line above allows"));
      }
      return out;
    };
    // a document that is one flow list or mapping ([...] or {...} that is not JSON): read as
    // gapcheck reads it, counted the same, so a 5 MB list is refused where gapcheck refuses it
    const whole = /^[[{]/.test(lines[0].text);
    if (whole && lines.length > 1) fail(lines[1].n, t("expected the end of the file after the { or [ on the first line"), lines[1].indent + 1);
    const doc = whole ? scalar(lines[pos++].text, lines[0].n, lines[0].indent + 1) : block(lines[0].indent);
    note(VALUE_AT, ROOT, doc, [lines[0].n, lines[0].indent + 1]);
    if (pos < lines.length) fail(lines[pos].n, t("indented less than the lines above it"));
    return doc;
  }

  /* ---- from a loaded questionnaire to form values, with a warning for what is left out ---- */
  function parseLevel(x, data) {
    const t = x == null ? "" : typeof x === "boolean" ? "?" : String(x).trim().toLowerCase().replace(/\s+/g, " ");
    if (t === "" || data.na_words.includes(t)) return t && NA;
    if (/^[0-4](\.0+)?$/.test(t)) return t[0];
    const named = data.scale.find((s) => s.english === t);
    return named ? String(named.level) : null;
  }

  /* ---- what gapcheck refuses, said as gapcheck says it (gapcheck.models.questionnaire):
     a file with any of these is not loaded at all, never loaded in part ---- */
  const isText = (x) => typeof x === "string" || typeof x === "number";
  const pyShown = (x) => (typeof x === "string" ? `'${x.length <= 40 ? x : x.slice(0, 37) + "..."}'`
    : typeof x === "boolean" ? (x ? t("yes") : t("no")) : typeof x === "number" ? String(Number(x.toPrecision(6)))
      : x == null ? t("nothing") : Array.isArray(x) ? t("a list") : t("a mapping"));

  function levelProblem(x, data) {
    const hint = t("use 0-4 (%(scale)s) or n/a", { scale: data.scale.map((s) => s.level + " " + s.words).join(", ") });
    const number = (n, shown) => {
      if (Number.isInteger(n)) return n >= 0 && n <= 4 ? null : t("level %(level)s is out of range; %(hint)s", { level: shown, hint });
      const low = Math.floor(n), words = (k) => data.scale.find((s) => s.level === k).words;
      return low >= 0 && low < 4 ? t("level %(level)s is not on the scale: levels are whole numbers; choose %(low)s (%(low_words)s) or %(high)s (%(high_words)s)",
        { level: shown, low, low_words: words(low), high: low + 1, high_words: words(low + 1) })
        : t("level %(level)s is out of range; %(hint)s", { level: shown, hint });
    };
    if (x == null) return null;
    if (typeof x === "boolean") return t("level must be a number, not yes/no; %(hint)s", { hint });
    if (typeof x === "number") return number(x, pyShown(x));
    if (typeof x !== "string") return Array.isArray(x) ? t("level must be 0-4 or n/a, not a list; %(hint)s", { hint }) : t("level must be 0-4 or n/a, not a mapping; %(hint)s", { hint });
    const w = x.trim().toLowerCase().replace(/\s+/g, " ");
    if (w === "" || data.na_words.includes(w) || data.scale.some((s) => s.english === w)) return null;
    if (/^[0-9]+(\.[0-9]*)?$/.test(w)) return number(Number(w), w.length <= 60 ? w : w.slice(0, 57) + "...");
    const shown = x.trim().length <= 40 ? x.trim() : x.trim().slice(0, 37) + "...";
    return t("'%(text)s' is not a level; %(hint)s", { text: shown, hint });
  }

  function targetProblem(x) {
    if (x == null || (typeof x === "string" && !x.trim())) return null;
    const n = typeof x === "number" ? x : typeof x === "string" && /^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)\s*$/.test(x) ? Number(x.trim().replace(",", ".")) : -1;
    return n >= 0 && n <= 4 ? null : t("target must be a number from 0 to 4 (e.g. 3), not %(value)s; leave it empty to use the default", { value: pyShown(x) });
  }

  // gapcheck.models.capacity._share: one of the choices, any case, or empty for the default
  function shareProblem(x, data) {
    if (x == null || (typeof x === "string" && !trim(x))) return null;
    if (typeof x === "string" && data.shares.some((s) => s.id === share(x))) return null;
    return t("%(problem)s; not %(value)s", { problem: data.share_problem, value: pyShown(x) });
  }

  // difflib.get_close_matches(word, choices, n=1, cutoff=0.6), for "did you mean": the ratio
  // 2M/T of SequenceMatcher (matching blocks found as difflib finds them, autojunk included).
  function ratio(aText, bText) {
    const a = Array.from(aText), b = Array.from(bText), b2j = new Map();
    b.forEach((c, j) => (b2j.get(c) || b2j.set(c, []).get(c)).push(j));
    if (b.length >= 200) { const most = Math.floor(b.length / 100) + 1; for (const [c, js] of b2j) if (js.length > most) b2j.delete(c); }
    const longest = (alo, ahi, blo, bhi) => {
      let bi = alo, bj = blo, size = 0, j2len = new Map();
      for (let i = alo; i < ahi; i++) {
        const next = new Map();
        for (const j of b2j.get(a[i]) || []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > size) { bi = i - k + 1; bj = j - k + 1; size = k; }
        }
        j2len = next;
      }
      while (bi > alo && bj > blo && a[bi - 1] === b[bj - 1]) { bi--; bj--; size++; }
      while (bi + size < ahi && bj + size < bhi && a[bi + size] === b[bj + size]) size++;
      return [bi, bj, size];
    };
    let matched = 0;
    for (const queue = [[0, a.length, 0, b.length]]; queue.length;) {
      const [alo, ahi, blo, bhi] = queue.pop(), [i, j, k] = longest(alo, ahi, blo, bhi);
      if (!k) continue;
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    return a.length + b.length ? (2 * matched) / (a.length + b.length) : 1;
  }
  function closest(word, choices) {
    let best = null, score = -1;
    for (const c of choices) {
      const r = ratio(c, word);
      if (r >= 0.6 && (r > score || (r === score && c > best))) { best = c; score = r; }
    }
    return best;
  }
  const shorten = (x, limit) => { const t = String(x), n = limit || 60; return t.length <= n ? t : t.slice(0, n - 3) + "..."; };
  // gapcheck.yamlio: an unknown key, with the key it most likely meant or the keys allowed
  function unknownKey(prefix, key, allowed) {
    const close = closest(key, allowed);
    return prefix + (close !== null ? t("unknown key '%(key)s'; did you mean '%(close)s'?", { key, close })
      : t("unknown key '%(key)s'; allowed keys: %(allowed)s", { key, allowed: allowed.join(", ") }));
  }

  function refusals(doc, data) {
    const out = [], say = (where, message) => out.push({ line: where ? where[0] : 1, col: where ? where[1] : 1, message });
    const mapping = (x) => x && typeof x === "object" && !Array.isArray(x);
    const keys = data.questionnaire_keys, extra = (obj, allowed, prefix) => {
      for (const k of Object.keys(obj)) if (!allowed.includes(k)) say(at(KEY_AT, obj, k), unknownKey(prefix, k, allowed));
    };
    extra(doc, keys.questionnaire, "");
    // gapcheck.yamlio.MAX_STRING: a text value longer than this is refused where it stands
    const MAX_STRING = 100000, long = (obj) => {
      for (const [k, x] of Object.entries(obj)) {
        if (typeof x === "string" && x.length > MAX_STRING) say(at(VALUE_AT, obj, k), t("text longer than %(limit)s characters; shorten it", { limit: MAX_STRING }));
        else if (mapping(x)) long(x);
      }
    };
    long(doc);
    // gapcheck.questionnaire.check_ids: practice and element ids must be in this catalogue
    const version = typeof doc.catalogue_version === "string" ? doc.catalogue_version : "";
    const hint = version && version !== data.catalogue_version ? " " + t("(this questionnaire was made for catalogue version %(version)s, the "
      + "catalogue in use is %(current)s: read it with the catalogue it was made for, gapcheck --practices FOLDER ...)", { version, current: data.catalogue_version }) : "";
    const catalogue = new Map(data.sections.flatMap((s) => s.practices).map((p) => [p.id, p]));
    const ids = [...catalogue.keys()];
    if (mapping(doc.practices)) {
      for (const [pid, a] of Object.entries(doc.practices)) {
        const p = catalogue.get(pid);
        if (!p) { say(at(KEY_AT, doc.practices, pid), t("unknown practice id '%(id)s'; practices run from %(first)s to %(last)s", { id: shorten(pid), first: ids[0], last: ids[ids.length - 1] }) + hint); }
        if (!mapping(a)) continue;
        extra(a, keys.practice, `practices.${pid}: `);
        if (mapping(a.assistance)) extra(a.assistance, keys.assistance, `practices.${pid}.assistance: `);
        if (!p || !mapping(a.elements)) continue;
        const known = p.elements.map((e) => e.id);
        for (const eid of Object.keys(a.elements)) {
          if (!known.includes(eid)) say(at(KEY_AT, a.elements, eid), t("unknown element id '%(id)s' for %(practice)s; its elements are %(elements)s", { id: shorten(eid), practice: pid, elements: known.join(", ") }) + hint);
        }
      }
    }
    if (!("state" in doc)) say(at(VALUE_AT, ROOT, doc), t("'state' is missing; add it"));
    const sp = shareProblem(doc.share_requests, data);
    if (sp) say(at(VALUE_AT, doc, "share_requests"), "share_requests: " + sp);
    const dt = targetProblem(doc.default_target);
    if (dt) say(at(VALUE_AT, doc, "default_target"), "default_target: " + dt);
    const practices = mapping(doc.practices) ? doc.practices : {};
    for (const [pid, a] of Object.entries(practices)) {
      if (!mapping(a) || !catalogue.has(pid)) continue;
      const where = "practices." + pid + ".";
      const tp = targetProblem(a.target);
      if (tp) say(at(VALUE_AT, a, "target"), where + "target: " + tp);
      const sh = mapping(a.assistance) ? shareProblem(a.assistance.share, data) : null;
      if (sh) say(at(VALUE_AT, a.assistance, "share"), where + "assistance.share: " + sh);
      for (const [eid, x] of Object.entries(mapping(a.elements) ? a.elements : {})) {
        const pos = at(VALUE_AT, a.elements, eid), prefix = where + "elements." + eid + ": ";
        if (mapping(x)) {
          const extra = Object.keys(x).filter((k) => !["level", "reason", "comment"].includes(k)).sort();
          if (extra.length) { say(pos, prefix + t("unknown key '%(key)s' in an answer; use level, reason and comment", { key: extra[0] })); continue; }
        }
        const o = mapping(x) ? x : { level: x }, problem = levelProblem(o.level, data);
        if (problem) { say(pos, prefix + problem); continue; }
        const bad = ["reason", "comment"].find((k) => o[k] != null && !isText(o[k]));
        if (bad) { say(pos, prefix + t("%(key)s must be text", { key: bad })); continue; }
        const level = parseLevel(o.level, data);
        if (level === NA && String(o.reason == null ? "" : o.reason).trim() === "") {
          say(pos, prefix + t("n/a needs a reason; write it as {level: n/a, reason: why it does not apply}"));
        }
      }
    }
    // in gapcheck's order: by place in the file, as errors.InputError sorts them
    return out.sort((x, y) => x.line - y.line || x.col - y.col || (x.message < y.message ? -1 : x.message > y.message ? 1 : 0));
  }

  function defaults(data) {
    return { "m|languages": "en", "m|default_target": String(data.default_target) };
  }

  function fromObject(doc, data) {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) fail(1, t("the file should hold a YAML mapping (key: value lines)"));
    const refused = refusals(doc, data);
    if (refused.length) throw new YamlError(refused);
    const v = defaults(data), warn = [], text = (x) => (x == null ? "" : String(x));
    const version = text(doc.catalogue_version);
    if (version && version !== data.catalogue_version) {
      warn.push(t("This file was made for catalogue version %(version)s; this form is for version %(current)s. Check every answer before you download it.", { version, current: data.catalogue_version }));
    }
    for (const f of data.metadata) {
      const x = doc[f.key];
      if (x == null) continue;
      if (f.kind === "bool") v["m|" + f.key] = x === true;
      else if (f.kind === "languages") v["m|" + f.key] = Array.isArray(x) ? x.join(", ") : text(x);
      else if (f.kind === "share") v["m|" + f.key] = share(x);
      else if (f.kind === "date" && !/^\d{4}-\d\d-\d\d$/.test(text(x))) warn.push(t("The date '%(date)s' was not understood; choose it again.", { date: text(x) }));
      else v["m|" + f.key] = text(x);
    }
    const practices = new Map(data.sections.flatMap((s) => s.practices).map((p) => [p.id, p]));
    for (const [pid, a] of Object.entries(doc.practices || {})) {
      const p = practices.get(pid), k = "p|" + pid + "|";
      if (!p || !a || typeof a !== "object") continue;
      v[k + "target"] = text(a.target);
      v[k + "na"] = text(a.not_applicable).trim() !== "";
      v[k + "na_reason"] = text(a.not_applicable);
      for (const [eid, x] of Object.entries(a.elements || {})) {
        const o = x && typeof x === "object" ? x : { level: x }, level = parseLevel(o.level, data);
        if (level === null) warn.push(t("%(id)s: '%(text)s' is not a level; left empty.", { id: eid, text: text(o.level) }));
        Object.assign(v, { [k + "e|" + eid + "|level"]: level || "", [k + "e|" + eid + "|reason"]: text(o.reason), [k + "e|" + eid + "|comment"]: text(o.comment) });
      }
      v[k + "evidence"] = text(a.evidence);
      v[k + "notes"] = text(a.notes);
      const help = a.assistance || {};
      v[k + "a|wanted"] = help.wanted === true;
      v[k + "a|note"] = text(help.note);
      v[k + "a|time_frame"] = text(help.time_frame);
      v[k + "a|share"] = share(help.share);
      for (const kind of [].concat(help.kinds || [])) {
        if (data.assistance.some((x) => x.id === kind)) v[k + "a|kind|" + kind] = true;
        else warn.push(t("%(id)s: '%(kind)s' is not a kind of assistance; left out.", { id: pid, kind }));
      }
    }
    return { values: v, warnings: warn };
  }

  /* ---- what must be fixed before the file can be downloaded (gapcheck would refuse it) ---- */
  function problems(v, data) {
    const out = [], need = (ok, key, msg) => ok || out.push([key, msg]);
    need(trim(v["m|state"]) !== "", "m|state", t("Write the name of your State."));
    need(trim(v["m|state"]).length <= 200, "m|state", t("The name of the State is too long: 200 characters at most."));
    for (const code of languages(v["m|languages"])) {
      need(/^[a-z]{2,3}$/.test(code), "m|languages", t("'%(code)s' is not a language code; use two-letter codes such as en, fr.", { code }));
    }
    const shareOk = (key, prefix) => {
      const x = v[key] == null ? "" : v[key], problem = shareProblem(x, data);
      need(!problem, key, prefix + problem);
    };
    shareOk("m|share_requests", "share_requests: ");
    need(trim(v["m|default_target"]) === "" || isNumber(v["m|default_target"]), "m|default_target", t("The default target must be a number from 0 to 4."));
    for (const p of data.sections.flatMap((s) => s.practices)) {
      const k = "p|" + p.id + "|";
      need(trim(v[k + "target"]) === "" || isNumber(v[k + "target"]), k + "target", t("%(id)s: the target must be a number from 0 to 4.", { id: p.id }));
      need(v[k + "na"] !== true || trim(v[k + "na_reason"]) !== "", k + "na_reason", t("%(id)s: say why the practice does not apply.", { id: p.id }));
      shareOk(k + "a|share", `practices.${p.id}.assistance.share: `);
      for (const e of p.elements) {
        const ek = k + "e|" + e.id + "|";
        need(v[ek + "level"] !== NA || trim(v[ek + "reason"]) !== "", ek + "reason", t("%(id)s: say why it does not apply.", { id: e.id }));
      }
    }
    return out;
  }

  /* ---- the page ---- */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, x] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = x;
      else if (x === true) e.setAttribute(k, "");
      else if (x !== false && x != null) e.setAttribute(k, x);
    }
    e.append(...children.filter(Boolean));
    return e;
  }
  const fieldId = (key) => "gc-" + key.replace(/\|/g, "-");

  function field(key, label, input, hint) {
    Object.assign(input, { id: fieldId(key) });
    input.dataset.k = key;
    const text = h("span", { class: "gc-field__label", text: label });
    if (input.type === "checkbox") return h("label", { class: "gc-field gc-field--check" }, input, text, hint && h("small", { text: hint }));
    return h("div", { class: "gc-field" }, h("label", { for: input.id }, text), input, hint && h("small", { text: hint }));
  }
  const input = (type, attrs) => h("input", Object.assign({ type: type }, attrs));
  const textarea = () => h("textarea", { rows: 2 });

  // empty first (the default, in `none`'s words), then each consent in the model's words
  const shareChoice = (data, none) => h("select", {}, h("option", { value: "", text: none }),
    ...data.shares.map((s) => h("option", { value: s.id, text: `${s.id}: ${s.words}` })));

  function metadataInput(f, data) {
    if (f.kind === "bool") return input("checkbox");
    if (f.kind === "share") return shareChoice(data, t("the default: providers if our requests are confidential, else members"));
    if (f.kind === "date") return input("date");
    if (f.kind === "number") return input("number", { min: 0, max: 4, step: "any" });
    return input("text", { required: f.key === "state", autocomplete: "off" });
  }

  function practiceBlock(p, data) {
    const k = "p|" + p.id + "|";
    const levels = h("select", {}, h("option", { value: "", text: t("not answered yet") }),
      ...data.scale.map((s) => h("option", { value: String(s.level), text: s.level + " " + s.words })),
      h("option", { value: NA, text: t("n/a does not apply") }));
    const elements = p.elements.map((e) => {
      const ek = k + "e|" + e.id + "|";
      return h("div", { class: "gc-element" },
        field(ek + "level", e.id + " " + e.question, levels.cloneNode(true)),
        field(ek + "reason", t("Why it does not apply"), input("text", { class: "gc-reason" })),
        field(ek + "comment", t("Comment (optional)"), input("text")));
    });
    const kinds = data.assistance.map((a) => field(k + "a|kind|" + a.id, a.name, input("checkbox", { title: a.description }),
      p.suggested.includes(a.id) ? t("often useful here") : ""));
    return h("section", { class: "gc-practice", id: "gc-" + p.id },
      h("h3", { text: p.id + " " + p.title }),
      // the official text stays English (lang and dir set for it); an unofficial translation may follow
      h("p", { class: "gc-statement" }, data.language === "en" ? null : h("span", { class: "gc-statement__label", text: t("Official text:") + " " }),
        h("span", { lang: "en", dir: "ltr", text: p.statement })),
      p.unofficial_statement ? h("p", { class: "gc-statement gc-statement--unofficial" },
        h("span", { class: "gc-statement__label", text: t("Unofficial translation; the English text is authoritative.") + " " }), p.unofficial_statement) : null,
      h("div", { class: "gc-row" },
        field(k + "target", t("Target level (0-4)"), input("number", { min: 0, max: 4, step: "any" }), t("empty: the default target")),
        field(k + "na", t("This whole practice does not apply"), input("checkbox")),
        field(k + "na_reason", t("Why it does not apply"), input("text", { class: "gc-reason" }))),
      ...elements,
      field(k + "evidence", t("Evidence (documents, decrees, reports)"), textarea()),
      field(k + "notes", t("Notes"), textarea()),
      h("fieldset", { class: "gc-help" }, h("legend", { text: t("Assistance") }),
        field(k + "a|wanted", t("We would like help with this practice"), input("checkbox")),
        field(k + "a|share", t("Who may see this request"), shareChoice(data, t("as for all our requests (above)"))),
        h("div", { class: "gc-kinds" }, ...kinds),
        field(k + "a|note", t("What help, briefly"), input("text")),
        // Translators: the time frame of a request for assistance
        field(k + "a|time_frame", t("When"), input("text"), t("e.g. 2027, next 12 months"))));
  }

  function init() {
    const root = document.getElementById("gc-form"), source = document.getElementById("gc-form-data");
    if (!root || !source || root.dataset.ready) return;
    const data = JSON.parse(source.textContent);
    if (data.format !== 3) { root.textContent = t("This form does not understand the data on this page; reload it."); return; }
    root.dataset.ready = "yes";
    words = { language: data.language || "en", messages: data.messages || {} };
    const store = "gapcheck-form:" + data.catalogue_version;
    const message = h("div", { class: "gc-form__message", role: "status", "aria-live": "polite" });
    const progress = h("span", { class: "gc-form__progress" });
    const file = input("file", { accept: ".yaml,.yml,.json,.txt", id: "gc-form-load" });
    const total = data.sections.reduce((n, s) => n + s.practices.reduce((m, p) => m + p.elements.length, 0), 0);
    const bar = h("div", { class: "gc-form__bar" },
      h("button", { type: "button", class: "md-button md-button--primary", "data-act": "download", text: t("Download the questionnaire") }),
      file, h("label", { class: "md-button", for: "gc-form-load", text: t("Load a saved questionnaire") }),
      h("button", { type: "button", class: "md-button", "data-act": "clear", text: t("Clear the form") }), progress);
    const form = h("form", { class: "gc-form__fields", novalidate: true, autocomplete: "off" },
      h("h2", { text: t("About this assessment") }),
      h("div", { class: "gc-meta" }, ...data.metadata.map((f) => field("m|" + f.key, f.label, metadataInput(f, data), f.hint))),
      ...data.sections.map((s) => h("div", { class: "gc-section" }, h("h2", { text: s.id + ". " + s.title }),
        ...s.practices.map((p) => practiceBlock(p, data)))));
    root.replaceChildren(bar, message, form);

    const fields = () => form.querySelectorAll("[data-k]");
    const collect = () => Object.fromEntries([...fields()].map((i) => [i.dataset.k, i.type === "checkbox" ? i.checked : i.value]));
    const say = (lines, alarm) => {
      message.replaceChildren(...lines.map((l) => (typeof l === "string" ? h("p", { text: l }) : l)));
      message.className = "gc-form__message" + (alarm ? " gc-form__message--alarm" : "");
      message.setAttribute("role", alarm ? "alert" : "status");
    };
    function refresh() {
      const v = collect();
      for (const r of form.querySelectorAll(".gc-reason")) {
        const owner = r.dataset.k.replace(/na_reason$/, "na").replace(/reason$/, "level");
        const needed = owner.endsWith("|na") ? v[owner] === true : v[owner] === NA;
        r.required = needed;
        r.closest(".gc-field").hidden = !needed && !r.value;
      }
      const answered = Object.keys(v).filter((k) => k.endsWith("|level") && v[k] !== "").length;
      progress.textContent = t("%(answered)s of %(total)s elements answered", { answered, total });
      // the report on the page (gapcheck-report.js) follows every change
      document.dispatchEvent(new CustomEvent("gapcheck:answers", { detail: v }));
      return v;
    }
    function apply(v) {
      for (const i of fields()) {
        const x = v[i.dataset.k];
        if (i.type === "checkbox") i.checked = x === true;
        else if (i.tagName !== "SELECT" || x == null || x === "") i.value = x == null ? "" : String(x);
        else {
          // a choice kept from an older page may not be one of these: shown as it is, so the
          // checks refuse it, never quietly the default (that could share a request wider)
          const y = /share/.test(i.dataset.k) ? share(x) : String(x);
          if (![...i.options].some((o) => o.value === y)) i.append(h("option", { value: y, text: t("%(value)s (not a choice: choose another)", { value: y }) }));
          i.value = y;
        }
      }
      return refresh();
    }
    function save() {
      try { localStorage.setItem(store, JSON.stringify(refresh())); } catch (e) {
        say([t("This browser does not keep your answers (storage is switched off): download the questionnaire before you close the page.")], true);
      }
    }
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(store) || "null"); } catch (e) { saved = null; }
    apply(saved || defaults(data));
    window.gapcheckForm.current = collect;
    // Loading a file's text as "Load a saved questionnaire" does (the tests call it directly).
    window.gapcheckForm.loadText = (text) => {
      const loaded = fromObject(parseYaml(text), data);
      apply(loaded.values);
      return loaded.warnings;
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", (e) => e.preventDefault());

    bar.addEventListener("click", (event) => {
      const act = event.target.dataset && event.target.dataset.act;
      if (act === "clear" && window.confirm(t("Clear every answer in this form? Download the questionnaire first if you want to keep it."))) {
        try { localStorage.removeItem(store); } catch (e) { /* nothing kept, nothing to remove */ }
        apply(defaults(data));
        say([t("The form is empty.")]);
      }
      if (act !== "download") return;
      const v = refresh(), wrong = problems(v, data);
      if (wrong.length) {
        say([t("Not downloaded yet. Please fix these first:"), h("ul", {}, ...wrong.map(([key, msg]) =>
          h("li", {}, h("a", { href: "#" + fieldId(key), text: msg }))))], true);
        document.getElementById(fieldId(wrong[0][0])).focus();
        return;
      }
      // state-YYYY-MM-DD.yaml: the assessment's date, else today's, so that downloads made on
      // different days never share a name (a browser would add " (1)" or overwrite).
      const now = new Date(), pad = (n) => String(n).padStart(2, "0");
      const day = trim(v["m|date"]).replace(/[^0-9-]/g, "") || `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
      const name = (trim(v["m|state"]).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "questionnaire") +
        "-" + day + ".yaml";
      const url = URL.createObjectURL(new Blob([toYaml(v, data)], { type: "text/yaml;charset=utf-8" }));
      const a = h("a", { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      say([t("Downloaded as %(name)s. Check it and read your report with: %(command)s", { name, command: "gapcheck report " + name })]);
    });

    file.addEventListener("change", () => {
      const chosen = file.files[0];
      file.value = "";
      if (!chosen) return;
      // gapcheck.yamlio.MAX_BYTES, refused before anything is read, in gapcheck's words
      if (chosen.size > 5 * 1024 * 1024) {
        say([t("%(file)s could not be read. The form was not changed.", { file: chosen.name }),
          h("ul", {}, h("li", { text: chosen.name + ": " + t("file is larger than 5 MB; this is not a gapcheck file") }))], true);
        return;
      }
      chosen.text().then((text) => {
        const loaded = fromObject(parseYaml(text), data);
        apply(loaded.values);
        save();
        say([t("Loaded %(file)s.", { file: chosen.name }), ...loaded.warnings], loaded.warnings.length > 0);
      }).catch((e) => {
        if (!(e instanceof YamlError)) {
          say([t("%(file)s could not be read: this form cannot read it. The form was not changed.", { file: chosen.name }),
            t("gapcheck report on that file names the lines to fix.")], true);
          return;
        }
        // Each problem as gapcheck writes it (file:line:col: message), so both name the same fix.
        say([t("%(file)s could not be read: %(problems)s. The form was not changed.", { file: chosen.name, problems: e.message }),
          h("ul", {}, ...e.problems.map((p) => h("li", { text: `${chosen.name}:${p.line}:${p.col}: ${p.message}` })))], true);
      });
    });
  }

  // The writer and reader, for the tests (and anyone scripting the page); they change nothing.
  window.gapcheckForm = { toYaml, parseYaml, fromObject, problems };
  // Material publishes document$ and replays the current page to new subscribers, also after
  // instant navigation; without Material the page is ready once this deferred script runs.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
