// The vector store page: counts per type and task, backup sets with restore (a command:
// answered at once or followed on its status URL), and the retrieval preview.
import { call, get, post } from "./api.js";
import { $, h, setupLogin, size, toast } from "./dom.js";

const TRAINING = "/api/v0/training_data";
const TYPES = { ddl: "DDL", documentation: "文档", sql: "问答对", error_sql: "错误 SQL" };
let restoring = null;

async function loadStats() {
  const data = await get(`${TRAINING}/stats`);
  $("#total-count").textContent = data.total_count;
  $("#type-counts tbody").replaceChildren(...Object.entries(data.type_breakdown).map(([k, n]) =>
    h("tr", { dataset: { type: k } }, h("td", {}, TYPES[k] || k), h("td", { class: "count" }, String(n)),
      h("td", {}, `${data.type_percentages[k]}%`))));
  const tasks = Object.entries(data.by_task);
  $("#task-counts tbody").replaceChildren(...tasks.map(([task, n]) => h("tr", {},
    h("td", {}, task ? h("a", { href: `/ui/tasks/${task}` }, task) : "（API 写入）"),
    h("td", {}, String(n)))));
}

function backupRow(location, b) {
  const where = location.type === "global" ? "全局" : location.task_id;
  const restore = h("button", { type: "button", onclick: () => askRestore(location, b) }, "恢复");
  return h("tr", { dataset: { timestamp: b.timestamp, path: location.relative_path } },
    h("td", {}, where), h("td", { class: "mono" }, b.timestamp), h("td", {}, b.backup_date),
    h("td", {}, b.embedding_rows ?? "—"), h("td", {}, size(b.collection_size + b.embedding_size)),
    h("td", { class: "ops" }, restore));
}

async function loadBackups() {
  const data = await get("/vector/restore/list");
  const rows = data.backup_locations.flatMap((loc) => loc.backups.map((b) => backupRow(loc, b)));
  if (!rows.length) rows.push(h("tr", {}, h("td", { colspan: 6, class: "muted" }, "没有备份")));
  $("#backups tbody").replaceChildren(...rows);
}

// A recorded command: its answer now, or its result once GET status_url says it is final.
async function finished(method, path, body) {
  const { data, response } = await call(method, path, body);
  if (response.status !== 202) return data;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const status = await get(data.status_url);
    $("#backup-state").textContent = status.progress ? `进行中 ${status.progress.percent}%` : "进行中";
    if (["completed", "failed", "rejected"].includes(status.status)) {
      if (!status.result.success) throw new Error(status.result.message);
      return status.result.data;
    }
  }
}

async function backupNow() {
  $("#backup-now").disabled = true;
  $("#backup-state").textContent = "备份中…";
  try {
    const data = await finished("POST", "/vector/backup", {});
    toast(`备份完成：${data.timestamp}`);
    await loadBackups();
  } catch (e) {
    toast(e.message, "error");
  } finally {
    $("#backup-now").disabled = false;
    $("#backup-state").textContent = "";
  }
}

function askRestore(location, b) {
  restoring = { backup_path: location.relative_path, timestamp: b.timestamp };
  $("#restore-set").textContent = `${location.relative_path} ${b.timestamp}`;
  $("#confirm-restore").showModal();
}

async function restore(form) {
  const body = { ...restoring, truncate_before_restore: form.truncate.checked, on_conflict: form.on_conflict.value };
  $("#backup-state").textContent = "恢复中…";
  try {
    const data = await finished("POST", "/vector/restore", body);
    const rows = data.restore_results.langchain_pg_embedding?.rows_restored ?? 0;
    toast(`恢复完成：${rows} 条向量`);
    await loadStats();
  } catch (e) {
    toast(e.message, "error");
  } finally {
    $("#backup-state").textContent = "";
  }
}

function resultRow(r, i) {
  const content = r.question ? `${r.question}\n${r.sql}` : r.content;
  return h("tr", { dataset: { type: r.training_data_type } },
    h("td", {}, String(i + 1)), h("td", { class: "mono distance" }, r.distance.toFixed(4)),
    h("td", {}, TYPES[r.training_data_type] || r.training_data_type),
    h("td", {}, h("pre", { class: "code" }, content.length > 300 ? `${content.slice(0, 300)}…` : content)),
    h("td", { class: "small" }, r.source_file || "—", r.task_id ? h("div", { class: "muted" }, r.task_id) : null));
}

async function search(form) {
  const types = [...form.querySelectorAll("input[name=types]:checked")].map((c) => c.value);
  try {
    const data = await post(`${TRAINING}/search`, { question: form.question.value, k: Number(form.k.value), types });
    const rows = data.results.map(resultRow);
    if (!rows.length) rows.push(h("tr", {}, h("td", { colspan: 5, class: "muted" }, "没有结果")));
    $("#results tbody").replaceChildren(...rows);
  } catch (e) {
    toast(e.message, "error");
  }
}

async function start() {
  try {
    await Promise.all([loadStats(), loadBackups()]);
  } catch (e) {
    toast(e.message, "error");
  }
}

$("#backup-now").addEventListener("click", backupNow);
$("#search").addEventListener("submit", (e) => { e.preventDefault(); search(e.target); });
$("#confirm-restore").addEventListener("close", (e) => {
  if (e.target.returnValue === "confirm") restore(e.target.querySelector("form"));
});
if (setupLogin(start)) start();
