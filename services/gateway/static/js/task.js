// Task page: step cards, live progress and log tail from /tasks/{id}/events, executions,
// files with inline preview, run / re-run / cancel / delete.
import { call, get, post, stream } from "./api.js";
import { $, $$, badge, h, setBadge, setupLogin, size, toast, when } from "./dom.js";
import { preview } from "./preview.js";

const taskId = document.body.dataset.taskId;
const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"];
const MAX_LOG_LINES = 1000;
const card = (step) => $(`.step[data-step="${step}"]`);

function showTask(t) {
  $("#task-title").textContent = t.task_name || t.task_id;
  setBadge($("#task-status"), t.status);
  showProgress(t.progress);
  $("#task-meta").textContent = `数据库 ${t.db_name || "—"} · 创建者 ${t.created_by || "—"} · 创建于 ${when(t.created_at)}`;
  for (const [step, status] of Object.entries(t.step_status || {})) showStep(step, status);
  const error = $("#task-error");
  error.hidden = !t.error_message;
  error.textContent = t.error_message || "";
}

function showProgress(value) {
  $("#task-progress").value = value;
  $("#task-progress-text").textContent = `${value}%`;
}

function showStep(step, status, error) {
  const el = card(step);
  if (!el) return;
  setBadge(el.querySelector(".step-status"), status);
  el.querySelector(".run-step").textContent = status === "pending" ? "执行" : "重新执行";
  if (status === "completed") el.querySelector("progress").value = 100;
  if (error !== undefined) {
    const p = el.querySelector(".step-error");
    p.hidden = !error;
    p.textContent = error || "";
  }
}

function stepProgress(step, overall) {
  const el = card(step);
  if (!el) return;
  const [lo, hi] = el.dataset.band.split(",").map(Number);  // the step's share of the task
  el.querySelector("progress").value = Math.round(((overall - lo) / (hi - lo)) * 100);
}

function showDetail(t) {
  showTask(t);
  for (const s of t.steps) {
    const el = card(s.step_name);
    if (!el) continue;
    showStep(s.step_name, s.step_status, s.error_message);
    el.querySelector(".duration").textContent = s.duration != null ? `耗时 ${s.duration.toFixed(2)} 秒` : "";
  }
}

function logLine(entry) {
  return h("li", { class: `lvl-${entry.level}`, dataset: { level: entry.level, step: entry.step_name || "" } },
    h("time", {}, when(entry.timestamp)), " ", h("b", {}, entry.level), " ",
    entry.step_name ? h("span", { class: "muted" }, `[${entry.step_name}] `) : null, entry.message);
}

function logVisible(li) {
  const f = new FormData($("#log-filters"));
  const level = f.get("level"), step = f.get("step");
  return (!level || LEVELS.indexOf(li.dataset.level) >= LEVELS.indexOf(level)) && (!step || li.dataset.step === step);
}

function appendLog(entry) {
  const log = $("#log");
  const li = logLine(entry);
  li.hidden = !logVisible(li);
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  log.append(li);
  while (log.children.length > MAX_LOG_LINES) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

async function loadExecutions() {
  const data = await get(`/tasks/${taskId}/executions`);
  if (!data.executions.length) {
    $("#executions tbody").replaceChildren(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "暂无执行记录")));
    return;
  }
  $("#executions tbody").replaceChildren(...data.executions.map((e) => h("tr", {},
    h("td", { class: "small" }, e.execution_id), h("td", {}, e.step), h("td", {}, badge(e.status)),
    h("td", {}, when(e.started_at)), h("td", {}, e.duration != null ? `${e.duration} 秒` : "—"),
    h("td", {}, e.force_executed ? "是" : "否"), h("td", { class: "error" }, e.error_message || ""))));
}

async function loadFiles() {
  const data = await get(`/tasks/${taskId}/files`);
  $("#files tbody").replaceChildren(...data.files.map((f) => h("tr", {},
    h("td", {}, f.file_name), h("td", {}, f.file_type), h("td", { class: "nowrap" }, size(f.file_size)), h("td", {}, f.step_name || "—"),
    h("td", { class: "ops" },
      h("button", { type: "button", class: "link", onclick: () => preview(taskId, f) }, "预览"),
      h("a", { href: f.download_url, download: f.file_name }, "下载")))));
}

const refresh = () => Promise.all([get(`/tasks/${taskId}`).then(showDetail), loadExecutions(), loadFiles()]).catch((e) => toast(e.message, "error"));
let pending = null;
const refreshSoon = () => { clearTimeout(pending); pending = setTimeout(refresh, 300); };

async function run(step) {
  const body = { step, force_execute: $("#force").checked, clean_previous: $("#clean").checked };
  try {
    await post(`/tasks/${taskId}/execute`, body);
    toast(`已提交执行：${step === "complete" ? "完整工作流" : step}`);
  } catch (e) { toast(`${e.message}${e.code ? ` (${e.code})` : ""}`, "error"); }
}

async function remove() {
  const dialog = $("#confirm-delete");
  const files = await get(`/tasks/${taskId}/files`).catch(() => ({ files: [] }));
  const total = files.files.reduce((s, f) => s + f.file_size, 0);
  $("#delete-size").textContent = `将删除任务目录：${files.files.length} 个文件，共 ${size(total)}。`;
  dialog.returnValue = "";
  dialog.showModal();
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "confirm") return;
    const records = dialog.querySelector("[name=records]").checked;
    try {
      await call("DELETE", `/tasks/${taskId}`, { confirm: true, delete_database_records: records });
      toast("任务已删除");
      location.assign("/");
    } catch (e) { toast(e.message, "error"); }
  }, { once: true });
}

function live() {
  stream(`/tasks/${taskId}/events`, {
    // task.state carries the row; task.created (it may arrive after the page) carries none.
    task: (t) => {
      if (t.type === "task.deleted") toast("任务已被删除", "error");
      else if (t.type === "task.state") showTask(t);
    },
    progress: (e) => { showProgress(e.progress); stepProgress(e.step, e.progress); },
    step: (e) => { showStep(e.step, e.status, e.error ?? undefined); refreshSoon(); },
    execution: () => refreshSoon(),
    log: appendLog,
  });
}

$("#run-complete").addEventListener("click", () => run("complete"));
$$(".run-step").forEach((b) => b.addEventListener("click", () => run(b.dataset.step)));
$("#cancel").addEventListener("click", async () => {
  try { await post(`/tasks/${taskId}/cancel`, {}); toast("已请求取消"); } catch (e) { toast(e.message, "error"); }
});
$("#delete").addEventListener("click", remove);
$("#log-filters").addEventListener("change", () => $$("#log li").forEach((li) => (li.hidden = !logVisible(li))));

if (setupLogin(() => { refresh(); live(); })) { refresh(); live(); }
