/* From the form page: the requests for assistance file (what `gapcheck request new` writes, read
   by `gapcheck match` and the requests loader) and its cover letter to the GCTF Administrative
   Unit (what `request new --letter` writes), both made from the answers on the page, in this
   browser. The rules are gapcheck.capacity.requests' and the letter is
   templates/capacity/letter.md.j2's; the words and lists come from the page's build-time data. */
(function () {
  "use strict";
  const trim = window.gapcheckText.trim; // gapcheck-form.js: Python's str.strip(), in linear time
  // gapcheck-form.js: the page's words (t, tn), numbers (decimal) and language
  const t = window.gapcheckText.t, tn = window.gapcheckText.tn, decimal = window.gapcheckText.decimal;
  // JSON quoting is YAML's double-quoted style; YAML refuses these raw.
  const quote = (s) => JSON.stringify(String(s)).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  const languages = (s) => trim(s).toLowerCase().split(/[\s,;]+/).filter(Boolean);
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const isoDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  // a long date as `request new` writes it: in English 3 December 2026, else in the language's way
  const longDay = (iso) => {
    const [y, m, d] = iso.split("-").map(Number), language = window.gapcheckText.language();
    if (language === "en") return `${d} ${MONTHS[m - 1]} ${y}`;
    try {
      return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC", numberingSystem: "latn" }).format(new Date(Date.UTC(y, m - 1, d)));
    } catch (e) { return iso; }
  };

  async function sha256hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function slugify(text) {
    const ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/^-+|-+$/g, "");
    return slug || "state-" + (await sha256hex(text)).slice(0, 8);
  }

  // gapcheck.models.questionnaire.Questionnaire.request_share: the practice's own consent,
  // else the questionnaire's default, else the older switch (confidential: providers).
  const share = (s) => trim(s).toLowerCase();
  function requestShare(v, pid, rdata) {
    return share(v["p|" + pid + "|a|share"]) || share(v["m|share_requests"]) || rdata.from_confidential[v["m|confidential"] === true ? 0 : 1];
  }

  // A reference the State cannot be guessed back from: the CLI keys it with a
  // secret; a page has none to keep, so it draws one (the reference changes with each download).
  function secretReference() {
    const bytes = crypto.getRandomValues(new Uint8Array(8)), abc = "abcdefghijklmnopqrstuvwxyz234567";
    let bits = "";
    for (const b of bytes) bits += b.toString(2).padStart(8, "0");
    return "c-" + [...Array(12).keys()].map((i) => abc[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join("");
  }

  /* ---- gapcheck.capacity.requests.build_requests ---- */
  async function build(v, rdata, today) {
    const report = window.gapcheckReport.compute(v, rdata), exact = report.exact, round = window.gapcheckReport.pyRound;
    const state = trim(v["m|state"]), date = trim(v["m|date"]) || null, slug = await slugify(state);
    const requests = [], hints = [];
    for (const p of rdata.practices) {
      const k = "p|" + p.id + "|a|", kinds = Object.keys(rdata.assistance).filter((id) => v[k + "kind|" + id] === true);
      if (v[k + "wanted"] !== true) {
        if (kinds.length || trim(v[k + "note"])) hints.push(t("%(id)s: kinds of help or a note are filled in but 'wanted' is not ticked; tick it to ask for help with it", { id: p.id }));
        continue;
      }
      if (!kinds.length) {
        kinds.push(...p.suggested);
        hints.push(t("%(id)s: no kinds of help given; asking for those the Memorandum suggests: %(kinds)s", { id: p.id, kinds: p.suggested.join(", ") }));
      }
      const level = exact.level[p.id], consent = requestShare(v, p.id, rdata), named = rdata.by_name.includes(consent), target = exact.target[p.id], gap = exact.gap[p.id];
      requests.push({
        id: named ? `${slug}-${date || "undated"}-${p.id.toLowerCase()}` : secretReference(),
        state, institution: trim(v["m|institution"]), contact: trim(v["m|respondent"]), assessed: date, practice: p.id,
        level: level === null ? null : round(level, 2), target, gap: gap === null ? null : round(gap, 2),
        elements: exact.elements[p.id].filter((e) => e.level !== null && e.level < target).map((e) => ({ id: e.id, level: e.level, target })),
        kinds, priority: round(exact.priority[p.id] || 0, 3), languages: languages(v["m|languages"]), region: trim(v["m|region"]),
        time_frame: trim(v[k + "time_frame"]), note: trim(v[k + "note"]), share: consent, confidential: !named, status: "requested",
        history: [{ status: "requested", date: today }],
      });
    }
    requests.sort((a, b) => b.priority - a.priority || (a.practice < b.practice ? -1 : a.practice > b.practice ? 1 : 0));
    return { requests, hints };
  }

  /* ---- gapcheck.capacity.requests.dump_requests, in the same layout ---- */
  const num = (x) => (x === null ? "null" : Number.isInteger(x) ? x.toFixed(1) : String(x));
  function toYaml(requests, rdata) {
    const out = [rdata.requests_header.trimEnd(), "catalogue_version: " + quote(rdata.catalogue_version), "requests:"];
    for (const r of requests) {
      out.push("", "- id: " + r.id, "  state: " + quote(r.state), "  institution: " + quote(r.institution),
        "  contact: " + quote(r.contact), "  assessed: " + (r.assessed || "null"), "  practice: " + r.practice,
        "  level: " + num(r.level), "  target: " + num(r.target), "  gap: " + num(r.gap),
        "  elements:" + (r.elements.length ? "" : " []"),
        ...r.elements.map((e) => `  - {id: ${e.id}, level: ${e.level}, target: ${num(e.target)}}`),
        "  kinds: [" + r.kinds.join(", ") + "]", "  priority: " + num(r.priority),
        "  languages: [" + r.languages.map(quote).join(", ") + "]", "  region: " + quote(r.region),
        "  time_frame: " + quote(r.time_frame), "  note: " + quote(r.note), "  share: " + r.share,
        "  status: requested", "  history:", `  - {status: requested, date: ${r.history[0].date}}`);
    }
    return out.join("\n") + "\n";
  }

  /* ---- templates/capacity/letter.md.j2 ---- */
  const md = (x) => String(x == null ? "" : x).split(/\s+/).filter(Boolean).join(" ").replace(/([\\`*_[\]<>|#{}])/g, "\\$1");
  const one = (x) => (x === null ? "–" : decimal(window.gapcheckReport.pyRound(x, 1), 1));
  function letter(requests, v, rdata, today) {
    const byId = new Map(rdata.practices.map((p) => [p.id, p]));
    // English names of kinds are lower-cased inside a sentence, as `request new` does; other languages keep theirs
    const lower = (x) => (window.gapcheckText.language() === "en" ? x.toLowerCase() : x);
    const kinds = (ks) => ks.map((k) => lower(rdata.assistance[k] || k)).join(", ");
    const state = md(trim(v["m|state"])), institution = md(trim(v["m|institution"])), respondent = md(trim(v["m|respondent"]));
    const confidential = requests.some((r) => r.confidential), shared = requests.some((r) => !r.confidential);
    const date = trim(v["m|date"]), scale = new Map(rdata.scale.map((s) => [s.level, s.words]));
    const shown = [...requests].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = shown.length, out = [];
    // Each paragraph is one message, with its line breaks in English (those of letter.md.j2)
    const subject = t("Assistance with rehabilitation and reintegration programmes");
    const subjectLine = confidential ? t("%(subject)s (confidential)", { subject }) : subject;
    // Translators: a request's time frame when none is given
    const open = t("open");
    const following = date ? t("Following our self-assessment of %(date)s", { date: longDay(date) }) : t("Following a self-assessment");
    const values = { following, source: rdata.source_title, n };
    out.push(t("# Request for assistance: %(state)s", { state }), "", t("**To:** GCTF Administrative Unit") + "  ",
      t("**From:** %(sender)s", { sender: (institution ? institution + ", " : "") + state }) + "  ", t("**Date:** %(date)s", { date: longDay(today) }) + "  ",
      t("**Subject:** %(subject)s", { subject: subjectLine }), "",
      t("Dear colleagues,"), "",
      tn("%(following)s\nagainst the %(source)s, and in the spirit of its conclusion, which encourages States\n"
        + "to submit requests for assistance to the GCTF Administrative Unit, we would welcome\nassistance with the good practice below.",
      "%(following)s\nagainst the %(source)s, and in the spirit of its conclusion, which encourages States\n"
        + "to submit requests for assistance to the GCTF Administrative Unit, we would welcome\n"
        + "assistance with the %(n)s good practices below, listed in order of priority.", n, values), "",
      t("We are aware that there is no obligation on any State to provide or receive assistance. This\n"
        + "request is our sovereign decision, based on our legal system, priorities, needs and\ncircumstances."), "",
      t("For each request we say below who may see it."));
    if (confidential) {
      out.push(t("We ask that the requests not marked for the other members be treated as **confidential**:\n"
        + "please do not include them in the requests shared with the other GCTF members; when one is\n"
        + "shown to possible providers, please use only its reference, without the name of our State or\nour institutions."));
    }
    if (shared) out.push(t("We are glad for the requests marked for the other members to be shared with them."));
    const heads = [t("Reference"), t("Good practice"), t("Level now"), t("Target"), t("Assistance sought"), t("Time frame")];
    out.push("", t("## Summary"), "", "| " + heads.join(" | ") + " |",
      "|---|---|---:|---:|---|---|",
      ...shown.map((r) => `| ${r.id} | ${r.practice} ${md(byId.get(r.practice).title)} | ${one(r.level)} | ${one(r.target)} | ${kinds(r.kinds)} | ${md(r.time_frame) || open} |`),
      "", t("Levels run from 0 (%(lowest)s) to 4 (%(highest)s).", { lowest: scale.get(0), highest: scale.get(4) }), "", t("## Details"));
    for (const r of shown) {
      const p = byId.get(r.practice);
      out.push("", `### ${r.practice} ${md(p.title)}`, "", t("Reference: %(id)s", { id: r.id }), "",
        r.level !== null ? t("- Where we stand: level %(level)s of 4, against our target of %(target)s.", { level: one(r.level), target: one(r.target) })
          : t("- Where we stand: not yet assessed; our target is %(target)s.", { target: one(r.target) }));
      if (r.elements.length) {
        out.push(t("- Elements below our target:"),
          ...r.elements.map((e) => "  - " + t("%(id)s %(text)s (level %(level)s)",
            { id: e.id, text: md(p.element_texts[p.elements.indexOf(e.id)].replace(/[.。．]+$/, "")), level: e.level })));
      }
      out.push(t("- Assistance sought: %(kinds)s.", { kinds: kinds(r.kinds) }), t("- Who may see this request: %(who)s.", { who: rdata.share_words[r.share] }));
      if (r.time_frame) out.push(t("- Time frame: %(time_frame)s.", { time_frame: md(r.time_frame) }));
      if (r.note) out.push(t("- Note: %(note)s", { note: md(r.note) }));
    }
    const region = trim(v["m|region"]), langs = languages(v["m|languages"]).map((c) => rdata.languages[c] || c).join(", ");
    out.push("", t("## Practical details"), "", t("- Languages we can work in: %(languages)s.", { languages: langs }));
    if (region) out.push(t("- Region: %(region)s.", { region: md(region) }));
    out.push(t("- The requests are attached as a gapcheck requests file, so that the Administrative Unit can\n"
        + "  match them with offers of assistance."), "",
      t("We thank you for your support and remain at your disposal for any further information."), "", t("Yours sincerely,"), "");
    if (respondent) out.push(respondent + "  ");
    if (institution) out.push(institution + "  ");
    out.push(state);
    return out.join("\n") + "\n";
  }

  function save(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    Object.assign(a, { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // act: "requests" or "letter"; v: the form's answers; root: the report, which shows the outcome.
  async function download(act, v, root) {
    const message = root.querySelector(".gc-report__message"), say = (text, alarm) => {
      message.textContent = text;
      message.setAttribute("role", alarm ? "alert" : "status");
    };
    const form = JSON.parse(document.getElementById("gc-form-data").textContent);
    const wrong = window.gapcheckForm.problems(v, form);
    if (wrong.length) { say(t("Not downloaded yet: %(problems)s", { problems: wrong.map((w) => w[1]).join(" ") }), true); return null; }
    const today = isoDay(new Date()), made = await build(v, root.gcData, today);
    if (!made.requests.length) {
      const wanted = t("We would like help with this practice");
      say(t("No practice asks for help yet: under each practice where you would like help, tick '%(wanted)s' and the kinds of help.", { wanted }), true);
      return null;
    }
    const stem = (await slugify(trim(v["m|state"]) || "state")) + "-" + today;
    if (act === "requests") save(stem + "-requests.yaml", toYaml(made.requests, root.gcData), "text/yaml;charset=utf-8");
    else save(stem + "-letter.md", letter(made.requests, v, root.gcData, today), "text/markdown;charset=utf-8");
    // in the words of `request new`'s status line: how many, and who may see them
    const counts = Object.entries(root.gcData.share_short).map(([s, words]) => [made.requests.filter((r) => r.share === s).length, words]);
    const seen = counts.filter(([n]) => n).map(([n, words]) => `${n} ${words}`).join(", ");
    say([t("Downloaded %(n)s request(s): %(seen)s.", { n: made.requests.length, seen }), ...made.hints].join(" "));
    return made;
  }

  window.gapcheckRequests = { build, toYaml, letter, download };
})();
