// leaflets studio: the editor's behaviour. Plain JavaScript, no build step, no network beyond
// the studio itself. All text from files is set with textContent, never as HTML.
"use strict";

const csrf = document.querySelector('meta[name="studio-csrf"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: {"content-type": "application/json", "x-studio-csrf": csrf},
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({error: "The studio did not answer; is it still running?"}));
  data.status = response.status;
  return data;
}

// A form with a file, posted to the studio; the answer's error (or `refused`) when it fails.
async function postForm(url, data, refused) {
  const response = await fetch(url, {method: "POST", headers: {"x-studio-csrf": csrf}, body: data});
  return response.json().catch(() => ({error: refused}));
}

// After a save: a conflict shows the version on disk (nothing was written); true when saved.
function saved(answer, say, what) {
  const conflict = document.getElementById("conflict");
  conflict.hidden = answer.status !== 409;
  if (answer.status === 409) {
    document.getElementById("disk-version").value = answer.disk;
    say(`Not saved: ${what}. Both versions are shown.`);
  } else if (!answer.base) {
    say("Not saved: " + answer.error);
  }
  return Boolean(answer.base);
}

// fn after ms of quiet; .flush() runs a waiting call now (before saving, say)
function debounce(fn, ms) {
  let timer = null;
  let waiting = null;
  const run = () => { clearTimeout(timer); timer = null; const args = waiting; waiting = null; if (args) fn(...args); };
  const call = (...args) => { waiting = args; clearTimeout(timer); timer = setTimeout(run, ms); };
  call.flush = run;
  return call;
}

function setupLibrary() {
  const form = document.getElementById("new-topic");
  if (!form) return;
  const open = (answer) => {
    if (answer.path) location.href = "/edit?path=" + encodeURIComponent(answer.path);
    else document.getElementById("new-error").textContent = answer.error;
  };
  document.querySelector("table.library").addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-duplicate]");
    if (button) open(await post("/api/duplicate", {path: button.dataset.duplicate}));
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    open(await post("/api/new", {title: document.getElementById("new-title").value}));
  });
  document.getElementById("import-topic").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("import-error");
    const file = document.getElementById("import-file").files[0];
    const data = new FormData();
    if (file) data.append("document", file);
    error.textContent = "";
    const answer = await postForm("/api/import", data, "The import was refused.");
    if (answer.path) location.href = "/edit?imported=1&path=" + encodeURIComponent(answer.path);
    else error.textContent = answer.error;
  });
}

