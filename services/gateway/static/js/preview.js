// Inline file preview: markdown rendered (marked, then sanitized: table comments come from
// business databases), JSON pretty-printed, everything else as text.
import { marked } from "/static/vendor/marked.esm.js";
import { text } from "./api.js";
import { $, h, toast } from "./dom.js";

const MAX_CHARS = 200_000;

function body(name, content) {
  if (name.endsWith(".md")) {
    const div = h("div", { class: "markdown" });
    div.innerHTML = window.DOMPurify.sanitize(marked.parse(content));
    return div;
  }
  if (name.endsWith(".json")) {
    try { content = JSON.stringify(JSON.parse(content), null, 2); } catch { /* shown as is */ }
  }
  return h("pre", { class: "code" }, content);
}

export async function preview(taskId, file) {
  try {
    let content = await text(`/tasks/${taskId}/files/download/${encodeURIComponent(file.file_name)}`);
    if (content.length > MAX_CHARS) content = content.slice(0, MAX_CHARS) + "\n…（已截断）";
    $("#preview-title").textContent = file.file_name;
    $("#preview-body").replaceChildren(body(file.file_name, content));
    const box = $("#preview");
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  } catch (e) { toast(e.message, "error"); }
}
