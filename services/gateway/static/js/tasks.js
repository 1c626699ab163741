// Task list: filters, sort and paging over GET /tasks; rows updated live from /events;
// batch delete behind a confirm dialog that shows what is removed and how much.
import { call, get, stream } from "./api.js";
import { $, $$, badge, h, setBadge, setupLogin, size, toast, when } from "./dom.js";

const PAGE_SIZE = 20;
const state = { page: 1, rows: new Map() };
const body = $("#tasks tbody");

function query() {
  const params = new URLSearchParams({ page: state.page, page_size: PAGE_SIZE });
  for (const [k, v] of new FormData($("#filters"))) {
    if (!v) continue;
    params.set(k, k.startsWith("created_") ? new Date(v + (k === "created_to" ? "T23:59:59" : "T00:00:00")).toISOString() : v);
  }
  return params;
}

function row(t) {
  const progress = h("progress", { max: 100, value: t.progress, "aria-label": "进度" });
  return h("tr", { dataset: { taskId: t.task_id } },
    h("td", {}, h("input", { type: "checkbox", class: "pick", value: t.task_id, "aria-label": `选择 ${t.task_id}` })),
    h("td", {}, h("a", { href: `/ui/tasks/${t.task_id}` }, t.task_name || t.task_id),
      t.task_name ? h("div", { class: "muted small" }, t.task_id) : null),
    h("td", { class: "status" }, badge(t.status)),
    h("td", { class: "progress" }, progress, h("span", { class: "pct" }, `${t.progress}%`)),
    h("td", {}, t.db_name || "—"),
    h("td", {}, t.created_by || "—"),
    h("td", {}, when(t.created_at)));
}

async function load() {
  try {
    const data = await get(`/tasks?${query()}`);
    state.rows = new Map(data.tasks.map((t) => [t.task_id, t]));
    body.replaceChildren(...data.tasks.map(row));
    if (!data.tasks.length) body.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "没有任务")));
    const p = data.pagination;
    $("#page-info").textContent = `第 ${p.page} / ${Math.max(p.total_pages, 1)} 页，共 ${p.total} 个任务`;
    $("#prev").disabled = !p.has_prev;
    $("#next").disabled = !p.has_next;
    updateSelection();
  } catch (e) { toast(e.message, "error"); }
}

function update(t) {
  const tr = body.querySelector(`tr[data-task-id="${t.task_id}"]`);
  if (!tr) return;
  if (t.status) setBadge(tr.querySelector(".status .badge"), t.status);
  if (t.progress != null) {
    tr.querySelector("progress").value = t.progress;
    tr.querySelector(".pct").textContent = `${t.progress}%`;
  }
}

function live() {
  stream("/events", {
    task: (t) => (t.type === "task.created" || t.type === "task.deleted" ? load() : update(t)),
    progress: (e) => update({ task_id: e.task_id, progress: e.progress }),
  }, (open) => $("#live").classList.toggle("on", open));
}

const picked = () => $$(".pick:checked").map((c) => c.value);

function updateSelection() {
  $("#delete-selected").disabled = picked().length === 0;
}

async function footprint(taskId) {
  const data = await get(`/tasks/${taskId}/files`);
  return data.files.reduce((sum, f) => sum + f.file_size, 0);
}

async function confirmDelete() {
  const ids = picked();
  const sizes = await Promise.all(ids.map((id) => footprint(id).catch(() => null)));
  $("#delete-list").replaceChildren(...ids.map((id, i) => h("li", {}, `${id}（${size(sizes[i])}）`)));
  $("#delete-total").textContent = `共 ${ids.length} 个任务，${size(sizes.reduce((a, b) => a + (b || 0), 0))}`;
  const dialog = $("#confirm-delete");
  dialog.returnValue = "";
  dialog.showModal();
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "confirm") return;
    const records = dialog.querySelector("[name=records]").checked;
    try {
      await call("DELETE", "/tasks", { task_ids: ids, confirm: true, delete_database_records: records });
      toast(`已删除 ${ids.length} 个任务`);
    } catch (e) { toast(e.message, "error"); }
    load();
  }, { once: true });
}

$("#filters").addEventListener("submit", (e) => { e.preventDefault(); state.page = 1; load(); });
$("#prev").addEventListener("click", () => { state.page--; load(); });
$("#next").addEventListener("click", () => { state.page++; load(); });
$("#select-all").addEventListener("change", (e) => {
  $$(".pick").forEach((c) => (c.checked = e.target.checked));
  updateSelection();
});
body.addEventListener("change", updateSelection);
$("#delete-selected").addEventListener("click", confirmDelete);

if (setupLogin(() => { load(); live(); })) { load(); live(); }