function setupEditor() {
  const editor = document.getElementById("editor");
  if (!editor) return;
  const path = editor.dataset.file;
  let base = editor.dataset.base;
  const source = document.getElementById("source");
  const panel = document.getElementById("panel-form");
  const status = document.getElementById("status");
  let queue = Promise.resolve();
  let previewSeq = 0;

  const say = (text) => { status.textContent = text; };

  function numberLines() {
    const count = source.value.split("\n").length;
    document.getElementById("line-numbers").textContent =
      Array.from({length: count}, (_, i) => String(i + 1)).join("\n");
  }

  async function loadForm() {
    const answer = await post("/api/form", {source: source.value});
    if (answer.form !== undefined) panel.innerHTML = answer.form;  // made by the studio's autoescaping templates
    else { panel.replaceChildren(); const p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert"); p.textContent = answer.error + " Fix it in the Source tab."; panel.append(p); }
  }

  function view() {
    const choice = document.getElementById("view-layout").value;
    return {
      brand: document.getElementById("view-brand").value,
      layout: choice === "large-print" ? "a4" : choice,
      large_print: choice === "large-print",
      deck: choice === "deck",
    };
  }

  function listFinding(list, finding, withLine) {
    const item = document.createElement("li");
    item.className = "finding " + finding.level;
    const where = withLine && finding.line ? "Line " + finding.line + ": " : "";
    const field = finding.field ? finding.field + ": " : "";
    item.textContent = where + (finding.level === "error" ? "Error: " : finding.level === "warning" ? "Check: " : "") + field + finding.message;
    list.append(item);
  }

  function showFindings(findings) {
    document.querySelectorAll(".findings").forEach((list) => list.replaceChildren());
    const whole = document.getElementById("findings");
    for (const finding of findings) {
      const near = finding.block !== null && document.getElementById("findings-" + finding.block);
      listFinding(near || whole, finding, false);
      listFinding(document.getElementById("source-findings"), finding, true);
    }
  }

  // The preview follows the block being edited: its page is scrolled into view and outlined.
  let blockPages = [];
  let editedBlock = null;
  function showEditedPage() {
    const index = editedBlock === null ? null : blockPages[editedBlock];
    const images = document.querySelectorAll("#pages img");
    images.forEach((img, i) => img.classList.toggle("current", i === index));
    const img = index === null || index === undefined ? null : images[index];
    if (!img) return;
    const box = document.querySelector("section.preview");
    const top = img.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTo({top: Math.max(0, top - 60)});
  }
  panel.addEventListener("focusin", (event) => {
    const block = event.target.closest("li.block");
    const index = block ? Number(block.dataset.index) : null;
    if (index !== editedBlock) { editedBlock = index; showEditedPage(); }
  });

  const refresh = debounce(async () => {
    const seq = ++previewSeq;
    say("Updating the preview…");
    const started = performance.now();
    const answer = await post("/api/preview", {path, source: source.value, ...view()});
    if (seq !== previewSeq) return;  // a newer preview is on its way
    showFindings(answer.findings || []);
    const metrics = answer.metrics || {};
    document.getElementById("metrics").textContent = metrics.words
      ? `${metrics.words} words, reading ease ${Math.round(metrics.reading_ease)}, grade ${metrics.grade.toFixed(1)}` : "";
    if (answer.pages && answer.pages.length) {
      showPages(answer.pages, view().deck ? "Slide" : "Page", answer.pdf);
      blockPages = answer.block_pages || [];
      showEditedPage();
      say(`Preview updated in ${Math.round(performance.now() - started)} ms.`);
    } else {
      say("The preview shows the last version that could be drawn: fix the errors marked in red.");
    }
  }, 150);

  function change(body) {
    queue = queue.then(async () => {
      const answer = await post("/api/edit", {source: source.value, ...body});
      if (answer.error) { say(answer.error); return; }
      source.value = answer.source;
      numberLines();
      if (answer.form !== undefined) panel.innerHTML = answer.form;
      refresh();
    });
    return queue;
  }

  const fieldEdits = new Map();
  function fieldChanged(control) {
    const table = control.closest("table[data-kind=table]");
    const target = table || control;
    const key = target.dataset.path;
    if (!fieldEdits.has(key)) fieldEdits.set(key, debounce(() => change(valueOf(target)), 200));
    fieldEdits.get(key)();
  }

  function valueOf(target) {
    const path = JSON.parse(target.dataset.path);
    if (target.dataset.kind === "table") {
      const rows = Array.from(target.tBodies[0].rows, (row) => Array.from(row.querySelectorAll("input"), (i) => i.value));
      return {path, kind: "table", value: {columns: JSON.parse(target.dataset.columns), rows}};
    }
    return {path, kind: target.dataset.kind, value: target.value};
  }

  panel.addEventListener("input", (event) => {
    if (event.target.closest("[data-kind]")) fieldChanged(event.target);
  });
  panel.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.op) {
      fieldEdits.forEach((edit) => edit.flush());  // typed words go in before the form is redrawn
      const kind = button.parentElement.querySelector(".add-kind");
      await change({op: button.dataset.op, index: Number(button.dataset.index), kind: kind ? kind.value : null});
      say("Block " + button.dataset.op + " done.");
    } else if (button.dataset.wrap) {
      const area = button.closest(".field").querySelector("textarea");
      const [start, end] = [area.selectionStart, area.selectionEnd];
      const chosen = area.value.slice(start, end) || "text";
      const wrapped = button.dataset.wrap === "link" ? `[${chosen}](https://)` : button.dataset.wrap + chosen + button.dataset.wrap;
      area.setRangeText(wrapped, start, end, "select");
      area.focus();
      fieldChanged(area);
    } else if (button.id === "upload") {
      upload();
    }
  });

  async function upload() {
    const file = document.getElementById("upload-file").files[0];
    const data = new FormData();
    data.append("path", path);
    data.append("source", source.value);
    data.append("alt", document.getElementById("upload-alt").value);
    if (file) data.append("picture", file);
    const answer = await postForm("/api/upload", data, "The upload was refused.");
    if (answer.error) { document.getElementById("upload-error").textContent = answer.error; return; }
    source.value = answer.source;
    panel.innerHTML = answer.form;
    numberLines();
    refresh();
  }

  source.addEventListener("input", () => { numberLines(); refresh(); });
  document.getElementById("view-brand").addEventListener("change", refresh);
  document.getElementById("view-layout").addEventListener("change", refresh);

  const tabs = [document.getElementById("tab-form"), document.getElementById("tab-source")];
  function choose(tab) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (tab.id === "tab-form") queue = queue.then(loadForm);
    tab.focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => choose(tab));
    tab.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") choose(tabs[1 - i]);
    });
  });

  document.getElementById("save").addEventListener("click", async () => {
    fieldEdits.forEach((edit) => edit.flush());  // words typed just now are part of what is saved
    await queue;
    const answer = await post("/api/save", {path, source: source.value, base});
    if (saved(answer, say, "the file changed on disk since you opened it")) {
      base = answer.base;
      say("Saved " + answer.saved + ".");
    }
  });

  numberLines();
  loadForm();
  refresh();
}

// Build buttons (editor: this topic; library: every topic, zipped) and their download links.
function setupBuild() {
  const section = document.querySelector("section.build");
  if (!section) return;
  const editor = document.getElementById("editor");
  const status = document.getElementById("build-status");
  document.getElementById("build").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    const problems = document.getElementById("build-problems");
    const files = document.getElementById("build-files");
    problems.replaceChildren();
    files.replaceChildren();
    button.disabled = true;
    const library = section.dataset.library === "true";
    status.textContent = library ? "Building… (a whole library takes a minute or two)" : "Building…";
    const answer = await post("/api/build", {
      path: editor ? editor.dataset.file : null,
      library,
      brand: (document.getElementById("build-brand") || document.getElementById("view-brand")).value,  // the editor builds in the brand it shows
      choice: document.getElementById("build-choice").value,
    });
    button.disabled = false;
    for (const problem of answer.problems || [answer.error].filter(Boolean)) {
      const item = document.createElement("li");
      item.className = "finding error";
      item.textContent = problem;
      problems.append(item);
    }
    for (const file of answer.files || []) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/" + file.url;
      link.download = file.name.split("/").pop();
      link.textContent = "Download " + file.name;
      item.append(link);
      files.append(item);
    }
    const made = (answer.files || []).length;
    status.textContent = made ? `Built: ${made} file${made > 1 ? "s" : ""} to download.`
      : "Nothing was built: see the problems below.";
  });
}

// Slide pictures into the #pages box, each with its number as alt text.
// A page whose picture did not change keeps its element: the browser neither fetches nor redraws it.
function showPages(urls, kind, pdf) {
  const pages = document.getElementById("pages");
  const kept = new Map(Array.from(pages.children, (img) => [img.getAttribute("src"), img]));
  pages.replaceChildren(...urls.map((url, i) => {
    const img = kept.get("/" + url) || document.createElement("img");
    kept.delete("/" + url);
    img.setAttribute("src", "/" + url);
    img.alt = `${kind} ${i + 1} of ${urls.length} of the preview`;
    return img;
  }));
  pages.dataset.pdf = pdf;
  return pages;
}

// The talk composer: topics in order, their sections, the slides the build will make.
function setupTalk() {
  const talk = document.getElementById("talk");
  if (!talk) return;
  let path = talk.dataset.file;
  let base = talk.dataset.base;
  const list = document.getElementById("talk-parts");
  const status = document.getElementById("talk-status");
  let seq = 0;

  function state() {
    const parts = Array.from(list.children).filter((li) => li.querySelector(".use").checked).map((li) => ({
      topic: li.dataset.topic,
      sections: Array.from(li.querySelectorAll(".sections input:checked"), (box) => box.value),
    }));
    const minutes = parseInt(document.getElementById("talk-minutes").value, 10);
    return {path, title: document.getElementById("talk-title").value, minutes: Number.isNaN(minutes) ? null : minutes, parts};
  }

  const refresh = debounce(async () => {
    const mine = ++seq;
    const answer = await post("/api/talk/plan", {...state(), brand: document.getElementById("view-brand").value});
    if (mine !== seq) return;
    const problems = document.getElementById("talk-problems");
    problems.replaceChildren(...(answer.problems || []).map((text) => {
      const item = document.createElement("li");
      item.className = "finding error";
      item.textContent = text;
      return item;
    }));
    const count = document.getElementById("talk-count");
    if (answer.slides) {
      count.textContent = `${answer.slides} slides` + (answer.minutes
        ? `: ${answer.minutes} minutes gives about ${answer.seconds} seconds a slide.` : "; give the length in minutes to see the time a slide.");
      showPages(answer.pages, "Slide", answer.pdf);
    } else {
      count.textContent = "No slides yet: choose a topic and give the talk a title.";
    }
  }, 300);

  list.addEventListener("change", refresh);
  talk.addEventListener("input", (event) => { if (event.target.id.startsWith("talk-")) refresh(); });
  document.getElementById("view-brand").addEventListener("change", refresh);
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const item = button.closest("li");
    const other = button.dataset.move === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!other) return;
    if (button.dataset.move === "up") list.insertBefore(item, other); else list.insertBefore(other, item);
    button.focus();
    status.textContent = "Moved " + item.querySelector("legend").textContent + ".";
    refresh();
  });
  document.getElementById("talk-save").addEventListener("click", async () => {
    const answer = await post("/api/talk/save", {...state(), base});
    const say = (text) => { status.textContent = text; };
    if (saved(answer, say, `${answer.path} was changed or made on disk since you opened this page`)) {
      path = answer.path;
      base = answer.base;
      status.textContent = "Saved " + answer.path + ". leaflets build makes its deck.";
    }
  });
  refresh();
}

setupLibrary();
setupEditor();
setupBuild();
setupTalk();
